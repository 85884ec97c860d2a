"""The simulation's background work: the run itself, queued by services.simulation_start after its commit."""

from django_tasks import task

from .services import simulation_run


@task()
def run_simulation_task(simulation_id: int) -> str:
    return str(simulation_run(simulation_id=simulation_id).status)
