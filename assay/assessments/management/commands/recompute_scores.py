import time
from datetime import date

from django.core.management.base import BaseCommand

from assay.assessments.recompute import console_report, recompute


class Command(BaseCommand):
    help = "Recompute every stored score, progress and enabled impact, set-based. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="enabled-impact period start")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="enabled-impact period end")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument("--from-answers", action="store_true",
                            help="sum every answer again instead of reading the stored tallies")

    def handle(self, start=None, end=None, quiet=False, from_answers=False, **options):
        t0 = time.perf_counter()
        counts = recompute(start, end, report=(lambda *a: None) if quiet else console_report,
                           from_answers=from_answers)
        self.stdout.write(f"Recomputed {counts['assessments']} assessments, {counts['progress']} progress figures, "
                          f"{counts['enabled_impact']} enabled-impact figures in {time.perf_counter() - t0:.1f} s")
