from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import help, passwords
from .views import SignInView, health_check

urlpatterns = [
    # Before the reporting pages, whose review addresses (reviews/<slug>/) would take "import".
    path("reviews/import/", include("recommendations.imports.urls")),
    path("", include("reporting.urls")),  # the dashboard is the home page
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/", passwords.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        passwords.PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("recommendations.urls")),
    path("", include("panels.urls")),
    path("help/", help.help_page, name="help"),
    path("help/glossary/", help.PublicPageView.as_view(template_name="help/glossary.html"), name="glossary"),
    path(
        "accessibility/",
        help.PublicPageView.as_view(template_name="help/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", help.PublicPageView.as_view(template_name="help/privacy.html"), name="privacy"),
    path("contact/", help.PublicPageView.as_view(template_name="help/contact.html"), name="contact"),
    path("admin/", admin.site.urls),
    path("healthz", health_check, name="health-check"),
]
