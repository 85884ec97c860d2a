"""Reads that may go to a PostgreSQL streaming replica, and everything else on the primary (docs/scaling.md).

Active only when settings name a `replica` database (DATABASE_REPLICA_URL): then `ReplicaRouter` is in
DATABASE_ROUTERS and `ReplicaMiddleware` in MIDDLEWARE. The middleware decides once per request whether its reads
may use the replica, and keeps the decision in a context variable; the router follows it query by query:

- Outside a request (management commands, migrations, the django-tasks worker, the shell) there is no decision:
  every query goes to the primary.
- A request may read from the replica when it is a GET or HEAD, not to the admin, from a browser that has not
  written within ASSAY_REPLICA_PIN_SECONDS (the cookie the middleware sets after a request that wrote), while the
  replica is up and no more than ASSAY_REPLICA_MAX_LAG seconds behind. Public pages, reports, exports and API reads
  are such requests; a POST never is.
- Even then a read goes to the primary once the request has written (its later reads see its own writes), inside
  `transaction.atomic` (a service re-reads what it decides on from the primary, and tests' transactions are
  invisible to the replica), and for the sign-in tables (sessions, users, tokens, second factors, lockouts): a
  session ended, a token revoked or an account deactivated must count at once, not a replica's lag later.
- The data version (assay.audit) is read like the data it versions: in a replica request both come from the
  replica, the version first, so a cache key never names data older than itself.

The replica's health is checked at most every ASSAY_REPLICA_CHECK_SECONDS per process: `pg_is_in_recovery()`, a
WAL receiver that is streaming, and the replay lag (0 when everything received is replayed, else the time since
the last replayed commit, `pg_last_xact_replay_timestamp()`). Down, not streaming or lagging beyond the bound: the
primary serves everything until a later check finds it well. A database error in a request that was reading from
the replica marks it down at once, so only requests already under way fail with it.
"""

import contextvars
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
PIN_COOKIE = "assay_primary"  # when this browser last wrote (seconds since the epoch)
# Read from the primary always: signing in and its checks must never see a replica's past.
PRIMARY_APPS = frozenset({"auth", "sessions", "accounts", "otp_totp", "otp_static", "otp_email", "axes",
                          "contenttypes", "admin", "django_tasks_db"})
SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class Routing:
    """One request's choice: whether its reads may use the replica, and whether it has written."""

    replica: bool
    wrote: bool = False
    reason: str = ""
    asked: bool = False  # whether the replica's health was asked for this request (at its first read)


_routing: contextvars.ContextVar[Routing | None] = contextvars.ContextVar("assay_db_routing", default=None)


def current() -> Routing | None:
    """The routing of the request being served, or None outside a request."""
    return _routing.get()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def max_lag() -> float:
    return float(getattr(settings, "ASSAY_REPLICA_MAX_LAG", 5.0))


def check_interval() -> float:
    return float(getattr(settings, "ASSAY_REPLICA_CHECK_SECONDS", 2.0))


def pin_seconds() -> float:
    """How long a browser reads from the primary after it wrote: at least the lag the replica may have while it
    serves reads (the bound, plus what it can grow by until the next check)."""
    return float(getattr(settings, "ASSAY_REPLICA_PIN_SECONDS", max_lag() + check_interval()))


@dataclass
class Health:
    usable: bool = False
    lag: float | None = None  # seconds, at the last check; None when the replica could not be asked
    checked: float = float("-inf")  # time.monotonic() of the last check
    reason: str = "not checked yet"


_health = Health()
_health_lock = threading.Lock()

LAG_SQL = """
SELECT pg_is_in_recovery(),
       EXISTS (SELECT FROM pg_stat_wal_receiver WHERE status = 'streaming'),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END
"""


def measure_replica() -> Health:
    """Ask the replica now: is it a standby, streaming, and how far behind (seconds)?"""
    now = time.monotonic()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as error:
        connections[REPLICA].close()
        return Health(usable=False, lag=None, checked=now, reason=f"unreachable: {error}".strip()[:200])
    in_recovery, streaming, lag = row if row else (False, False, None)
    lag = None if lag is None else float(lag)
    if not in_recovery:
        return Health(usable=False, lag=lag, checked=now, reason="not a standby")
    if not streaming:
        return Health(usable=False, lag=lag, checked=now, reason="not streaming from the primary")
    if lag is None or lag > max_lag():
        return Health(usable=False, lag=lag, checked=now, reason=f"lagging {lag} s (bound {max_lag()} s)")
    return Health(usable=True, lag=lag, checked=now, reason="streaming")


def replica_health() -> Health:
    """The replica's health, asked again when the last answer is older than ASSAY_REPLICA_CHECK_SECONDS."""
    global _health
    if time.monotonic() - _health.checked < check_interval():
        return _health
    with _health_lock:
        if time.monotonic() - _health.checked >= check_interval():
            _health = measure_replica()
        return _health


def forget_health() -> None:
    """Ask the replica again before the next request reads from it (after it was moved, stopped or restarted)."""
    global _health
    with _health_lock:
        _health = Health()


def mark_replica_down(reason: str) -> None:
    global _health
    with _health_lock:
        _health = Health(usable=False, lag=None, checked=time.monotonic(), reason=reason)


def _recently_wrote(request: HttpRequest) -> bool:
    try:
        wrote_at = float(request.COOKIES.get(PIN_COOKIE, ""))
    except ValueError:
        return False
    return time.time() - wrote_at < pin_seconds()


def decide(request: HttpRequest) -> Routing:
    """Whether this request's reads may use the replica, before the URL is resolved (the admin is refused in
    ReplicaMiddleware.process_view) and before the replica's health is known (asked at the request's first read
    that would go there, so a request that reads nothing never touches it)."""
    if request.method not in SAFE_METHODS:
        return Routing(replica=False, reason="writes")
    if _recently_wrote(request):
        return Routing(replica=False, reason="wrote recently")
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return Routing(replica=False, reason="in a transaction")
    return Routing(replica=True, reason="read")


class ReplicaMiddleware:
    """Decides per request where its reads go (module docstring) and, after a request that wrote, sets the cookie
    that keeps this browser's reads on the primary for ASSAY_REPLICA_PIN_SECONDS. Placed inside
    CacheControlMiddleware, which then sees the cookie and keeps such a response private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        routing = decide(request)
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote:
            seconds = pin_seconds()
            response.set_cookie(PIN_COOKIE, f"{time.time():.3f}", max_age=int(seconds) + 1, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        routing = _routing.get()
        match = request.resolver_match
        if routing is not None and routing.replica and match is not None and "admin" in match.namespaces:
            routing.replica, routing.reason = False, "admin"

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        routing = _routing.get()
        if routing is not None and routing.replica and routing.asked and isinstance(exception, DatabaseError):
            mark_replica_down(f"an error in a request reading from it: {exception}".strip()[:200])


class ReplicaRouter:
    """Follows the request's Routing (module docstring); writes and migrations only ever on the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        routing = _routing.get()
        if routing is None or not routing.replica or routing.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if not routing.asked:
            routing.asked = True
            health = replica_health()
            if not health.usable:
                routing.replica, routing.reason = False, f"replica {health.reason}"
                return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # A write to a table always read from the primary (a token's use log, a sign-in's last_login) leaves the
        # request's other reads where they were: nothing they read has changed.
        routing = _routing.get()
        if routing is not None and model._meta.app_label not in PRIMARY_APPS:
            routing.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The same data on both: an object read from the replica may refer to one read from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
