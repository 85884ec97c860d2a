from django.core.management.base import BaseCommand, CommandError

from assay.consultation import services
from assay.consultation.models import Round


class Command(BaseCommand):
    help = ("Group a consultation round's comments into near-duplicate groups (campaigns) again from scratch, "
            "replacing the groups kept as comments arrived (audited when that changes them).")

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="the round's id")

    def handle(self, *args, **options):
        round_ = Round.objects.filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"no round {options['round']}")
        result = services.comments_regroup(actor=None, round_=round_)
        self.stdout.write(f"Round {round_.pk}: {result.comments} comments in {result.groups} groups (were "
                          f"{result.groups_before}); " + ("groups changed" if result.changed else "nothing changed"))
