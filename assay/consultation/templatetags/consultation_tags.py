"""Fragments of the consultation that pages of the apps below it show (a template tag, so the standards app
imports nothing from here)."""

from django import template

from assay.consultation.models import Round, RoundKind
from assay.standards.models import StandardVersion

register = template.Library()


@register.simple_tag
def open_public_round(version: StandardVersion) -> Round | None:
    """The public round open on `version` now, if any: where a reader of a clause may comment on it."""
    rounds = [r for r in Round.objects.filter(version=version, kind=RoundKind.PUBLIC) if r.status() == "open"]
    return rounds[0] if rounds else None
