from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from recommendations.views import dashboard

from .views import SignInView

urlpatterns = [
    # The dashboard is the home page; "home" and "recommendations:dashboard" both name "/".
    path("", dashboard, name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("recommendations.urls")),
    path("", include("panels.urls")),
    path("admin/", admin.site.urls),
]
