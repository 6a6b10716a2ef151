"""Kuulu settings: the one module that reads the environment.

Production differs from development only by environment values (see README, "Configuration").
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A run without configuration (manage.py on a fresh clone, the demo, tests): a random key is
    # made once into var/secret_key and reused, as `make run` does. Production sets SECRET_KEY,
    # which every app worker must share.
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        try:
            with open(_key_file, "x") as _new_key:  # "x": two processes never both write it
                _new_key.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "kuulu.core",
    "kuulu.accounts",
    "kuulu.identity",
    "kuulu.organisation",
    "kuulu.coordination",
    "kuulu.deliberation",
    "kuulu.events",
    "kuulu.learning",
    "kuulu.assignments",
    "kuulu.channels",
    "kuulu.panels",
    "kuulu.experts",
    "kuulu.feedback",
    "kuulu.surveys",
    "kuulu.datacollection",
    "kuulu.integrations",
    "kuulu.indicators",
    "kuulu.programme",
    "kuulu.outcomes",
    "kuulu.reports",
    "kuulu.portal",
    "kuulu.workspace",
    "kuulu.assisted",
    "kuulu.budgeting",
    "kuulu.methods",
    "kuulu.assessments",
    "kuulu.questions",
    "kuulu.follows",
    "kuulu.codevelopment",
    "kuulu.workability",
]

MIDDLEWARE = [
    "kuulu.core.metrics.MetricsMiddleware",  # first: times all the rest
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kuulu.accounts.twofactor.TwoFactorMiddleware",  # after OTP: needs request.user.is_verified
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into a page
]

ROOT_URLCONF = "kuulu.urls"
WSGI_APPLICATION = "kuulu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kuulu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kuulu.core.context_processors.site",
                "kuulu.core.context_processors.language_links",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "template_partials.templatetags.partials",
                "kuulu.core.templatetags.kuulu_i18n",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kuulu.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, throttling) ----------------------------------------------------------
# Several app servers share one Redis (REDIS_URL): rate limits, login throttling and cached pages
# are then the same on every server. Without it each process keeps its own (the one-machine demo).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kuulu"),
            # A hung Redis must not hang every request (and /readyz) for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_VIEW = "kuulu.core.views.rate_limited"

# --- Accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:front"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Sign-in protection (docs/ARCHITECTURE.md, "Sign-in protection"). Failed sign-ins are counted by
# django-axes in the database (shared by every app server), per account and per address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))  # per account
LOGIN_IP_LIMIT = int(os.environ.get("LOGIN_IP_LIMIT", "30"))  # per address (offices share one)
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
PASSWORD_RESET_ADDRESS_LIMIT = os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "3/h")
# Proxies in front of Kuulu that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_TLS_PROXY") else "0")
)
AXES_ENABLED = True
AXES_HANDLER = "kuulu.accounts.throttling.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "kuulu.accounts.throttling.failure_limit"  # reads LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_USERNAME_CALLABLE = "kuulu.accounts.throttling.attempted_username"
AXES_CLIENT_IP_CALLABLE = "kuulu.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "kuulu.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = False  # a sign-in to one's own account must not clear an address's count
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins go to Kuulu's own audit log
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
# Two-factor sign-in (TOTP + recovery codes) for admins, coordinators and feedback and complaint
# handlers. `make run` (the demo) turns it off; production keeps the default.
KUULU_REQUIRE_2FA = env_bool("KUULU_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = os.environ.get("KUULU_SITE_NAME", "Kuulu")
PUBLIC_FORM_LIMIT = os.environ.get("PUBLIC_FORM_LIMIT", "10/h")
VOTE_LIMIT = os.environ.get("VOTE_LIMIT", "120/m")  # per participant
STATEMENT_LIMIT = os.environ.get("STATEMENT_LIMIT", "5/10m")  # per participant
# Per address, generous because a library or a county office shares one address.
VOTE_IP_LIMIT = os.environ.get("VOTE_IP_LIMIT", "600/m")
STATEMENT_IP_LIMIT = os.environ.get("STATEMENT_IP_LIMIT", "30/10m")
# Anonymous reads of the Open311 API (services, the public list) per address; partners with an
# api_key are not limited.
OPEN311_READ_LIMIT = os.environ.get("OPEN311_READ_LIMIT", "300/m")

SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = os.environ.get("SESSION_COOKIE_SAMESITE", "Lax")
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions live in the database (or "cache_db": Redis in front of it), never on an app server's
# disk or memory, so any app server can serve any request.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
# The balancer's health checks and Prometheus reach app servers directly over http: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
RATELIMIT_IP_META_KEY = "kuulu.core.audit.client_ip_for_ratelimit"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Languages --------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kuulu" / "locale"]
LANGUAGE_COOKIE_NAME = "kuulu_language"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files: with several app servers MEDIA_ROOT and KUULU_PRIVATE_ROOT must be one shared
# volume (docs/DEPLOY.md, "Files").
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media")))

# --- Email ------------------------------------------------------------------------------------
EMAIL_ENABLED = env_bool("EMAIL_ENABLED")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kuulu <kuulu@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_ENABLED:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
    if not EMAIL_HOST:
        raise ImproperlyConfigured("EMAIL_ENABLED is set but EMAIL_HOST is empty.")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Text messages (kuulu/follows/sms.py) ------------------------------------------------------
# "console" (the default) only logs each message's length; "http" posts JSON to a provider's API.
FOLLOWS_SMS_BACKEND = os.environ.get("FOLLOWS_SMS_BACKEND", "console")
FOLLOWS_SMS_URL = os.environ.get("FOLLOWS_SMS_URL", "")
FOLLOWS_SMS_TOKEN = os.environ.get("FOLLOWS_SMS_TOKEN", "")
FOLLOWS_SMS_SENDER = os.environ.get("FOLLOWS_SMS_SENDER", "Kuulu")
# The provider's field names as JSON, e.g. {"to": "recipient", "text": "message"}.
FOLLOWS_SMS_FIELDS = json.loads(os.environ.get("FOLLOWS_SMS_FIELDS") or "{}")
if FOLLOWS_SMS_BACKEND not in ("console", "http"):
    raise ImproperlyConfigured("FOLLOWS_SMS_BACKEND must be console or http.")
if FOLLOWS_SMS_BACKEND == "http" and not (FOLLOWS_SMS_URL and FOLLOWS_SMS_TOKEN):
    raise ImproperlyConfigured(
        "FOLLOWS_SMS_BACKEND is http but FOLLOWS_SMS_URL or _TOKEN is empty."
    )

# --- Background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Kuulu ------------------------------------------------------------------------------------
KUULU_SITE_NAME = os.environ.get("KUULU_SITE_NAME", "Kuulu")
KUULU_BASE_URL = os.environ.get("KUULU_BASE_URL", "http://127.0.0.1:8000")
# No figure of a survey is shown for a group of fewer respondents than this (GDPR practice: 5).
KUULU_MIN_GROUP_SIZE = int(os.environ.get("KUULU_MIN_GROUP_SIZE", "5"))
ACCESSIBILITY_FEEDBACK_DAYS = 14
# Anonymous front-page renderings are shared this long (0 turns the shared rendering off).
FRONT_PAGE_CACHE_SECONDS = int(os.environ.get("FRONT_PAGE_CACHE_SECONDS", "30"))
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "90"))
QUIZ_ATTEMPT_RETENTION_DAYS = int(os.environ.get("QUIZ_ATTEMPT_RETENTION_DAYS", str(365 * 2)))
AUDIT_RETENTION = timedelta(days=int(os.environ.get("AUDIT_RETENTION_DAYS", str(365 * 5))))
# Customer feedback, formal complaints and initiatives (kuulu.feedback).
# Days to handle feedback by type; a wanted reply is due within FEEDBACK_REPLY_DUE_DAYS at most.
FEEDBACK_DUE_DAYS = {"praise": 30, "idea": 30, "question": 14, "dissatisfaction": 14}
FEEDBACK_REPLY_DUE_DAYS = int(os.environ.get("FEEDBACK_REPLY_DUE_DAYS", "14"))
FEEDBACK_COMPLAINT_DUE_DAYS = int(os.environ.get("FEEDBACK_COMPLAINT_DUE_DAYS", "28"))
FEEDBACK_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
FEEDBACK_PRIVATE_ROOT = Path(os.environ.get("KUULU_PRIVATE_ROOT", str(VAR_DIR / "private")))
# Retention per case type (check against the county's records plan).
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", str(365 * 2)))
COMPLAINT_RETENTION_DAYS = int(os.environ.get("COMPLAINT_RETENTION_DAYS", str(365 * 10)))
INITIATIVE_RETENTION_DAYS = int(os.environ.get("INITIATIVE_RETENTION_DAYS", str(365 * 10)))
# Triage: the retrained model (JSON, never a pickle) and how many confirmed rows it needs.
FEEDBACK_TRIAGE_MODEL_PATH = Path(
    os.environ.get("FEEDBACK_TRIAGE_MODEL_PATH", str(VAR_DIR / "triage" / "model.json"))
)
FEEDBACK_TRIAGE_MIN_EXAMPLES = int(os.environ.get("FEEDBACK_TRIAGE_MIN_EXAMPLES", "200"))
# HR and organisation sync (docs/HR_SYNC.md): the drop directory the scheduled run reads
# (empty: no scheduled run) and whether new accounts get an invitation to set a password.
HR_SYNC_DROP_DIR = os.environ.get("HR_SYNC_DROP_DIR", "")
HR_SYNC_SEND_INVITATIONS = env_bool("HR_SYNC_SEND_INVITATIONS")
# Open311: may requests be posted without an api_key (rate-limited per address)?
FEEDBACK_OPEN311_ANONYMOUS = env_bool("FEEDBACK_OPEN311_ANONYMOUS", default=True)
# The feedback dashboard keeps its figures this long per scope and filters (0: never).
FEEDBACK_DASHBOARD_CACHE_SECONDS = int(os.environ.get("FEEDBACK_DASHBOARD_CACHE_SECONDS", "300"))
API_TOKEN_PREFIX = "kuulu_"  # noqa: S105 - a public prefix, not a secret

# --- Identity: staff single sign-on and residents' strong identification (kuulu.identity) ----
# docs/ARCHITECTURE.md, "Identity provider settings". An empty issuer turns that way of signing
# in off (its button is not shown).
KUULU_PASSWORD_LOGIN = os.environ.get("KUULU_PASSWORD_LOGIN", "1")  # "1", "0" or "admins"
KUULU_SSO_ISSUER = os.environ.get("KUULU_SSO_ISSUER", "")
KUULU_SSO_CLIENT_ID = os.environ.get("KUULU_SSO_CLIENT_ID", "kuulu")
KUULU_SSO_CLIENT_SECRET = os.environ.get("KUULU_SSO_CLIENT_SECRET", "")
KUULU_SSO_AUTH_METHOD = os.environ.get("KUULU_SSO_AUTH_METHOD", "client_secret_basic")
KUULU_SSO_SCOPES = os.environ.get("KUULU_SSO_SCOPES", "openid email profile groups")
KUULU_SSO_ACTIVE_CLAIM = os.environ.get("KUULU_SSO_ACTIVE_CLAIM", "kuulu_active")
KUULU_SSO_EXTERNAL_ID_CLAIM = os.environ.get("KUULU_SSO_EXTERNAL_ID_CLAIM", "employee_id")
KUULU_SSO_UNIT_CLAIM = os.environ.get("KUULU_SSO_UNIT_CLAIM", "")
KUULU_SSO_SUPPORT_CONTACT = os.environ.get("KUULU_SSO_SUPPORT_CONTACT", "")
KUULU_STRONG_ID_ISSUER = os.environ.get("KUULU_STRONG_ID_ISSUER", "")
KUULU_STRONG_ID_CLIENT_ID = os.environ.get("KUULU_STRONG_ID_CLIENT_ID", "kuulu")
KUULU_STRONG_ID_SCOPES = os.environ.get("KUULU_STRONG_ID_SCOPES", "openid profile hetu")
KUULU_STRONG_ID_ACR_VALUES = os.environ.get(
    "KUULU_STRONG_ID_ACR_VALUES", "http://ftn.ficora.fi/2017/loa3 http://ftn.ficora.fi/2017/loa2"
)
KUULU_STRONG_ID_ENCRYPTED_ID_TOKEN = env_bool("KUULU_STRONG_ID_ENCRYPTED_ID_TOKEN", default=True)
KUULU_STRONG_ID_HETU_CLAIM = os.environ.get("KUULU_STRONG_ID_HETU_CLAIM", "hetu")
KUULU_STRONG_ID_MUNICIPALITY_CLAIM = os.environ.get(
    "KUULU_STRONG_ID_MUNICIPALITY_CLAIM", "home_municipality_code"
)
KUULU_STRONG_ID_MAX_AGE = int(os.environ.get("KUULU_STRONG_ID_MAX_AGE", "3600"))  # seconds
# The client's private keys (JWKS JSON or a file path); unset: made once into var/ (demo only).
KUULU_OIDC_CLIENT_JWKS = os.environ.get("KUULU_OIDC_CLIENT_JWKS", "")
# The key of the identity codes' keyed hash. Production sets it once and never changes it (a new
# one makes every person new); unset, it is derived from SECRET_KEY (demo only).
KUULU_PERSON_KEY_SECRET = os.environ.get("KUULU_PERSON_KEY_SECRET", "") or (
    "derived:" + hashlib.sha256(b"kuulu-person-key:" + SECRET_KEY.encode()).hexdigest()
)
# The key of the stored keyed hashes that must keep matching (kuulu.core.pseudonyms: one answer
# per person, participants kept after erasure, voters, invitation codes), so that SECRET_KEY can
# be rotated. Unset, it is SECRET_KEY; set it once, to the current SECRET_KEY, and never change it.
KUULU_PSEUDONYM_KEY = os.environ.get("KUULU_PSEUDONYM_KEY", "")
# Password sign-in through kuulu.identity's backend (KUULU_PASSWORD_LOGIN), and the backend
# under which single sign-on signs people in; other backends (throttling) stay as they are.
AUTHENTICATION_BACKENDS = [
    "kuulu.identity.backends.PasswordBackend"
    if backend == "django.contrib.auth.backends.ModelBackend"
    else backend
    for backend in globals().get(
        "AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]
    )
] + ["kuulu.identity.backends.OidcBackend"]

# --- Health and metrics (docs/DEPLOY.md) ------------------------------------------------------
# /metrics answers a request bearing "Authorization: Bearer <METRICS_TOKEN>" or coming from an
# address in METRICS_ALLOWED_IPS (addresses or networks, comma-separated); anyone else gets 403.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")

# --- Logging: no personal data; request paths only, never bodies or query strings -------------
# LOG_FORMAT=json writes one JSON object a line (for a log collector); "plain" is for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "kuulu.core.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # django-axes says INFO at every sign-in; lockouts (WARNING) are what operators need.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Covering indexes (INCLUDE columns) exist on PostgreSQL, the production database; on the
# embedded SQLite default they are plain indexes, which is fine for a demo.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
