"""Reads of disclosure settings that pages share."""

from assay.domain.disclosure import Disclosure
from assay.registry.models import Actor
from assay.standards.models import Disclosure as Labels

from .access import DEFAULTS
from .models import ActorDisclosure, DatumKind


def sharing_rows(actor: Actor) -> list[dict]:
    """Each kind of the actor's data that is not public by default: its default, the actor's choice, the options."""
    chosen = dict(ActorDisclosure.objects.filter(actor=actor).values_list("kind", "opened_to"))
    labels = dict(Labels.choices)
    return [{"kind": kind, "label": DatumKind(kind).label, "default": labels[default.name.lower()],
             "chosen": chosen.get(kind, ""),
             "options": [(c.name.lower(), labels[c.name.lower()]) for c in Disclosure if c < default]}
            for kind, default in DEFAULTS.items() if default > Disclosure.PUBLIC]
