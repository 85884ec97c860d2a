"""The replica router's choice per request type, on a real PostgreSQL streaming replica (bin/pg-replica; CI runs
them with DATABASE_REPLICA_URL set). The tests commit (a replica never sees an open transaction), wait until the
replica has replayed the commit, then make the request and look at which connection ran its reads, and ask that
connection itself whether it is a standby (`pg_is_in_recovery()`)."""

import time

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assay.audit.models import DataVersion
from assay.lib import db_router
from assay.lib.db_router import PIN_COOKIE, REPLICA
from assay.registry.models import Actor
from tests.factories import ActorFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(REPLICA not in settings.DATABASES, reason="no replica configured: DATABASE_REPLICA_URL "
                       "(bin/pg-replica starts one; .ci/run sets it)"),
    # committed for real, so that the replica replays it; no serialized rollback: after another module's
    # transactional test has flushed the database (post_migrate re-creates content types and groups), reloading
    # the serialized rows would add the content types a second time
    pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA]),
]
WAIT = 30.0  # seconds the replica may take to replay a commit before a test gives up (a wait, not an assertion)
PASSWORD = "pw-replica-123"


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return bool(cursor.fetchone()[0])


def replica_caught_up() -> None:
    """Wait until the replica has replayed everything the primary has committed so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + WAIT
    while True:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            pytest.fail(f"the replica did not replay {target} within {WAIT:.0f} s")
        time.sleep(0.02)


def reads(alias: str, queries: CaptureQueriesContext, table: str) -> int:
    return sum(f'"{table}"' in q["sql"] for q in queries.captured_queries)


class Requests:
    """A request made while capturing every query on both connections."""

    def __init__(self, client):
        self.client = client

    def __call__(self, method: str, url: str, **kwargs):
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary, \
                CaptureQueriesContext(connections[REPLICA]) as replica:
            response = getattr(self.client, method)(url, **kwargs)
        return response, primary, replica


@pytest.fixture(autouse=True)
def fresh_health():
    db_router.forget_health()
    yield
    db_router.forget_health()


@pytest.fixture
def world(db):
    actor = ActorFactory(name="Replica Cooperative", slug="replica-coop", country="CD")
    user = UserFactory(username="reader", email="reader@example.org", password=PASSWORD)
    replica_caught_up()
    return {"actor": actor, "user": user}


@pytest.fixture
def request_to(client):
    return Requests(client)


def test_the_replica_alias_is_a_standby_of_the_test_database():
    assert in_recovery(REPLICA) is True
    assert in_recovery(DEFAULT_DB_ALIAS) is False
    assert connections[REPLICA].settings_dict["NAME"] == connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    assert connections[REPLICA].settings_dict["PORT"] != connections[DEFAULT_DB_ALIAS].settings_dict["PORT"]


def test_a_public_page_get_reads_from_the_replica(world, request_to):
    response, primary, replica = request_to("get", reverse("registry:list"))
    assert response.status_code == 200
    assert "Replica Cooperative" in response.content.decode()
    assert reads(REPLICA, replica, "registry_actor") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") == 0
    assert in_recovery(REPLICA) is True
    assert PIN_COOKIE not in response.cookies


def test_a_public_page_shows_what_the_replica_has_replayed_not_the_primary(world, request_to, settings):
    """The strongest proof of where a page reads: with replay paused, a commit on the primary is not on the page;
    once replay resumes, it is."""
    settings.ASSAY_REPLICA_MAX_LAG = 3600  # paused on purpose: not "lagging" for this test
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        deadline = time.monotonic() + WAIT
        while True:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_get_wal_replay_pause_state()")
                if cursor.fetchone()[0] == "paused":
                    break
            assert time.monotonic() < deadline, "replay did not pause"
            time.sleep(0.02)
        ActorFactory(name="Committed Meanwhile", slug="committed-meanwhile", country="CD")
        response, _, replica = request_to("get", reverse("registry:list"))
        assert "Replica Cooperative" in response.content.decode()
        assert "Committed Meanwhile" not in response.content.decode()
        assert reads(REPLICA, replica, "registry_actor") > 0
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replica_caught_up()
    response, _, _ = request_to("get", reverse("registry:list"))
    assert "Committed Meanwhile" in response.content.decode()


def test_a_report_get_reads_from_the_replica(world, request_to):
    response, primary, replica = request_to("get", reverse("reporting:impact") + "?from=2020-01-01&to=2030-12-31")
    assert response.status_code == 200
    assert len(replica.captured_queries) > 0
    # the data version that keys the report's cache is read from where the report's data is
    assert reads(REPLICA, replica, "audit_dataversion") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "audit_dataversion") == 0
    assert in_recovery(REPLICA) is True


def test_an_export_reads_from_the_replica(world, request_to):
    response, primary, replica = request_to("get", reverse("registry:export", args=["csv"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Replica Cooperative" in body.decode("utf-8-sig")
    assert reads(REPLICA, replica, "registry_actor") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") == 0


def test_an_api_get_reads_from_the_replica(world, request_to):
    response, primary, replica = request_to("get", "/api/v1/registry/actors")
    assert response.status_code == 200
    assert "replica-coop" in [a["slug"] for a in response.json()]
    assert reads(REPLICA, replica, "registry_actor") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") == 0


def test_a_post_reads_and_writes_on_the_primary(world, request_to):
    response, _, replica = request_to("post", reverse("login"),
                                      data={"username": "reader", "password": PASSWORD})
    assert response.status_code == 302  # signed in
    assert replica.captured_queries == []


def test_a_get_right_after_the_same_browsers_write_reads_from_the_primary(world, request_to, client):
    client.force_login(world["user"])
    response, _, replica = request_to("post", reverse("notifications:preferences"),
                                      data={"language": "fr", "emailed": []})
    assert response.status_code == 302
    assert replica.captured_queries == []
    assert PIN_COOKIE in response.cookies  # this browser wrote: its next reads stay on the primary
    response, primary, replica = request_to("get", reverse("registry:list"))
    assert response.status_code == 200
    assert replica.captured_queries == []
    assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") > 0
    # another browser, which did not write, still reads from the replica
    client.cookies.pop(PIN_COOKIE)
    _, _, replica = request_to("get", reverse("registry:list"))
    assert reads(REPLICA, replica, "registry_actor") > 0


def test_the_admin_reads_from_the_primary(world, request_to, client):
    staff = UserFactory(username="staffer", email="staffer@example.org", password=PASSWORD, is_staff=True,
                        is_superuser=True)
    client.force_login(staff)
    replica_caught_up()
    response, primary, replica = request_to("get", reverse("admin:registry_actor_changelist"))
    assert response.status_code == 200
    assert "Replica Cooperative" in response.content.decode()
    assert replica.captured_queries == []
    assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") > 0
    # the same user on a public page reads from the replica: it is the admin that stays on the primary
    _, _, replica = request_to("get", reverse("registry:list"))
    assert reads(REPLICA, replica, "registry_actor") > 0


def test_sign_in_tables_are_read_from_the_primary_in_a_replica_request(world, request_to, client):
    client.force_login(world["user"])
    response, primary, replica = request_to("get", reverse("registry:list"))
    assert response.status_code == 200
    assert reads(REPLICA, replica, "registry_actor") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "django_session") > 0
    assert reads(DEFAULT_DB_ALIAS, primary, "auth_user") > 0
    assert reads(REPLICA, replica, "django_session") == reads(REPLICA, replica, "auth_user") == 0


def test_a_request_that_wrote_reads_its_later_queries_from_the_primary(world):
    """A page that reads then writes: reads before the write may use the replica, every read after it is the
    primary's, and the browser is pinned to the primary."""
    seen = {}

    def view(request):
        seen["before"] = Actor.objects.all().db
        seen["data_version"] = DataVersion.objects.all().db
        Actor.objects.filter(pk=world["actor"].pk).update(miners=7)
        seen["after"] = Actor.objects.all().db
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = db_router.ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"before": REPLICA, "data_version": REPLICA, "after": DEFAULT_DB_ALIAS}
    assert PIN_COOKIE in response.cookies


