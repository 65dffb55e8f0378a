"""The benchmark's settings: the test settings (DEBUG off, as in production for reads), with the
floor page added beside the product's addresses (`bench.urls`)."""

import os

from tracker.settings.test import *  # noqa: F403
from tracker.settings.test import DATABASES

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Static files are not measured; production serves them from the manifest, never by looking.
WHITENOISE_AUTOREFRESH = False
# Connections kept between requests, as a deployment behind gunicorn keeps them
# (docs/operations.md: CONN_MAX_AGE); CONN_MAX_AGE=0 measures a new connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
