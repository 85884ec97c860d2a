"""Send the day's reminders (commitments due within 14 days or lapsed, requests overdue). Meant for cron or a
systemd timer, once a day; running it again sends nothing twice."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assay.assessments.services import reminders_send


class Command(BaseCommand):
    help = "Send the day's reminders; safe to run again (each reminder reaches each person once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="The day to remind as of (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        told = reminders_send(options["today"])
        self.stdout.write(f"reminders sent: {told.due_soon} commitments due soon, {told.lapsed} lapsed, "
                          f"{told.requests_overdue} requests overdue")
