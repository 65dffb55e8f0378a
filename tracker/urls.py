from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import SignInView

urlpatterns = [
    # Before the reporting pages, whose review addresses (reviews/<slug>/) would take "import".
    path("reviews/import/", include("recommendations.imports.urls")),
    path("", include("reporting.urls")),  # the dashboard is the home page
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("recommendations.urls")),
    path("", include("panels.urls")),
    path("admin/", admin.site.urls),
]
