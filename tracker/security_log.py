"""The security log: who did what, when (UTC) and from where, one JSON object a line.

Written to the `tracker.security` logger (LOGGING sends it to standard output as JSON lines:
tracker/logs.py). Events: sign-in succeeded / failed, account locked out, signed out, session
expired, password changed, password reset asked for and set by its link, role changed, lockout
lifted by an administrator, request refused (403). Passwords are never written.
"""

import logging

from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

logger = logging.getLogger("tracker.security")


def security_event(event: str, *, request=None, **fields) -> None:
    """Write one security event, with the request's user and address when there is a request."""
    from .security import client_ip  # the middleware module imports this one

    record = {"event": event, "at": timezone.now().isoformat()}
    if request is not None:
        user = getattr(request, "user", None)
        record["by"] = user.get_username() if user is not None and user.is_authenticated else None
        record["ip"] = client_ip(request)
        record["path"] = request.path[:500]
    record.update(fields)
    logger.info(event, extra={"security": record})


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


@receiver(auth_signals.user_logged_in)
def signed_in(sender, request, user, **kwargs):
    from .security import LAST_SEEN_AT, SIGNED_IN_AT

    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
    security_event("sign_in_succeeded", request=request, username=user.get_username())


@receiver(auth_signals.user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    security_event("sign_in_failed", request=request, username=str(credentials.get("username", ""))[:150])


@receiver(auth_signals.user_logged_out)
def signed_out(sender, request, user, **kwargs):
    security_event("signed_out", request=request, username=user.get_username() if user else None)


def locked_out(sender, request, username, ip_address, **kwargs):
    security_event("account_locked_out", request=request, username=str(username or "")[:150], ip=ip_address)


def lockout_lifted(sender, instance, **kwargs):
    """An administrator deleted a lockout's record of failures (in the admin or with axes_reset)."""
    request = _current_request()
    fields = {"request": request, "username": instance.username, "ip": instance.ip_address}
    if request is None:
        fields["by"] = "a command on the server"
    security_event("lockout_lifted", **fields)


def account_changed(sender, instance, raw=False, **kwargs):
    """A password or role changed, by whom (the signed-in user, or a command run on the server)."""
    if raw or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).values("password", "role").first()
    if before is None:
        return
    request = _current_request()
    common = {"request": request, "username": instance.get_username()}
    if request is None:
        common["by"] = "a command on the server"
    if before["password"] != instance.password:
        security_event("password_changed", **common)
    if before["role"] != instance.role:
        security_event("role_changed", **common, role_before=before["role"], role_after=instance.role)


def connect(user_model) -> None:
    """Connect the signals that need the user model and django-axes (from TrackerConfig.ready)."""
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="tracker.security_log.locked_out")
    post_delete.connect(
        lockout_lifted, sender=AccessAttempt, dispatch_uid="tracker.security_log.lockout_lifted"
    )
    pre_save.connect(account_changed, sender=user_model, dispatch_uid="tracker.security_log.account_changed")
