from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import SignInView

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Before reporting's /reviews/<slug>/: the pages beside the reviews (/reviews/new/).
    path("", include("recommendations.urls")),
    path("", include("panels.urls")),
    path("", include("reporting.urls")),  # the home page, each review's dashboard and papers
    path("admin/", admin.site.urls),
]
