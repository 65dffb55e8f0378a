import datetime
import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import QueuedEmail
from .passwords import landing_page

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    """Sign in, then go where the person's work is: officers to what they lead, others to the
    dashboard (or to the page they asked for)."""

    def get_default_redirect_url(self):
        return landing_page(self.request.user)


@login_not_required
@require_safe
@never_cache
def health_check(request):
    """For the load balancer and monitoring: 200 when this server can reach the database, 503 when
    it cannot; and how the email queue stands (emails that failed every try, emails waiting more
    than an hour: a worker that is not running). No sign-in, no session, no personal data."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        checks["email_failed"] = QueuedEmail.objects.failed().count()
        checks["email_waiting_over_an_hour"] = QueuedEmail.objects.due(now=an_hour_ago).count()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        checks = {"database": "unavailable"}
    healthy = checks["database"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
