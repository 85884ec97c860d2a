"""Rankings, enabled impact and the impact report at scale, on PostgreSQL with the reference registry.

Usage: .venv/bin/python bench/reporting_scale.py [--small] [--database-url URL] [--period 2025-01-01:2025-12-31]
       [--repeat 3] [--pages-only]

Builds the reference registry of bench/scoring_scale.py if its database is missing or holds no scores
(100,000 actors, 500,000 assessments, 300,000 relationships; `--small` a tenth: it runs that script, which loads with
COPY and times the batch recompute that stores every score), then, for one year, prints:
  a. the producer ranking (every producer's latest verified assessment in the year, rule 7), wall time;
  b. the downstream ranking with every actor's enabled impact (rule 6 over the year's supply graph), wall time,
     and the explanation of the top 50;
  c. the impact report's figures, wall time;
  g. the refresh of the summaries (reporting.summaries: what the task does after a change), wall time by part;
  d. the rankings pages, a credit page, the impact report page and its PDFs rendered through Django, cold (the
     summary fresh, Django's cache empty) and cached (median of --repeat runs), with their sizes; then three of
     them with the summary behind the data (a refresh queued), and that refresh (`--pages-only`: d. alone, after
     refreshing only what is behind the data);
  e. the supply chain of a buyer reaching at least --suppliers (5,000) suppliers up to max_tiers: the selector as the
     secretariat sees it (every supplier named: all of them, as the files hold them, and one page of 100), its wall
     time and query count, and the page as a member of the buyer sees it, as it is and with every supplier's
     relationships opened so that all are named (goal ≤ 300 ms, queries independent of the suppliers' number);
  f. the peak resident memory of the process.
No assertion: the figures are for the README and the issue's note.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/assay_bench")
PARSER.add_argument("--small", action="store_true", help="build the reference registry at a tenth of its size")
PARSER.add_argument("--period", default="2025-01-01:2025-12-31")
PARSER.add_argument("--repeat", type=int, default=3)
PARSER.add_argument("--pages-only", action="store_true",
                    help="only d. (and g. for what is behind the data): the pages on the stored summaries")
PARSER.add_argument("--suppliers", type=int, default=5000, help="the supply chain's buyer reaches at least this many")
ARGS = PARSER.parse_args()

os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
# The summaries (reporting.summaries) as a worker keeps them: for the period measured, PDFs rendered ahead; the
# bench's own writes queue no refresh (g. runs it and times it).
os.environ["ASSAY_SUMMARY_PERIOD"] = ARGS.period
os.environ["ASSAY_SUMMARY_DOCUMENTS"] = "1"
os.environ["ASSAY_SUMMARIES_ON_CHANGE"] = "0"


def has_scores() -> bool:
    import psycopg

    try:
        with psycopg.connect(ARGS.database_url) as conn:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM assessments_score)").fetchone()[0]
    except psycopg.Error:
        return False


def timed(label: str, fn, repeat: int = 1):
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    print(f"{label:58} {statistics.median(runs):8.2f} s" + (f"  (median of {repeat})" if repeat > 1 else ""))
    return result


def chain_buyer(target: int):
    """Among the 30 downstream actors with the most direct suppliers, the one reaching the fewest suppliers that
    are still at least `target` (else the one reaching the most)."""
    from django.db.models import Count

    from assay.registry.models import Actor, Relationship
    from assay.reporting.supply_chain import reachable

    top = (Relationship.objects.filter(kind="sourcing", buyer__role__in=["brand", "manufacturer", "refiner"])
           .values("buyer_id").annotate(n=Count("pk")).order_by("-n", "buyer_id")[:30])
    reach = {t["buyer_id"]: len(reachable(t["buyer_id"], date.today())) for t in top}
    above = [b for b, n in reach.items() if n >= target]
    pick = min(above, key=lambda b: reach[b]) if above else max(reach, key=lambda b: reach[b])
    return Actor.objects.get(pk=pick)


def page_timing(label: str, client, url: str) -> None:
    """A page's server time (median of --repeat, after one warm-up) and size."""
    assert client.get(url).status_code == 200, url
    page = timed(label, lambda: client.get(url), ARGS.repeat)
    print(f"   {len(page.content):,} bytes")


