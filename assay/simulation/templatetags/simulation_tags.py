"""What a consultation round's page shows of the simulation app (a lower app's page, a higher app's fragment):
links to the public summaries of the simulations attached to the round."""

from typing import Any

from django import template

from assay.simulation.models import Simulation, SimulationStatus

register = template.Library()


@register.inclusion_tag("simulation/_round_summaries.html")
def round_simulations(round_: Any) -> dict[str, Any]:
    return {"simulations": list(Simulation.objects.filter(round=round_, status=SimulationStatus.DONE)
                                .order_by("-attached_at"))}
