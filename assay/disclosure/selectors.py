"""Reads of disclosure settings that pages share."""

from assay.domain.disclosure import Disclosure
from assay.registry.models import Actor
from assay.standards.models import DISCLOSURE_LABELS

from .access import DEFAULTS
from .models import ActorDisclosure, DatumKind


def sharing_rows(actor: Actor) -> list[dict]:
    """Each kind of the actor's data that is not public by default: its default, the actor's choice, the options."""
    chosen = dict(ActorDisclosure.objects.filter(actor=actor).values_list("kind", "opened_to"))
    return [{"kind": kind, "label": DatumKind(kind).label, "default": DISCLOSURE_LABELS[default],
             "chosen": chosen.get(kind, ""),
             "options": [(c.code, DISCLOSURE_LABELS[c]) for c in Disclosure if c < default]}
            for kind, default in DEFAULTS.items() if default > Disclosure.PUBLIC]
