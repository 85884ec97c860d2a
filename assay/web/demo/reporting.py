"""The demo's award shortlists: last year's top producers per country and top downstream actors, frozen."""

from assay.reporting import rankings, services
from assay.reporting.models import Shortlist


def load_demo_shortlists(user) -> int:
    if Shortlist.objects.exists():
        return Shortlist.objects.count()
    start, end = rankings.default_period()
    services.shortlist_freeze(user, title=f"Progress award {start.year}: producers, per country",
                              category="producers", start=start, end=end, size=3, group_by="country")
    services.shortlist_freeze(user, title=f"Engagement award {start.year}: buyers and financiers",
                              category="downstream", start=start, end=end, size=5)
    return Shortlist.objects.count()
