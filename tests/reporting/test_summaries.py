"""Summaries (reporting.summaries): the stored figures are the live computation's, a committed change queues one
refresh that brings the pages up to date, and a summary behind the data is shown with its date and a note."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from assay.assessments.models import AssessmentKind
from assay.audit.services import data_changed, data_version
from assay.reporting import impact, labels, rankings, summaries
from assay.reporting.models import ReportSnapshot, SummaryQueue
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
PERIOD = "?from=2025-01-01&to=2025-12-31"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def period(settings):
    settings.ASSAY_SUMMARY_PERIOD = "2025-01-01:2025-12-31"  # the chain's year, whatever today is


def facts(ranked):
    return [(r.rank, r.candidate.actor, r.candidate.name, r.candidate.value, r.candidate.level, r.candidate.on,
             r.candidate.level_public, r.candidate.open_tier1_breach, labels.load(labels.dump(r.candidate.detail)))
            for r in ranked]


def test_the_summaries_hold_the_live_figures(chain):
    took = summaries.summaries_refresh(actor=None, force=True)
    assert set(took) >= {"producers", "downstream", "impact"}
    for category, live in (("producers", rankings._producers(START, END, rankings.ALL)),
                           ("downstream", rankings._downstream(START, END, rankings.ALL))):
        kept = summaries.ranking(category, START, END)
        assert isinstance(kept, summaries.StoredRanking) and not kept.as_of.stale
        assert facts(kept.ranked) == facts(live.ranked) and len(kept.ranked) == len(live.ranked) > 0
        assert [(e.candidate.actor, e.reason) for e in kept.excluded] == [
            (e.candidate.actor, e.reason) for e in live.excluded]
        assert kept.excluded_counts() == live.excluded_counts()
    for category, filters in (("producers", rankings.Filters(country="PE")), ("producers", rankings.Filters(
            mineral="tin")), ("downstream", rankings.Filters(role="refiner")), ("downstream", rankings.Filters(
            country="PE"))):
        # read from the stored rows, ranked again (summaries.derivable)
        kept = summaries.ranking(category, START, END, filters)
        live = (rankings._producers if category == "producers" else rankings._downstream)(START, END, filters)
        assert kept.as_of is not None and facts(kept.ranked) == facts(live.ranked) and live.ranked
        assert [(e.candidate.actor, e.reason) for e in kept.excluded] == [
            (e.candidate.actor, e.reason) for e in live.excluded]
    assert summaries.ranking("downstream", START, END, rankings.Filters(mineral="gold")).as_of is None  # computed
    top = rankings._downstream(START, END, rankings.ALL).ranked[0]
    credit, as_of = summaries.credit(int(top.candidate.actor), START, END)
    assert as_of is not None and credit == rankings._credit(int(top.candidate.actor), START, END)
    kept_report, as_of = summaries.impact_figures(START, END, rankings.ALL)
    assert as_of is not None and not as_of.stale
    live_report = impact._build(START, END, rankings.ALL, 5)
    for lang in ("en", "fr"):
        with translation.override(lang):
            assert impact.resolve(kept_report) == impact.resolve(live_report)
    with translation.override("fr"):
        titles = [t.title for t in impact.resolve(kept_report).tables]
    assert "Couverture" in titles  # translated when shown, from the one stored copy


def test_a_change_then_the_task_updates_the_page(chain, published, secretariat, client,
                                                 django_capture_on_commit_callbacks):
    url = reverse("reporting:ranking", args=["producers"]) + PERIOD
    assert "P New" not in client.get(url).content.decode()  # no progress yet: not ranked
    before = summaries.stored("producers", START, END)
    assert before is not None
    with django_capture_on_commit_callbacks(execute=True):
        AssessmentFactory(actor=chain["p-new"], version=published, kind=AssessmentKind.THIRD_PARTY,
                          date=date(2025, 12, 20), maturity="3", reviewer=secretariat)  # p-new now has progress
    after = summaries.stored("producers", START, END)
    assert after is not None and after.data_version == data_version() > before.data_version
    page = client.get(url).content.decode()
    assert "P New" in page and "being refreshed" not in page


def test_a_summary_behind_the_data_is_shown_with_its_date_and_a_note(chain, client):
    url = reverse("reporting:impact") + PERIOD
    first = client.get(url).content.decode()
    assert "being refreshed" not in first
    data_changed()  # a change whose refresh a worker has queued and not run yet
    SummaryQueue.objects.filter(pk=1).update(queued=True)
    page = client.get(url)
    assert page.status_code == 200 and "being refreshed" in page.content.decode()
    assert "Coverage" in page.content.decode()  # the stored figures, not a blank page
    for name in ("producers", "downstream"):
        assert "being refreshed" in client.get(reverse("reporting:ranking", args=[name]) + PERIOD).content.decode()


@override_settings(TASKS=DB_QUEUE)
def test_many_changes_queue_one_refresh(chain):
    """With a worker's queue: the first change queues the refresh, the next ones find it queued."""
    queued = [summaries.request_refresh() for _change in range(5)]
    assert queued == [True, False, False, False, False]
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_summaries").count() == 1
    summaries.refresh_summaries.call()  # the worker starts it: the next change queues another
    assert summaries.request_refresh() is True


def test_a_refresh_with_nothing_new_rebuilds_nothing(chain):
    summaries.summaries_refresh(actor=None, force=True)
    stamps = dict(ReportSnapshot.objects.values_list("name", "computed_at").filter(name="impact"))
    assert summaries.summaries_refresh(actor=None) == {}
    assert dict(ReportSnapshot.objects.values_list("name", "computed_at").filter(name="impact")) == stamps


def test_the_impact_pdf_is_kept_for_the_summary(chain, client):
    from assay.lib import documents

    url = reverse("reporting:impact_file", args=["pdf"]) + PERIOD
    first = client.get(url)
    renders = documents.RENDERS["impact-pdf"]
    again = client.get(url)
    assert first.content == again.content and first.content.startswith(b"%PDF")
    assert documents.RENDERS["impact-pdf"] == renders  # the second download read the stored file


def test_a_bulk_load_refreshes_once_at_its_end(chain, published, secretariat, django_capture_on_commit_callbacks):
    summaries.summaries_refresh(actor=None, force=True)
    before = summaries.stored("producers", START, END).data_version
    with summaries.one_refresh_after():
        with django_capture_on_commit_callbacks(execute=True):
            AssessmentFactory(actor=chain["p-new"], version=published, kind=AssessmentKind.THIRD_PARTY,
                              date=date(2025, 12, 20), maturity="3", reviewer=secretariat)
        assert summaries.stored("producers", START, END).data_version == before  # not refreshed inside
    assert summaries.stored("producers", START, END).data_version == data_version() > before
