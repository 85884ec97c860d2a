"""Deployment checks (`manage.py check --deploy`) for what Assay's own protections need from the settings."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@register(Tags.security, deploy=True)
def shared_cache(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """The rate limits count in the default cache: a per-process one lets each worker count alone."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [Warning(
            "The default cache is per process, so the rate limits count per worker, not per client.",
            hint="Set CACHE_URL to a cache every worker shares, e.g. redis://cache:6379/1.", id="assay.W001")]
    return []
