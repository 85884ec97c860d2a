"""Remind committee members of their action items falling due within a week or overdue. Meant for the same daily
timer as send_reminders; running it again sends nothing twice."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assay.governance.services import REMIND_DAYS_AHEAD, action_reminders_send


class Command(BaseCommand):
    help = "Remind owners of action items due soon or overdue; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="The day to remind as of (YYYY-MM-DD).")
        parser.add_argument("--days", type=int, default=REMIND_DAYS_AHEAD, help="How many days ahead to remind.")

    def handle(self, *args: Any, **options: Any) -> None:
        told = action_reminders_send(options["today"], options["days"])
        self.stdout.write(f"action item reminders sent: {told.due_soon} due soon, {told.overdue} overdue")
