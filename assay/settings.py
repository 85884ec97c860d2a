"""Settings, read from the environment (12-factor). SQLite by default, PostgreSQL through DATABASE_URL.

Production mode is ASSAY_PRODUCTION=1: DEBUG off, secure cookies, HSTS, a real SECRET_KEY required.
"""

from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

PRODUCTION = env.bool("ASSAY_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY") if PRODUCTION else env("SECRET_KEY", default="dev-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must precede the admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rules",
    "django.contrib.staticfiles",
    "assay.lib",
    "assay.audit",
    "assay.accounts",
    "assay.notifications",
    "django_countries",
    "assay.standards",
    "assay.registry",
    "assay.disclosure",
    "assay.assessments",
    "assay.consultation",
    "assay.outreach",
    "assay.reporting",
    "assay.governance",
    "assay.simulation",
    "assay.awards",
    "assay.alignment",
    "assay.privacy",
    "django_tasks",
    "django_tasks_db",
    "assay.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "assay.lib.compression.CompressionMiddleware",  # brotli when accepted, else gzip
    "django.middleware.http.ConditionalGetMiddleware",  # ETag, and a 304 for a browser's current copy
    "assay.lib.http_cache.CacheControlMiddleware",  # public for anonymous pages, private for signed-in users
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "assay.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout after repeated failed sign-ins
    "rules.permissions.ObjectPermissionBackend",  # named permissions of pages and actions (assay.accounts.rules)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per account, from any address
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)  # per client address, across accounts
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own (not the pair): see the handler
AXES_HANDLER = "assay.accounts.lockout.SeparateLimitsHandler"
AXES_CLIENT_IP_CALLABLE = "assay.lib.ratelimit.client_ip"  # the same client address as the rate limits
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# The client address behind PROXY_COUNT trusted reverse proxies (0: none, the connection's own address), for the
# lockout and the rate limits alike. Set it to the number of proxies that append to X-Forwarded-For.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Public requests that send e-mail or store data: (per client address, per e-mail address) django-ratelimit
# rates. Many honest respondents at a pilot site share one mobile network address, so the per-address rates are
# far above a meeting's pace; the per-e-mail ones stop anyone flooding one mailbox. Counted in the default cache,
# which must be shared by all workers in production (CACHE_URL, e.g. redis://...).
RATE_LIMITS = {
    "consultation_start": (env("RATE_CONSULTATION_START_IP", default="60/h"),
                           env("RATE_CONSULTATION_START_EMAIL", default="5/h")),
    "consultation_submit": (env("RATE_CONSULTATION_SUBMIT_IP", default="120/h"),
                            env("RATE_CONSULTATION_SUBMIT_EMAIL", default="10/h")),
    "subscribe": (env("RATE_SUBSCRIBE_IP", default="30/h"), env("RATE_SUBSCRIBE_EMAIL", default="5/h")),
}

# Secretariat, assessors and staff must confirm a TOTP code after their password (django-otp).
ASSAY_REQUIRE_2FA = env.bool("ASSAY_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Assay"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's key

# Content Security Policy: no inline script anywhere, and no inline style but the site's stylesheet, which every
# page inlines (no second round trip before the first paint) and the policy allows by its hash, computed here from
# the very text the pages print. The browsable API docs load Swagger UI from its CDN with an inline script, so that
# one page is left out.
from csp.constants import NONE, SELF  # noqa: E402

from assay.lib.inline_style import inline_style  # noqa: E402

SITE_STYLE = inline_style(BASE_DIR / "assay" / "web" / "static" / "assay" / "site.css")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": [SELF], "script-src": [SELF], "style-src": [SELF, SITE_STYLE.csp_source],
        "img-src": [SELF, "data:"],
        "font-src": [SELF], "connect-src": [SELF], "object-src": [NONE], "base-uri": [SELF],
        "form-action": [SELF], "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "assay.urls"
WSGI_APPLICATION = "assay.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "assay" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assay.web.context_processors.site",
                "assay.notifications.context_processors.unread",
            ],
            "builtins": ["assay.lib.html_tags"],  # {% table_scroll %} on every page without a {% load %}
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Keep connections open between requests (a new PostgreSQL connection per request halved the throughput of the
# consultation load benchmark); checked before reuse, so a restarted database costs one failed-over connect.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default (production runs PostgreSQL): write-ahead logging lets pages read while a write commits;
    # syncing at checkpoints rather than at every commit (durable across an application crash, not a power cut)
    # took the demo load from 65 s to 48 s. IMMEDIATE takes the write lock when a transaction starts, so two
    # writers wait for each other instead of one failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", transaction_mode="IMMEDIATE")
# A PostgreSQL streaming replica for reads (docs/scaling.md; bin/pg-replica starts one on this machine): with
# DATABASE_REPLICA_URL set, GET and HEAD requests of browsers that have not just written (public pages, reports,
# exports, API reads) read from it, and everything else stays on the primary (assay.lib.db_router says exactly
# what). The same database name on the replica's server; in tests the alias mirrors the test database.
if env("DATABASE_REPLICA_URL", default="") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)  # a dead host: primary soon
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["assay.lib.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("assay.lib.http_cache.CacheControlMiddleware") + 1,
                      "assay.lib.db_router.ReplicaMiddleware")
