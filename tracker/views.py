from django.contrib.auth import views as auth_views

from .passwords import landing_page


class SignInView(auth_views.LoginView):
    """Sign in, then go where the person's work is: officers to what they lead, others to the
    dashboard (or to the page they asked for)."""

    def get_default_redirect_url(self):
        return landing_page(self.request.user)
