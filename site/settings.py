"""Settings for the RTES practice catalogue.

Everything that differs between machines comes from the environment (django-environ).
With nothing set, the product runs on the embedded defaults: SQLite, the database
search engine, Celery on kombu's filesystem transport, e-mails written to files.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# The project folder holds templates/, static/ and locale/. It is this file's parent
# folder for a source checkout (editable install); a non-editable install (Docker)
# points RTES_PROJECT_DIR at the copied project folder instead.
BASE_DIR = Path(
    env.str("RTES_PROJECT_DIR", default=str(Path(__file__).resolve().parent.parent))
)
# Runtime data of the embedded defaults: SQLite file, Celery queue, mails, media.
VAR_DIR = Path(env.str("RTES_VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core ----

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "rtes_site",
    "territories",
    "practices",
    "search",
    "digests",
    "opendata",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",  # sitemap.xml (opendata.seo)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap.xml template
    "axes",
    "csp",
    "corsheaders",
    "ninja",  # Swagger UI of the API from its own static files, not from a CDN
]

MIDDLEWARE = [
    # Before anything that may answer: a CORS preflight gets its headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "rtes_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "rtes_site.middleware.UnreadableFormDataMiddleware",
    # Last, as its documentation asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rtes_site.urls"
WSGI_APPLICATION = "rtes_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ----

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: wait for locks a while.
    # IMMEDIATE transactions take the write lock up front, so concurrent writers
    # wait (up to the timeout) instead of failing with "database is locked"; WAL
    # lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
    # Tests get a file, not Django's in-memory default, so that a Celery worker
    # process can share the test database (tests/indexing_worker); one per run.
    DATABASES["default"].setdefault(
        "TEST", {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", 60))

# --- Internationalisation: French first ----

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files ----

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic locally

# --- Wagtail ----

WAGTAILADMIN_USER_LOGIN_FORM = "rtes_site.forms.LoginForm"
# Avatars are uploaded or initials: nothing is fetched from Gravatar (offline,
# and it would tell a third party who uses the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = "RTES – Pratiques des territoires"
# The site's public address: every link in every e-mail starts with it (the
# digests, the subscription e-mails, Wagtail's moderation e-mails).
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
# Wagtail's own search index serves the admin only; the public catalogue has its own
# engines in `search/`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always downloaded through Wagtail's view, which asks who may see
# them (`practices.wagtail_hooks`); their files are never served directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Search ----

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="rtes-")
# The engine's dotted path, to choose one by hand (the benchmarks compare them);
# empty: Elasticsearch when ELASTICSEARCH_URL is set, else the database.
RTES_SEARCH_ENGINE = env.str("RTES_SEARCH_ENGINE", default="")

# --- Open data API (opendata/) ----

# Anyone may read the API from a browser on another site; only GET (and the
# preflight OPTIONS) is offered, without credentials. The site's pages send no
# CORS headers.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag"]
# How long browsers and proxies may keep an answer of the API, in seconds.
OPENDATA_MAX_AGE = env.int("RTES_OPENDATA_MAX_AGE", default=300)

# --- Cache ----

# Holds the subscription forms' rate-limit counters: give every web process the
# same cache in production (CACHE_URL=rediscache://host:6379/1), or each process
# counts on its own.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
DIGESTS_TRUSTED_PROXIES = env.int("DIGESTS_TRUSTED_PROXIES", default=0)

# --- Celery ----

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        # kombu's default is ./control, which would litter the working directory
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Beat keeps its last-run times here, whatever the broker; the folder must exist.
(VAR_DIR / "celery").mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Practices left waiting (broker or search engine down when they changed).
    # Twice a minute: with the 30 s grace, a practice is indexed within a minute of
    # the engine's return.
    "index-pending": {"task": "search.tasks.index_pending", "schedule": 30.0},
    # Compare the index with the database and repair any difference.
    "reconcile-index": {
        "task": "search.tasks.reconcile_index",
        "schedule": env.float("RTES_RECONCILE_EVERY", default=3600.0),
    },
    # Proof for /health/ that a worker runs what beat sends; a beat queued while
    # no worker runs expires instead of piling up.
    "worker-heartbeat": {
        "task": "rtes_site.tasks.heartbeat",
        "schedule": 30.0,
        "options": {"expires": 30},
    },
}
# /health/ reports the worker unavailable when its last heartbeat is older.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=120)

# --- Weekly digests ----

# When beat plans the digests: five crontab fields (minute hour day-of-month month
# day-of-week), Europe/Paris. Default: Mondays at 07:00.
DIGEST_SCHEDULE = env.str("DIGEST_SCHEDULE", default="0 7 * * mon")
# A delivery claimed longer ago than this is taken as abandoned (worker killed).
DIGEST_SENDING_TIMEOUT = env.int("DIGEST_SENDING_TIMEOUT", default=900)
DIGEST_MAX_ATTEMPTS = env.int("DIGEST_MAX_ATTEMPTS", default=5)
DIGEST_RETRY_BASE_SECONDS = env.int("DIGEST_RETRY_BASE_SECONDS", default=120)
CELERY_BEAT_SCHEDULE |= {
    "plan-digests": {
        "task": "digests.tasks.plan_digests",
        "schedule": crontab(
            **dict(
                zip(
                    ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"),
                    DIGEST_SCHEDULE.split(),
                    strict=True,
                )
            )
        ),
    },
    # Retries after SMTP failures, abandoned claims, periods planned while the
    # workers were down: whatever waits is sent within minutes.
    "send-digests": {"task": "digests.tasks.send_digests", "schedule": 300.0},
    # Membership requests a broker or mail outage left unsent.
    "send-membership-requests": {
        "task": "rtes_site.tasks.send_pending_membership_requests",
        "schedule": 300.0,
    },
    # Members' messages to practices' contacts, likewise.
    "send-contact-messages": {
        "task": "rtes_site.tasks.send_pending_contact_messages",
        "schedule": 300.0,
    },
    "purge-unconfirmed-subscribers": {
        "task": "digests.tasks.purge_unconfirmed",
        "schedule": crontab(minute="30", hour="3"),
    },
    # Stale practices, to their territory's editors: one e-mail per editor and
    # month (a row per editor and month, unique: never twice). Daily, so that what
    # a mail or worker outage left unsent goes out the next morning; the 1st's run
    # sends nearly all of them.
    "plan-stale-reminders": {
        "task": "digests.tasks.plan_stale_reminders",
        "schedule": crontab(minute="0", hour="8"),
    },
}

# --- E-mail ----

# Where the membership requests go (comma-separated), besides the addresses of the
# editorial team's accounts.
RTES_TEAM_EMAIL = env.str("RTES_TEAM_EMAIL", default="")
# How many messages members may send to practices' contacts in 24 hours: each
# member, each member to one practice, each practice from all members.
RTES_CONTACT_LIMITS = {
    "sender": env.int("RTES_CONTACT_PER_MEMBER", default=5),
    "sender_practice": env.int("RTES_CONTACT_PER_MEMBER_AND_PRACTICE", default=2),
    "practice": env.int("RTES_CONTACT_PER_PRACTICE", default=10),
}

DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="RTES <ne-pas-repondre@rtes.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Embedded default: every message is written to a file a person can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Security ----

SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame: DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# The members' sign-in page of the site (rtes_site.accounts); the admin keeps its own.
LOGIN_URL = "login"

# Every content type from this site; nothing third party (no CDN, no Gravatar).
# Public pages run no inline script (a nonce would be needed for one). The admin
# has its own, looser, script and style rules: see `rtes_site.middleware`.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-src": [csp.SELF],
        "frame-ancestors": [csp.SELF],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False  # it asks releases.wagtail.org from the browser

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username, or from one address, logins are refused for AXES_COOLOFF_TIME; the
# editorial team unlocks sooner from the admin ("Blocked logins").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rtes_site.lockouts.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin here; see `rtes_site.lockouts`
AXES_DISABLE_ACCESS_LOG = True  # failures are kept, not every successful sign-in
# The client's address: X-Forwarded-For, past the trusted proxies, as the
# subscription forms' rate limits read it.
AXES_IPWARE_PROXY_COUNT = DIGESTS_TRUSTED_PROXIES or None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# --- Logging ----

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},  # one line per Wagtail reindex: noise
    },
}
