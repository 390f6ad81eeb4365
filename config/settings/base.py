"""Settings shared by every environment: safe by default, secrets and hosts from the
environment. dev.py and test.py only relax these; production.py only tightens them."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# --- Core -------------------------------------------------------------------

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    "home",
    "directory",
    "resources",
    "search",
    "opendata",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
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
    "wagtailautocomplete",
    "django_tasks",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "home.middleware.PermissionsPolicyMiddleware",
    "home.middleware.PrivateQueryMiddleware",
    # Before anything reads a request body (CSRF reads the form).
    "home.middleware.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/es/…, else English): never from
    # a cookie or the browser's Accept-Language, see LANGUAGES below.
    "home.middleware.LanguageFromAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# --- Admin login throttling (django-axes) -----------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username from one client, that
# pair is refused for AXES_COOLOFF_TIME (429, a page saying when to try again). The
# client is found as the form rate limits find it (TRUSTED_PROXY_COUNT).

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "home.clients.login_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "home.clients.login_locked_out"
# Axes logs failures and lockouts; name the client without the path.
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "home.clients.login_client_str"

# --- Content Security Policy ------------------------------------------------------
# The public site loads nothing from elsewhere and runs no inline script. The
# Wagtail admin (inline scripts of its own) is left to its own defaults.

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/documents/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Browser features the site never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
# DATABASE_URL selects the database; the embedded default is SQLite next to manage.py.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": WAL
    # lets reads go on during a write, writes take the lock when they begin and
    # wait up to 20 s for it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by every web worker), else per-process memory.

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url):
    """The cache on the Redis at ``url``. A Redis that is down or silent must not
    hang or break a page: short socket timeouts, errors read as a cache miss, and
    after a failure Redis is skipped for REDIS_BREAKER_SECONDS (home.cache)."""
    return {
        "BACKEND": "home.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


REDIS_BREAKER_SECONDS = float(os.environ.get("REDIS_BREAKER_SECONDS", "30"))
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Directory search ---------------------------------------------------------------
# "database" (default) or "elasticsearch"; see README, "Search backends".

DIRECTORY_SEARCH_BACKEND = os.environ.get("DIRECTORY_SEARCH_BACKEND", "database")
# Searches without words remembered per worker process (search.count_cache); 0: off.
SEARCH_CACHE_SIZE = int(os.environ.get("SEARCH_CACHE_SIZE", "1000"))
# Facet counts from per-process bitmaps (search.bitmaps); off: a GROUP BY per facet.
SEARCH_FACET_BITMAPS = env_bool("SEARCH_FACET_BITMAPS", default=True)
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "brightside")
# Seconds before a search gives up on the cluster and asks the database instead.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.0"))
# Seconds the cluster is skipped after a failure (the circuit breaker).
ELASTICSEARCH_BREAKER_SECONDS = float(
    os.environ.get("ELASTICSEARCH_BREAKER_SECONDS", "30")
)

# "wait_for" makes index updates visible before returning (tests); empty in production.
ELASTICSEARCH_REFRESH = os.environ.get("ELASTICSEARCH_REFRESH", "")

# --- Public forms ---------------------------------------------------------------
# Seconds a person takes at least / at most to fill a form (the signed time-trap),
# and how many sends one client may make per hour (cache-backed: Redis in
# production, per-process memory in development and tests).

FORM_TIME_TRAP_MIN_SECONDS = float(os.environ.get("FORM_TIME_TRAP_MIN_SECONDS", "3"))
FORM_TIME_TRAP_MAX_SECONDS = 24 * 60 * 60
FORM_RATE_LIMIT_PER_HOUR = int(os.environ.get("FORM_RATE_LIMIT_PER_HOUR", "10"))
# Days a shared My list link works; older links get a page saying so.
MY_LIST_SHARE_DAYS = int(os.environ.get("MY_LIST_SHARE_DAYS", "30"))
# How many reverse proxies in front of the site append to X-Forwarded-For (1 for the
# TLS proxy of the README): the rate limit keys on the address the last one saw.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "5"))  # s/request
LINK_CHECK_WORKERS = int(os.environ.get("LINK_CHECK_WORKERS", "4"))  # at once

# --- Tasks ----------------------------------------------------------------------
# Wagtail 8 runs search and reference index updates as django-tasks; with no worker
# deployed they run in the request, after commit.

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Passwords and sessions -----------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# --- Security headers ---------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Internationalisation -------------------------------------------------------

# Every public page is in English (no prefix) and Spanish (/es/…), chosen by the URL
# alone (config/urls.py). The interface strings' Spanish is in locale/es; `make`
# compiles it with Debian's gettext.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Public forms are text only; the admin uploads images and documents (10 MB each).
ADMIN_MAX_REQUEST_BYTES = int(
    os.environ.get("ADMIN_MAX_REQUEST_BYTES", str(12 * 1024 * 1024))
)

# --- E-mail ---------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Brightside <no-reply@brightside.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = float(os.environ.get("DJANGO_EMAIL_TIMEOUT", "5"))
# SMTP that fails silently and logs: a mail outage never loses a submission.
EMAIL_BACKEND = "home.mail.ResilientSMTPBackend"

# --- Logging --------------------------------------------------------------------
# Requests are not logged by the app: a patient's search is health data. Django's
# request and server loggers (which print paths and query strings) are silenced;
# everything else at WARNING and above goes to stderr.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # An empty handler list would fall back to logging.lastResort (stderr).
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # django.request logs the full path, query string included, on 4xx/5xx.
        "django.request": {"handlers": ["discard"], "propagate": False},
        "django.server": {"handlers": ["discard"], "propagate": False},
    },
}

# --- Wagtail --------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Brightside"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True
# The admin calls no other site: no new-release check, no Gravatar pictures.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No autosave: after a refused save, Wagtail 8's autosave posted the re-shown form
# before the place picker had drawn its inputs, writing a draft without its places.
# A draft is saved only when the curator saves it.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Approving a review publishes the revision the moderator reviewed, not a later one.
WAGTAIL_FINISH_WORKFLOW_ACTION = "directory.moderation.publish_reviewed_revision"
WAGTAILADMIN_COMMENTS_ENABLED = True


def require_env(name):
    """Read a setting production cannot run without, failing loudly at start-up."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value
