from django.contrib.auth import views as auth_views
from django.urls import reverse

from .models import Role


class SignInView(auth_views.LoginView):
    """Sign in, then go where the person's work is: officers to what they lead, others to the
    dashboard (or to the page they asked for)."""

    def get_default_redirect_url(self):
        if self.request.user.role == Role.LEAD_OFFICER:
            return reverse("recommendations:my-work")
        return reverse("reporting:home")
