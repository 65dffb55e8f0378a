"""Tests: fast hashing, email kept in memory, browser and PostgreSQL flags."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, env_bool

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_USERS_ALLOWED = True

# In CI a missing browser or PostgreSQL is a failure, not a skip.
REQUIRE_BROWSER = env_bool("REQUIRE_BROWSER")
REQUIRE_POSTGRES = env_bool("REQUIRE_POSTGRES")

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared in-memory database, so that tests of two writers at once use
    # real connections with SQLite's real locking (pytest-xdist gives each worker its own file);
    # in memory-backed /dev/shm where there is one, and never waiting on the disk.
    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    # One per process, so two test runs at once never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(scratch / f"tracker-tests-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF;"

# Log records go to pytest's capture (caplog), not to standard output.
LOGGING = {
    **LOGGING,
    "handlers": {"stdout": {"class": "logging.NullHandler"}},
    "loggers": {name: {**logger, "propagate": True} for name, logger in LOGGING["loggers"].items()},
}
