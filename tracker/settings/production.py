"""Production: refuses to start with DEBUG on, or without a SECRET_KEY or SITE_URL.

Everything else comes from the environment (docs/operations.md lists it).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, env_bool

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: unset DEBUG.")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
if not os.environ.get("SITE_URL", "").startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set the SITE_URL environment variable to the address people use (https://tracker.example.gov.uk): "
        "the links in every email start with it."
    )

DEMO_USERS_ALLOWED = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# The health check answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Cookies only over HTTPS, never to script, never to another site's forms; the __Host- prefix
# makes the browser refuse them unless Secure, for this host alone, for the whole site.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# A year of HSTS for this host and every subdomain. Preloading (a list built into browsers, hard
# to leave) is the council's choice: SECURE_HSTS_PRELOAD=1 once every subdomain serves HTTPS.
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True

# Evidence files go through Django's storage API. Local disk (MEDIA_ROOT) is the default, for one
# server or a shared volume; with EVIDENCE_BUCKET set they go to S3-compatible object storage
# through django-storages (installed separately: pip install "django-storages[s3]"), which every
# app server shares. Credentials come from the usual AWS_* variables, never from this file.
EVIDENCE_BUCKET = os.environ.get("EVIDENCE_BUCKET", "")
if EVIDENCE_BUCKET:
    evidence_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_BUCKET,
            "endpoint_url": os.environ.get("EVIDENCE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EVIDENCE_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    evidence_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": evidence_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # preload not asked for: the council's choice
