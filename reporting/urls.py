from django.urls import path, re_path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:review>/", views.dashboard, name="dashboard"),
    # The seed's addresses from before reviews had their own, moved to the seed review's.
    re_path(
        r"^(?P<path>(?:recommendations|quarters|panel)(?:/.*)?)$",
        views.first_review_redirect,
        name="first-review-redirect",
    ),
]
