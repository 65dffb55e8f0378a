"""Passwords: changing one's own, resetting a forgotten one by email, and setting the first one
from an invitation, all on Django's auth views and token machinery, drawn as GOV.UK forms.

Links in the emails point at `SITE_URL`, as every email of the service does. An invitation is a
password-reset link for an account that has no password yet (`invitation_link`), so a forgotten
invitation is answered by "Forgot your password?" too.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .forms import GovukFormMixin
from .models import Role
from .outbox import queue
from .security_log import security_event


def landing_page(user) -> str:
    """Where a person's work is: officers to what they lead, everyone else to the dashboard."""
    if user.role == Role.LEAD_OFFICER:
        return reverse("recommendations:my-work")
    return reverse("reporting:home")


def invitation_link(user) -> str:
    """The address at which `user` sets a password: valid until it is used, the password changes
    or PASSWORD_RESET_TIMEOUT passes."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """ "Forgot your password?": an email address; a link goes to each active account with it."""

    field_options = {"email": {"label": "Email address", "spellcheck": "false"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the email queue, as every email of the service goes (tracker/outbox.py).
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue([EmailMessage(subject, body, from_email, [to_email])])

    def get_users(self, email):
        # Unlike Django's, accounts still waiting to set their first password (invited, the
        # email lost) are sent a link too: whoever reads the address's mail was invited anyway.
        return (
            user
            for user in get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
            if user.email.lower() == email.lower()
        )


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    """A new password, twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages["password_mismatch"] = "The two passwords do not match: enter them again"


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """The current password, then a new one twice."""

    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages["password_incorrect"] = "Your current password is not right: enter it again"


class FormErrorsMixin:
    """The error summary's links, as every form page of the service gives them."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["errors"] = form.error_links() if form is not None else []
        return context


class PasswordChangeView(FormErrorsMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response

    def get_success_url(self):
        return landing_page(self.request.user)


class PasswordResetView(FormErrorsMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME}

    def form_valid(self, form):
        # The page says the same whether or not an account matched; the log says which did.
        accounts = [user.get_username() for user in form.get_users(form.cleaned_data["email"])]
        security_event("password_reset_asked", request=self.request, accounts=accounts)
        return super().form_valid(form)

    @property
    def extra_email_context(self):
        return self.get_extra_email_context()


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeout_days=settings.PASSWORD_RESET_TIMEOUT // 86400, **kwargs)


class PasswordSetView(FormErrorsMixin, auth_views.PasswordResetConfirmView):
    """The link from an invitation or a reset email: set a password, and be signed in."""

    form_class = SetPasswordForm
    template_name = "registration/password_set_form.html"
    post_reset_login = True
    # Sign-in throttling (django-axes) stands first among the backends; setting a password with a
    # valid link signs in through Django's own.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        security_event("password_set_by_link", request=self.request, username=self.user.get_username())
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been set and you are signed in.")
        return response

    def get_success_url(self):
        return landing_page(self.user)
