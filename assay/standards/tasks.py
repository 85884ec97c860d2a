"""The standard's background work: a version's downloads rendered ahead of its first reader."""

from django_tasks import task

from .documents import version_documents_render
from .models import StandardVersion


@task()
def render_version_documents(version_ids: list[int]) -> int:
    """Render and keep the downloads of these versions (publishing one retires another: both change)."""
    return sum(version_documents_render(v) for v in StandardVersion.objects.filter(pk__in=version_ids))
