"""Fragments of the body's record that pages of the apps below it show (a template tag, so the standards app
imports nothing from here)."""

from django import template
from django.urls import reverse

from assay.standards.models import Criterion, StandardVersion

register = template.Library()


@register.simple_tag
def why_url(version: StandardVersion, criterion: Criterion) -> str:
    """The page that explains why `criterion` reads as it does in `version`."""
    return reverse("governance:why", args=[version.standard.slug, version.label, criterion.code])


@register.simple_tag
def justification_url(version: StandardVersion) -> str:
    return reverse("governance:report", args=[version.standard.slug, version.label])
