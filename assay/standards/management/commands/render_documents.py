"""Render and keep every frozen version's downloads (PDF in each language, YAML), e.g. after a deployment that
changed a template or a translation, so that no reader waits for WeasyPrint. Run it where no worker renders them
on publication; it renders only what the store lacks."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from assay.standards.documents import version_documents_render
from assay.standards.models import FROZEN_STATUSES, StandardVersion


class Command(BaseCommand):
    help = "Render the downloads of every published or retired version that the document store lacks."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for version in StandardVersion.objects.filter(status__in=FROZEN_STATUSES).select_related("standard"):
            started = time.perf_counter()
            count = version_documents_render(version)
            total += count
            self.stdout.write(f"{version.standard.slug} {version.label}: {count} rendered "
                              f"in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"{total} documents rendered")
