import pytest
from django.core.exceptions import ValidationError

from assay.alignment import services
from assay.alignment.models import AlignmentRating
from assay.alignment.selfcheck import compare, self_check
from assay.audit.models import AuditRecord
from assay.standards import services as standards
from assay.web.demo.loader import load_demo_alignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def aligned(demo):
    load_demo_alignment(None, demo)
    return demo


def test_the_demo_standards_self_check_lists_a_partially_aligned_item_with_its_reason(aligned):
    check = self_check(aligned[0])
    partial = {r.item.code: r for r in check.rows if r.rating == "partial"}
    assert "S1.E" in partial
    assert "anonymous complaints" in partial["S1.E"].reason
    assert [c.code for c in partial["S1.E"].criteria] == ["1.4"]
    assert partial["S1.E"] in check.gaps
    assert check.counts["full"] + check.counts["partial"] + check.counts["not"] == len(check.rows)


def test_the_revision_improves_the_grievance_item_and_the_comparison_says_so(aligned):
    changes = {c.item.code: c for c in compare(*aligned)}
    assert changes["S1.E"].direction == "improved"
    assert changes["S1.A"].direction == "unchanged"
    assert AuditRecord.objects.filter(action="alignment_rate", summary__contains="S1.E").count() == 1


def test_a_criterion_missing_from_a_later_version_counts_no_more(aligned):
    draft = standards.version_derive(actor=None, version=aligned[1], label="0.3")
    services.alignment_seed(actor=None, version=draft)
    from assay.standards.models import Criterion

    standards.content_delete(actor=None, objs=[Criterion.objects.get(version=draft, key="money-laundering")])
    change = {c.item.code: c for c in compare(aligned[1], draft)}["A2.12"]
    assert (change.old.rating, change.new.rating, change.direction) == ("full", "not", "regressed")
    assert change.new.missing == ["money-laundering"]


def test_a_published_versions_alignment_is_frozen(aligned):
    with pytest.raises(ValidationError):
        services.alignment_rate(actor=None, version=aligned[0], item="S3.A", rating="not", criteria=[],
                                reason="Edited after publication")
    assert AlignmentRating.objects.get(version=aligned[0], item="S3.A").reason.startswith("No criterion")


def test_a_rating_is_refused_with_every_reason(aligned):
    with pytest.raises(ValidationError) as exc:
        services.alignment_rate(actor=None, version=aligned[1], item="S9.Z", rating="full",
                                criteria=["no-such-key"], reason=" ")
    assert len(exc.value.messages) == 3


def test_seeding_twice_writes_nothing(aligned):
    assert services.alignment_seed(actor=None, version=aligned[0]) == 0