def main() -> None:
    if not has_scores():
        print("building the reference registry with bench/scoring_scale.py …", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "scoring_scale.py"), "--database-url",
                        ARGS.database_url, *(["--small"] if ARGS.small else [])], check=True)
    import django

    django.setup()
    from django.test import Client

    from assay.assessments.models import Assessment, Score
    from assay.registry.models import Actor, Relationship
    from assay.reporting import impact, rankings

    start, end = (date.fromisoformat(d) for d in ARGS.period.split(":"))
    print(f"registry: {Actor.objects.count():,} actors, {Assessment.objects.count():,} assessments, "
          f"{Score.objects.count():,} scores, {Relationship.objects.count():,} relationships; period {start} – {end}")
    from django.core.cache import cache
    from django.db.models import Count

    if not ARGS.pages_only:
        # a–c: the computations themselves, bypassing the cache.
        producers = timed("a. producer ranking", lambda: rankings._producers(start, end, rankings.ALL))
        print(f"   {len(producers.ranked):,} ranked, {len(producers.excluded):,} not ranked")
        downstream = timed("b. downstream ranking with every actor's enabled impact",
                           lambda: rankings._downstream(start, end, rankings.ALL))
        print(f"   {len(downstream.ranked):,} ranked; top value {float(downstream.ranked[0].candidate.value):.1f}")
        timed("   one actor's credit explained (its page)",
              lambda: rankings._credit(int(downstream.ranked[0].candidate.actor), start, end))
        timed("c. impact report figures", lambda: impact._build(start, end, rankings.ALL, 5))
    from assay.audit.services import data_changed
    from assay.reporting import summaries
    from assay.reporting.models import SummaryQueue

    took = timed("g. summaries refresh" + (", what is behind the data" if ARGS.pages_only else
                                           ", every part rebuilt (the task)"), lambda: summaries.summaries_refresh(
        actor=None, start=start, end=end, force=not ARGS.pages_only, documents=True))
    for part, seconds in took.items():
        print(f"   {part:55} {seconds:8.2f} s")
    downstream_top = summaries.stored("downstream", start, end).rows.filter(position=1).get()
    top = downstream_top.actor_id
    country = Actor.objects.filter(role="producer").values("country").annotate(n=Count("pk")).order_by("-n")[0]
    client = Client()
    # The process's own first request imports every view (over 10 s on a loaded machine): not a page's cost.
    from django.urls import get_resolver

    timed("   process warm-up (the URL configuration imported)", lambda: get_resolver().url_patterns)
    query = f"?from={start}&to={end}"
    pages = (("d. rankings page (producers)", "/en/reports/rankings/producers/"),
             ("   rankings page (downstream)", "/en/reports/rankings/downstream/"),
             ("   rankings page (downstream), page 20", "/en/reports/rankings/downstream/", "&page=20"),
             (f"   rankings page (producers) of one country ({country['country']}, {country['n']:,} producers)",
              "/en/reports/rankings/producers/", f"&country={country['country']}"),
             ("   rankings page (downstream) of the brands", "/en/reports/rankings/downstream/", "&role=brand"),
             ("   credit page of the top downstream actor",
              f"/en/reports/rankings/downstream/{Actor.objects.get(pk=top).slug}/"),
             ("   impact report page", "/en/reports/impact/"),
             ("   impact report PDF (French)", "/fr/reports/impact.pdf"),
             ("   impact report PDF for the forum (Spanish)", "/es/reports/impact/forum.pdf"))
    for label, url, *more in pages:
        cache.clear()  # cold: the summary fresh, Django's cache empty
        full = url + query + "".join(more)
        response = timed(label + ", cold", lambda full=full: client.get(full))
        assert response.status_code == 200, (url, response.status_code)
        timed(label + ", cached", lambda full=full: client.get(full), ARGS.repeat)
        print(f"   {len(response.content):,} bytes")
    # Behind the data with a refresh queued on a worker: the stored figures, with their date and a note.
    data_changed()
    SummaryQueue.objects.update_or_create(pk=1, defaults={"queued": True})
    for label, url, *more in (pages[0], pages[1], pages[6]):
        cache.clear()
        response = timed(label.replace("d.", "  ").strip() + ", summary behind the data",
                         lambda url=url, more=more: client.get(url + query + "".join(more)))
        assert b"being refreshed" in response.content, url
    SummaryQueue.objects.filter(pk=1).update(queued=False)
    took = timed("   the refresh after that change (the task)", lambda: summaries.refresh_summaries.call())
    print("   " + ", ".join(f"{part} {seconds:.2f} s" for part, seconds in took.items()))
    if ARGS.pages_only:
        return
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assay.accounts.roles import SECRETARIAT_GROUP
    from assay.reporting.supply_chain import reachable, supply_chain

    desk, _made = get_user_model().objects.get_or_create(username="bench-secretariat", defaults={"is_staff": True})
    desk.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    buyer = chain_buyer(ARGS.suppliers)
    reached = len(reachable(buyer.pk, date.today()))
    print(f"e. supply chain of {buyer.name} ({buyer.role}): {reached:,} suppliers reached")
    for label, kwargs in (("selector as the secretariat, every supplier (the files)", {}),
                          ("selector as the secretariat, one page of 100", {"limit": 100}),
                          ("   the same, sorted by level (every score read)", {"limit": 100, "sort": "level"})):
        with CaptureQueriesContext(connection) as seen:
            chain = timed("   " + label, lambda kwargs=kwargs: supply_chain(desk, buyer, **kwargs), ARGS.repeat)
        print(f"   {chain.named:,} named over {chain.tiers} tiers; {len(seen.captured_queries) // ARGS.repeat} "
              "queries per run")
    # the page as one of the buyer's own members sees it (staff would be sent to their second factor first)
    from assay.registry.models import Membership

    member, _made = get_user_model().objects.get_or_create(username="bench-buyer-member")
    Membership.objects.get_or_create(user=member, actor=buyer, defaults={"role": "viewer"})
    own = supply_chain(member, buyer)
    print(f"   as a member of the buyer: {own.named:,} named, {sum(own.unnamed.values()):,} counted unnamed")
    client.force_login(member)
    url = f"/en/dashboard/{buyer.slug}/supply-chain/"
    page_timing("   its page, as a member of the buyer", client, url)
    # the worst case for a member: every supplier opens its trading relationships, so all are named (undone after)
    from django.db import transaction

    from assay.disclosure.models import ActorDisclosure

    with transaction.atomic():
        ActorDisclosure.objects.bulk_create(
            [ActorDisclosure(actor_id=a, kind="relationships", opened_to="public")
             for a in reachable(buyer.pk, date.today())], ignore_conflicts=True)
        print(f"   every supplier's relationships opened: {supply_chain(member, buyer).named:,} named")
        page_timing("   its page, as a member, every supplier named", client, url)
        page_timing("   the same, sorted by level", client, url + "?sort=level")
        transaction.set_rollback(True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"f. peak resident memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
