"""A shortlist's title is bounded and cleaned like every other free text."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assay.lib.text import NAME_MAX
from assay.reporting import services
from assay.reporting.models import Shortlist

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", ["T" * (NAME_MAX + 1), "Award\x00 2025"])
def test_a_too_long_title_or_a_nul_freezes_nothing(title):
    with pytest.raises(ValidationError):
        services.shortlist_freeze(actor=None, title=title, category="producers", start=date(2025, 1, 1),
                                  end=date(2025, 12, 31), size=3)
    assert not Shortlist.objects.exists()
