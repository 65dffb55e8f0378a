import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Role

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    """Sign in, then go where the person's work is: officers to what they lead, others to the
    dashboard (or to the page they asked for)."""

    def get_default_redirect_url(self):
        if self.request.user.role == Role.LEAD_OFFICER:
            return reverse("recommendations:my-work")
        return reverse("reporting:dashboard")


@login_not_required
@require_safe
@never_cache
def health_check(request):
    """For the load balancer: 200 when this server can reach the database, 503 when it cannot.
    No sign-in, no session, no data: only whether each part answers."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        checks["database"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
