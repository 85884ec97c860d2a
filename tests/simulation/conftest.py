"""A small registry built through the services: producers assessed twice (A0 a year before A1, third party)."""

from datetime import date

import pytest

from assay.standards.models import Level
from assay.standards.services import version_derive
from tests.factories import ActorFactory, AssessmentFactory

# A1's answers → how many producers (A0 is at maturity 1 for all). "mixed": modules 1, 2 and 4 (51 of the 115
# points a gold producer can score) at maturity 2, the rest at 1: 100 × (2·51 + 64) / (3·115) = 3320/69 ≈ 48.1
# overall, every module at least 33.3, mitigation at least 2: Progressing (2), below Advanced's 60.
MIXED = {c: "2" for c in ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.4", "4.1", "4.2", "4.3", "4.4", "4.5")}
GROUPS = {"mixed": 6, "3": 5, "1": 5}


@pytest.fixture
def registry(published):
    actors = []
    for maturity, count in GROUPS.items():
        for i in range(count):
            actor = ActorFactory(name=f"Mine {maturity}-{i}", slug=f"mine-{maturity}-{i}", country="CD",
                                 minerals=["gold"])
            AssessmentFactory(actor=actor, version=published, kind="third_party", date=date(2024, 3, 1), maturity="1")
            AssessmentFactory(actor=actor, version=published, kind="third_party", date=date(2025, 3, 1),
                              maturity="1" if maturity == "mixed" else maturity,
                              overrides=MIXED if maturity == "mixed" else None)
            actors.append(actor)
    return actors


@pytest.fixture
def raised(published):
    """A working draft of the published version whose Progressing level asks an overall score of 60 (was 40; as
    much as Advanced)."""
    draft = version_derive(actor=None, version=published, label="0.9")
    Level.objects.filter(version=draft, rank=2).update(overall_min=60)
    return draft
