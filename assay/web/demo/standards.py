"""The demo standard: draft 0.1, published for the pilot assessments, and its revision 0.2, open for consultation.

0.2 carries edits a committee might make after the pilots, so the public redline 0.1 → 0.2 shows an added, a
removed, a moved and a reworded criterion, and its translations show as missing or outdated where they are.
"""

from pathlib import Path

from django.db import transaction

from assay.standards import services
from assay.standards.models import Criterion, Module, StandardVersion

DEMO_FILE = Path(__file__).parent / "mes-0.1.yaml"


@transaction.atomic
def load_demo_standard(user=None) -> list[StandardVersion]:
    """Load the demo versions once; a second call changes nothing."""
    v1 = StandardVersion.objects.filter(standard__slug="mes", label="0.1").first()
    if v1 is None:
        v1 = services.version_import(user, DEMO_FILE.read_bytes())
        v1 = services.version_publish(user, v1)
    v2 = StandardVersion.objects.filter(standard__slug="mes", label="0.2").first()
    if v2 is None:
        v2 = services.version_derive(user, v1, "0.2")
        _edit_revision(user, v2)
        v2 = services.version_open_consultation(user, v2)
    return [v1, v2]


def _edit_revision(user, version: StandardVersion) -> None:
    version.title_en = "Market Entry Standard — draft 0.2"
    version.title_fr = "Norme d'accès au marché — projet 0.2"
    version.title_es = "Estándar de Acceso al Mercado — borrador 0.2"
    services.content_save(user, version, ["title"])

    # A word-level change to the English text only: French and Spanish now show as outdated.
    grievance = Criterion.objects.get(version=version, key="grievance-mechanism")
    grievance.text_en = grievance.text_en.rstrip(".") + ", and it accepts anonymous complaints."
    services.content_save(user, grievance, ["text_en"])

    # Points raised on one mitigation criterion.
    taxes = Criterion.objects.filter(version=version, module__code="4").order_by("-position").first()
    taxes.points += 1
    services.content_save(user, taxes, ["points"])

    # Training moves next to the policy: renumbered within module 1.
    training = Criterion.objects.get(version=version, key="policy-training")
    training.code = "1.0"
    training.position = 0
    services.content_save(user, training, ["code", "position"])

    # A new criterion, in English only so far: French and Spanish show as missing.
    module = Module.objects.get(version=version, code="5")
    last = module.criteria.order_by("-position").first()
    services.content_save(user, Criterion(
        version=version, module=module, key="emergency-preparedness", code="5.8", position=last.position + 1,
        kind="practice", points=3, applies_to=["producer"], disclosure="network", risk=True,
        oecd_step=module.oecd_step, timeline_months=12,
        title_en="Emergency preparedness",
        text_en="The producer has an emergency plan for pit collapse, flooding and fire, known to every worker "
                "and practised at least once a year.",
        guidance_en="Look for a written or pictorial plan, assigned roles and the date of the last drill.",
        evidence_en="The plan, the drill record, and interviews with workers on what they would do.",
    ))

    # One criterion dropped after consultation.
    dropped = Criterion.objects.filter(version=version, module__code="7").order_by("-position").first()
    services.content_delete(user, dropped)
