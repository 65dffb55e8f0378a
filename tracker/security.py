"""What every response and session promises, in one place (docs/security.md).

- `client_ip`: the address a request came from (the proxy's X-Forwarded-For only when the operator
  says how many proxies stand in front: TRUSTED_PROXY_COUNT), for sign-in throttling and the log.
- `SecurityHeadersMiddleware`: Permissions-Policy on every response; `Cache-Control: no-store` on
  every page the application draws (signed-in pages and evidence downloads among them), so a
  shared computer's back button or a proxy keeps nothing; a refused request (403) logged.
- `SessionTimeoutMiddleware`: a session ends after SESSION_IDLE_SECONDS without a request, and
  SESSION_ABSOLUTE_SECONDS after signing in, whatever happens. A form posted after that is kept
  for after signing in again (tracker/unsaved.py), as any other ended session.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control

from .security_log import security_event

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last-seen time is written at most this often, so most requests do not save the session.
LAST_SEEN_RESOLUTION = 60


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            patch_cache_control(response, no_store=True, private=True)
        if response.status_code == 403:
            security_event("request_refused", request=request, path=request.path[:500], method=request.method)
        return response


class SessionTimeoutMiddleware:
    """Ends a signed-in session that was idle too long or has lasted too long (after
    AuthenticationMiddleware, before the sign-in middleware that keeps what a late form typed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = time.time()
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
        if signed_in_at is None:
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            return
        idle = now - (last_seen_at or now) > settings.SESSION_IDLE_SECONDS
        too_long = now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
        if idle or too_long:
            security_event(
                "session_expired",
                request=request,
                username=request.user.get_username(),
                reason="idle" if idle else "lifetime",
            )
            logout(request)
            return
        if now - (last_seen_at or 0) >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_AT] = now
