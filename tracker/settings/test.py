"""Tests: fast hashing, email kept in memory, browser and PostgreSQL flags."""

from .base import *  # noqa: F403
from .base import env_bool

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
