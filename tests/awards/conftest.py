"""An award made from a shortlist of the reporting chain's producers, with a jury of three (one chair)."""

from datetime import date

import pytest

from assay.awards import services
from assay.reporting.services import shortlist_freeze
from tests.factories import UserFactory
from tests.reporting.conftest import chain  # noqa: F401  (a fixture)


@pytest.fixture
def shortlist(chain, secretariat):  # noqa: F811
    return shortlist_freeze(actor=secretariat, title="Producers", category="producers", start=date(2024, 6, 1),
                            end=date(2025, 12, 31), size=5)


@pytest.fixture
def award(shortlist, published, secretariat):
    return services.award_create(
        actor=secretariat, shortlist=shortlist, version=published, category="most_improved",
        names={"en": "Most improved producer 2025", "fr": "Producteur le plus amélioré 2025"},
        prizes={"en": "USD 10,000 and a study visit"},
        descriptions={"en": "For the producer whose verified progress was greatest.",
                      "fr": "Pour le producteur dont le progrès vérifié fut le plus grand."},
        organisations=["LBMA", "Global Witness"])


@pytest.fixture
def jury(award, secretariat):
    users = {name: UserFactory(username=name, email=f"{name}@example.org") for name in ("chair", "juror", "other")}
    seats = {"chair": services.juror_add(actor=secretariat, award=award, user=users["chair"], organisation="LBMA",
                                         chair=True),
             "juror": services.juror_add(actor=secretariat, award=award, user=users["juror"],
                                         organisation="Global Witness"),
             "other": services.juror_add(actor=secretariat, award=award, user=users["other"], organisation="LBMA")}
    return {"users": users, "seats": seats}
