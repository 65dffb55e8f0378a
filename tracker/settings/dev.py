"""Local development: DEBUG on, a fixed insecure key, email to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Demo users (one per role) may be created only where this is true.
DEMO_USERS_ALLOWED = True

WHITENOISE_AUTOREFRESH = True
