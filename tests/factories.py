"""Builders for test data (no fixtures here, so any test module can import them)."""

from assay.assessments import services
from assay.standards.models import Criterion


def full_answers(version, role="producer", maturity="2", overrides=None):
    """An answer for every criterion applying to `role`: gates clear, scored at `maturity`, indicators 10."""
    out = {}
    for c in Criterion.objects.filter(version=version).applicable_to(role):
        value = {"gate": "clear", "indicator": "10"}.get(c.kind, maturity)
        out[c.pk] = services.AnswerInput((overrides or {}).get(c.code, value))
    return out
