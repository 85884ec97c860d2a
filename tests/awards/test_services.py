"""Awards' services: eligibility from the version's rules, a jury seated by the secretariat only, conflicts that
shut a juror out of one candidate, the candidate's own consent, private scores, the decision, the seal after the
announcement and the correction that links to what it corrects."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assay.audit.models import AuditRecord
from assay.awards import services
from assay.awards.models import Award, Conflict, Decision, Juror, Nomination, Score
from assay.awards.pack import may_open
from assay.awards.selectors import current_decision, visible_scores
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_award_nominates_its_shortlist_and_records_eligibility(award, shortlist):
    assert [n.actor_id for n in award.nominations.all()] == [e.actor_id for e in shortlist.entries.all()]
    assert award.nominations.count() >= 2
    assert award.eligibility["shortlists"] == ["third_party"]
    assert award.eligibility["min_interval_days"] == 180
    assert award.name_fr == "Producteur le plus amélioré 2025" and award.prize_fr == ""
    assert AuditRecord.objects.filter(action="award_create", object_id=str(award.pk)).exists()


def test_only_the_secretariat_makes_awards_and_seats_jurors(shortlist, published, award, member):
    with pytest.raises(PermissionDenied):
        services.award_create(actor=member, shortlist=shortlist, version=published, category="most_improved",
                              names={"en": "x"}, prizes={"en": "x"}, descriptions={"en": "x"},
                              organisations=["RMI"])
    with pytest.raises(PermissionDenied):
        services.juror_add(actor=member, award=award, user=member, organisation="LBMA")
    assert not Juror.objects.filter(user=member).exists()


def test_a_category_must_match_the_shortlist_and_a_juror_an_organisation(shortlist, published, secretariat, award):
    with pytest.raises(ValidationError) as exc:
        services.award_create(actor=secretariat, shortlist=shortlist, version=published, category="enabled_impact",
                              names={"en": "x"}, prizes={"en": "x"}, descriptions={"en": "x"}, organisations=["RMI"])
    assert "shortlist" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.juror_add(actor=secretariat, award=award, user=UserFactory(), organisation="Enough Project")


def test_one_chair_per_jury(jury, award, secretariat):
    with pytest.raises(ValidationError):
        services.juror_add(actor=secretariat, award=award, user=UserFactory(), organisation="LBMA", chair=True)


def test_a_conflicted_juror_neither_opens_the_pack_nor_scores(jury, award):
    juror = jury["users"]["juror"]
    first, second = award.nominations.all()[:2]
    services.score_record(actor=juror, nomination=first, value=7, comment="Strong")
    assert may_open(juror, first)
    services.conflict_declare(actor=juror, nomination=first, note="I advised them in 2024")
    assert not may_open(juror, first) and may_open(juror, second)
    assert not Score.objects.filter(juror__user=juror, nomination=first).exists(), "the earlier score still counts"
    with pytest.raises(PermissionDenied):
        services.score_record(actor=juror, nomination=first, value=9)
    services.score_record(actor=juror, nomination=second, value=5)
    with pytest.raises(ValidationError):
        Conflict.objects.get().delete()


def test_only_jurors_score_and_outsiders_get_no_pack(award, jury, member):
    nomination = award.nominations.first()
    with pytest.raises(PermissionDenied):
        services.score_record(actor=member, nomination=nomination, value=10)
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=member, nomination=nomination)
    assert not may_open(member, nomination)


def test_consent_is_the_candidates_admin_only(award, jury, member):
    nomination = award.nominations.first()
    with pytest.raises(PermissionDenied):
        services.consent_give(actor=jury["users"]["chair"], nomination=nomination)
    assert not Nomination.objects.get(pk=nomination.pk).consented
    services.consent_give(actor=member, nomination=nomination)
    assert Nomination.objects.get(pk=nomination.pk).consented
    services.consent_withdraw(actor=member, nomination=nomination)
    assert not Nomination.objects.get(pk=nomination.pk).consented
    assert AuditRecord.objects.filter(action__in=["award_consent", "award_consent_withdraw"]).count() == 2


def test_scores_are_private_until_the_decision(award, jury):
    chair, juror = jury["users"]["chair"], jury["users"]["juror"]
    first = award.nominations.first()
    services.score_record(actor=chair, nomination=first, value=8)
    services.score_record(actor=juror, nomination=first, value=6)
    assert [s.value for s in visible_scores(juror, award)] == [6]
    assert [s.value for s in visible_scores(chair, award)] == [8]
    services.decision_record(actor=chair, award=award, winner=first, rationale="Largest verified progress")
    assert sorted(s.value for s in visible_scores(juror, award)) == [6, 8]
    with pytest.raises(ValidationError):
        services.score_record(actor=juror, nomination=first, value=9)


def test_only_the_chair_decides(award, jury):
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=jury["users"]["juror"], award=award, winner=award.nominations.first(),
                                 rationale="Me")
    assert not Decision.objects.exists()


def test_a_chair_conflicted_with_a_candidate_cannot_choose_it(award, jury):
    chair = jury["users"]["chair"]
    first, second = award.nominations.all()[:2]
    services.conflict_declare(actor=chair, nomination=first, note="A former client")
    with pytest.raises(ValidationError) as refused:
        services.decision_record(actor=chair, award=award, winner=first, rationale="Largest progress")
    assert "conflict of interest" in str(refused.value.message_dict["winner"])
    assert not Decision.objects.exists()
    decision = services.decision_record(actor=chair, award=award, winner=second, rationale="Steady progress")
    services.award_announce(actor=chair, award=award)
    with pytest.raises(ValidationError):  # nor through a correction
        services.decision_correct(actor=chair, award=award, winner=first, rationale="On second thoughts")
    assert current_decision(award) == decision


def test_nothing_changes_after_the_announcement_and_a_correction_links(award, jury, member, secretariat):
    chair = jury["users"]["chair"]
    first, second = award.nominations.all()[:2]
    services.score_record(actor=chair, nomination=first, value=8)
    decision = services.decision_record(actor=chair, award=award, winner=first, rationale="Largest progress")
    services.award_announce(actor=chair, award=award)
    award = Award.objects.get(pk=award.pk)
    assert award.announced
    attempts = [
        lambda: services.consent_give(actor=member, nomination=second),
        lambda: services.conflict_declare(actor=jury["users"]["juror"], nomination=second),
        lambda: services.juror_add(actor=secretariat, award=award, user=UserFactory(), organisation="LBMA"),
        lambda: services.award_announce(actor=chair, award=award),
        lambda: award.save(),
        lambda: Award.objects.filter(pk=award.pk).update(prize_en="More"),
        lambda: Score.objects.filter(juror__award=award).update(value=1),
        lambda: Nomination.objects.filter(award=award).delete(),
        lambda: Decision.objects.get(pk=decision.pk).save(),
        lambda: Decision.objects.filter(pk=decision.pk).update(rationale="Other"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    correction = services.decision_correct(actor=chair, award=award, winner=second,
                                           rationale="The first winner's audit was withdrawn")
    assert correction.corrects_id == decision.pk and correction.announced_at is not None
    assert current_decision(award) == correction
    assert Decision.objects.get(pk=decision.pk).rationale == "Largest progress"  # the original stays as it was
    assert AuditRecord.objects.filter(action="award_correct", object_id=str(correction.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.decision_correct(actor=jury["users"]["juror"], award=award, winner=first, rationale="x")


def test_a_correction_needs_an_announcement(award, jury):
    with pytest.raises(ValidationError):
        services.decision_correct(actor=jury["users"]["chair"], award=award, winner=award.nominations.first(),
                                  rationale="x")
