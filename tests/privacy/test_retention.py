"""The retention job deletes exactly the rows older than their period, and records its run with the counts."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from assay.accounts.models import ApiToken, ApiTokenUse
from assay.audit.models import AuditRecord
from assay.consultation.models import Comment, Response
from assay.consultation.services import comment_dispose
from assay.notifications.models import Notification
from assay.outreach import services as outreach
from assay.outreach.models import Subscription
from assay.privacy.models import PrivacyRequest
from assay.privacy.register import RETENTION_DEFAULTS
from tests.factories import MailingListFactory, ResponseFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
MIDNIGHT = timezone.make_aware(datetime.combine(TODAY, time.min))


def cutoff(key: str) -> datetime:
    return MIDNIGHT - timedelta(days=RETENTION_DEFAULTS[key])


def aged(key: str) -> tuple[datetime, datetime]:
    """A moment just past the period (to delete) and one just within it (to keep)."""
    return cutoff(key) - timedelta(seconds=1), cutoff(key) + timedelta(seconds=1)


def test_the_job_deletes_exactly_the_expired_rows(db, capsys):
    user = UserFactory()
    old, new = aged("notifications")
    for n, at in enumerate((old, new, cutoff("notifications"))):
        Notification.objects.create(user=user, kind="assignment", key=f"k{n}")
        Notification.objects.filter(key=f"k{n}").update(created_at=at)
    token = ApiToken.objects.create(user=user, name="t", digest="d" * 64, expires_on=TODAY)
    for n, at in enumerate(aged("token_uses")):
        ApiTokenUse.objects.create(token=token, user=user, method="GET", surface=f"/s{n}")
        ApiTokenUse.objects.filter(surface=f"/s{n}").update(at=at)
    updates = MailingListFactory()
    subs = {}
    for label, at in zip(("old", "new"), aged("unconfirmed_subscriptions"), strict=True):
        subs[label] = outreach.subscription_request(mailing_list=updates, name=label, email=f"{label}@example.org",
                                                    language="en", base_url="")
        Subscription.objects.filter(pk=subs[label].pk).update(requested_at=at)
    confirmed = outreach.subscription_confirm(subscription=outreach.subscription_request(
        mailing_list=updates, name="kept", email="kept@example.org", language="en", base_url=""))
    Subscription.objects.filter(pk=confirmed.pk).update(requested_at=cutoff("unconfirmed_subscriptions")
                                                        - timedelta(days=400))
    round_ = RoundFactory()
    responses = {label: ResponseFactory(round=round_, name=label, status=status)
                 for label, status in (("old_unverified", "submitted"), ("old_draft", "started"),
                                       ("new_unverified", "submitted"), ("old_confirmed", "confirmed"),
                                       ("old_disposed", "submitted"))}
    comment_dispose(actor=UserFactory(is_staff=True), comment=responses["old_disposed"].comments.get(),
                    decision="noted", response="Thank you")
    old, new = aged("unverified_responses")
    Response.objects.exclude(name="new_unverified").update(created_at=old)
    Response.objects.filter(name="new_unverified").update(created_at=new)

    call_command("apply_retention", "--today", TODAY.isoformat())

    assert set(Notification.objects.values_list("key", flat=True)) == {"k1", "k2"}
    assert list(ApiTokenUse.objects.values_list("surface", flat=True)) == ["/s1"]
    assert set(Subscription.objects.values_list("pk", flat=True)) == {subs["new"].pk, confirmed.pk}
    assert set(Response.objects.values_list("name", flat=True)) == {"new_unverified", "old_confirmed",
                                                                    "old_disposed"}
    assert not Comment.objects.filter(response__name__in=["old_unverified", "old_draft"]).exists()
    run = PrivacyRequest.objects.get(kind="retention")
    assert run.counts == {"unconfirmed_subscriptions": 1, "unverified_responses": 2, "notifications": 1,
                          "token_uses": 1}
    record = AuditRecord.objects.get(action="privacy_retention_apply")
    assert record.details["counts"] == run.counts and record.user is None
    assert "1 unconfirmed_subscriptions" in capsys.readouterr().out

    call_command("apply_retention", "--today", TODAY.isoformat())  # again: nothing more to delete
    assert sum(PrivacyRequest.objects.filter(kind="retention").first().counts.values()) == 0


def test_a_deployment_may_change_a_period(db, settings):
    settings.PRIVACY_RETENTION_DAYS = {"notifications": 10}
    user = UserFactory()
    Notification.objects.create(user=user, kind="assignment", key="eleven")
    Notification.objects.filter(key="eleven").update(created_at=MIDNIGHT - timedelta(days=11))
    call_command("apply_retention", "--today", TODAY.isoformat())
    assert not Notification.objects.exists()
