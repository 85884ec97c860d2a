"""Fragments of reporting that pages of the apps below it show (a template tag, so the assessments app imports
nothing from here): the reports other actors shared with a buyer, on the buyer's dashboard."""

from typing import Any

from django import template

from assay.registry.models import Actor, Membership
from assay.reporting.models import ReportShare

register = template.Library()


@register.simple_tag
def reports_shared_with(actor: Actor, user: Any) -> list[ReportShare]:
    """The full reports shared with `actor` and not revoked, newest first: for its own members (and superusers)
    only, as what an actor was sent is its own business."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not (user.is_superuser or Membership.objects.filter(user=user, actor=actor).exists()):
        return []
    return list(ReportShare.objects.filter(buyer=actor, revoked_at__isnull=True)
                .select_related("assessment__actor").order_by("-shared_at", "-id")[:50])
