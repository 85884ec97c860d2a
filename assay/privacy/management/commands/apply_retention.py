"""Apply the retention periods of personal data (assay.privacy.register): meant for cron or a systemd timer, once a
day beside send_reminders; running it again deletes nothing more."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assay.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Delete personal data older than its retention period; audited with the counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="The day to apply the periods as of (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        run = retention_apply(actor=None, today=options["today"])
        self.stdout.write("retention: " + ", ".join(f"{n} {key}" for key, n in run.counts.items()) + " deleted")