def test_reads_inside_a_transaction_go_to_the_primary(world):
    seen = {}

    def view(request):
        seen["outside"] = Actor.objects.all().db
        with transaction.atomic():
            seen["inside"] = Actor.objects.all().db
        from django.http import HttpResponse

        return HttpResponse("ok")

    db_router.ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"outside": REPLICA, "inside": DEFAULT_DB_ALIAS}


def test_outside_a_request_everything_is_the_primarys(world):
    """Management commands, migrations and the django-tasks worker run outside requests."""
    assert Actor.objects.all().db == DEFAULT_DB_ALIAS
    assert db_router.current() is None


def test_a_replica_that_is_down_leaves_reads_on_the_primary(world, request_to):
    replica = connections[REPLICA]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = "1"  # nothing listens there: a replica that is down
    try:
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
            response = request_to.client.get(reverse("registry:list"))
        assert response.status_code == 200
        assert "Replica Cooperative" in response.content.decode()
        assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") > 0
        assert db_router.replica_health().usable is False
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    db_router.forget_health()
    _, _, replica_queries = request_to("get", reverse("registry:list"))
    assert reads(REPLICA, replica_queries, "registry_actor") > 0  # back once it answers again


def test_a_replica_lagging_beyond_the_bound_leaves_reads_on_the_primary(world, request_to, settings):
    settings.ASSAY_REPLICA_MAX_LAG = 0.0
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        ActorFactory(name="Written While Paused", slug="written-while-paused", country="CD")
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + WAIT
        while True:  # received but not replayed: the replica is behind
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    break
            assert time.monotonic() < deadline, "the replica did not receive the commit"
            time.sleep(0.02)
        health = db_router.measure_replica()
        assert health.usable is False and health.lag is not None and health.lag > 0
        response, primary, replica = request_to("get", reverse("registry:list"))
        assert "Written While Paused" in response.content.decode()  # the primary's page
        assert reads(DEFAULT_DB_ALIAS, primary, "registry_actor") > 0
        assert reads(REPLICA, replica, "registry_actor") == 0
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replica_caught_up()


def test_the_pin_lasts_its_seconds_and_no_longer(settings):
    settings.ASSAY_REPLICA_PIN_SECONDS = 7
    factory = RequestFactory()
    fresh, stale = factory.get("/"), factory.get("/")
    fresh.COOKIES[PIN_COOKIE] = f"{time.time() - 1:.3f}"
    stale.COOKIES[PIN_COOKIE] = f"{time.time() - 60:.3f}"
    assert db_router.decide(fresh).replica is False
    assert db_router.decide(stale).replica is True


def test_head_may_read_from_the_replica_and_other_methods_may_not():
    factory = RequestFactory()
    assert db_router.decide(factory.head("/")).replica is True
    for method in ("post", "put", "patch", "delete", "options"):
        assert db_router.decide(getattr(factory, method)("/")).replica is False, method