# Reads leave the replica when it is further behind than this (seconds); its lag is asked at most every
# ASSAY_REPLICA_CHECK_SECONDS per process; a browser that wrote reads from the primary for the pin's seconds.
ASSAY_REPLICA_MAX_LAG = env.float("ASSAY_REPLICA_MAX_LAG", default=5.0)
ASSAY_REPLICA_CHECK_SECONDS = env.float("ASSAY_REPLICA_CHECK_SECONDS", default=2.0)
ASSAY_REPLICA_PIN_SECONDS = env.float("ASSAY_REPLICA_PIN_SECONDS",
                                      default=ASSAY_REPLICA_MAX_LAG + ASSAY_REPLICA_CHECK_SECONDS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Rankings and reports are cached until their data changes (assay.reporting.rankings.cached).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://assay")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages, as configuration: English (the source of every text) first, then each translation. Everything
# else derives from this entry: the interface languages, the content columns, the language switcher, the translation
# status pages, the consultation's forms and field kit. Adding a language is this entry (or ASSAY_LANGUAGES=en,fr,…
# in the environment) plus its catalogue and the content columns' migrations: README, "Adding a language".
ASSAY_LANGUAGES: list[str] = env.list("ASSAY_LANGUAGES", default=["en", "fr", "es", "pt"])
if not ASSAY_LANGUAGES or ASSAY_LANGUAGES[0] != "en":
    raise ValueError("ASSAY_LANGUAGES must start with en, the source language")
# Names from Django's own table of languages (its catalogues translate them; the switcher shows each in itself).
LANGUAGES = [(code, _(LANG_INFO[code]["name"])) for code in ASSAY_LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Content translation: English is the source language; missing translations fall back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(ASSAY_LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "web:home"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# How long a shared cache or a browser may keep an anonymous visitor's public page before asking again (then a 304
# while it is unchanged); pages for signed-in users are never kept publicly (assay.lib.http_cache).
ASSAY_PUBLIC_MAX_AGE = env.int("ASSAY_PUBLIC_MAX_AGE", default=300)
ASSAY_MIN_GROUP = env.int("ASSAY_MIN_GROUP", default=5)  # k: smallest group an aggregate may show
# Who needs support (a buyer's workspace): a supplier with no verified assessment in this many months, or this many
# points of the overall score short of its next level's overall minimum. The platform's, not the standard's.
ASSAY_SUPPORT_STALE_MONTHS = env.int("ASSAY_SUPPORT_STALE_MONTHS", default=12)
ASSAY_SUPPORT_GAP_POINTS = env.float("ASSAY_SUPPORT_GAP_POINTS", default=10.0)

# Background work (django-tasks). The default runs each task at once in the request, which is all the demo
# needs; production and CI use the database queue, drained by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}
# The summaries that rankings and the impact report read (reporting.summaries) are refreshed after each committed
# change of their data; with a worker (TASK_BACKEND) the impact report's PDFs are rendered then too, in every
# language, and a version's PDFs and YAML when it is published (with the immediate backend that would slow the
# request that made the change: they render on their first download, or by `manage.py render_documents`).
# Off, a stale summary is refreshed when a page finds it behind.
ASSAY_SUMMARY_PERIOD = env("ASSAY_SUMMARY_PERIOD", default="")  # "from:to"; empty: the pages' default period
ASSAY_SUMMARIES_ON_CHANGE = env.bool("ASSAY_SUMMARIES_ON_CHANGE", default=True)
ASSAY_SUMMARY_DOCUMENTS = env.bool("ASSAY_SUMMARY_DOCUMENTS",
                                   default=not TASKS["default"]["BACKEND"].endswith(".ImmediateBackend"))

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# The address of this deployment, for links in e-mails sent with no request at hand (reminders).
SITE_URL = env("SITE_URL", default="http://localhost:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Assay <consultation@assay.example>")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
