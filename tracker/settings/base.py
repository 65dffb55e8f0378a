"""Settings shared by every environment, read from the environment.

SQLite (a file beside manage.py) is the embedded default; set DATABASE_URL
(e.g. postgres://user@host:5432/name) to use PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "tracker",
    "recommendations",
    "panels",
    "reporting",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the widget templates, for the project's form renderer
    "django_filters",
    "simple_history",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "tracker.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answer here, cacheable
    "csp.middleware.CSPMiddleware",
    "tracker.security.SecurityHeadersMiddleware",  # Permissions-Policy, no-store, 403s logged
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle and absolute session limits, before the sign-in middleware keeps what a late form typed.
    "tracker.security.SessionTimeoutMiddleware",
    # LoginRequiredMiddleware, letting anonymous visitors read the public pages when PUBLIC_VIEW_ENABLED.
    "tracker.public.PublicViewLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.context_processors.service",
                "tracker.context_processors.navigation",
                "tracker.public.public_view",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Form fields drawn as GOV.UK components (`{{ form.field.as_field_group }}`): tracker/rendering.py.
FORM_RENDERER = "tracker.rendering.GovukFormRenderer"

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two people saving at once on the embedded default: each write transaction takes SQLite's
    # write lock when it begins (rather than failing "database is locked" part-way through), and
    # waits up to 20 seconds for the other to finish; it then meets the conflict screen if the
    # other changed what it was saving. PostgreSQL needs neither: its row locks do this.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation for the app's queries: PostgreSQL compiles a query its planner costs high,
    # and the app's are short reads over indexes, which compiling made a hundred times slower
    # (the list by lead officer: a 5 ms query took 480 ms). Other sessions keep the server's
    # setting. Any `options` in DATABASE_URL are kept; the last `-c jit=` wins.
    connection_options = DATABASES["default"].setdefault("OPTIONS", {})
    connection_options["options"] = f"{connection_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tracker.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:home"  # lead officers go to My work: tracker.views.SignInView
LOGOUT_REDIRECT_URL = "login"

# An invitation's or a reset email's link to set a password works once, for a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # manage.py collectstatic
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracker@localhost")
# The mail server (docs/operations.md): STARTTLS with EMAIL_USE_TLS, or TLS from the start with
# EMAIL_USE_SSL; a slow server gives up after EMAIL_TIMEOUT seconds.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

SERVICE_NAME = "Recommendation tracker"
# Who runs the service, for the contact, privacy and accessibility pages.
SERVICE_OWNER = os.environ.get("SERVICE_OWNER", "the council's scrutiny team")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# A new quarter's suggested deadline for updates: this many days after it ends.
QUARTER_DEADLINE_DAYS = int(os.environ.get("QUARTER_DEADLINE_DAYS", "14"))

# The public, anonymous read-only view is off unless the council switches it on.
PUBLIC_VIEW_ENABLED = env_bool("PUBLIC_VIEW_ENABLED")

# History is read, never reverted, from the admin (tracker.admin.RecordAdmin refuses it too).
SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions (tracker/security.py): signed out after SESSION_IDLE_MINUTES without a request, and
# SESSION_LIFETIME_HOURS after signing in whatever happens; the cookie ends with the browser.
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_SECONDS = 60 * 60 * int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttling (django-axes, in the database): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that pair is locked out for SIGN_IN_LOCKOUT_MINUTES; an
# administrator can lift it sooner (admin "Access attempts", or `manage.py axes_reset_username`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_ip"
AXES_VERBOSE = False  # the security log (tracker/security_log.py) says it once, as JSON
# How many proxies (load balancer, web server) stand in front and add to X-Forwarded-For; 0 trusts
# none of it and takes the connection's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp): scripts and styles from this site, plus the two inline
# scripts of templates/base.html and the papers' print style, each carrying the request's nonce;
# nothing else inline (no style attributes, no event handlers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],  # the papers' print styles (reporting/_paper_print_style.html)
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Logs: JSON lines on standard output (tracker/logs.py), the security log among them.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "tracker.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "tracker": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "recommendations": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "panels": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# Absolute links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Evidence files: kept outside the static files and served only through a signed-in view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never routed: files are served by recommendations:evidence-download
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Uploads: a file is refused as soon as it passes EVIDENCE_MAX_BYTES, without reading the rest
# (tracker/uploads.py); the other fields of a request together may be this large. The proxy in
# front refuses bodies over its own limit first (docs/operations.md).
FILE_UPLOAD_HANDLERS = [
    "tracker.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_BYTES = EVIDENCE_MAX_BYTES
# All the files of one request together (an update may carry several): past this the request stops
# being read, as for one file over its limit. The proxy's body limit sits just above it.
FILE_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("FILE_UPLOAD_MAX_TOTAL_BYTES", 3 * EVIDENCE_MAX_BYTES))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
EVIDENCE_EXTENSIONS = [
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".csv",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
]
