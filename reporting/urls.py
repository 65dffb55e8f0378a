from django.urls import path, re_path

from . import views
from .papers import views as papers

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:review>/", views.dashboard, name="dashboard"),
    path("reviews/<slug:review>/papers/", papers.papers, name="papers"),
    path("reviews/<slug:review>/papers/appendix-1/", papers.appendix_page, name="appendix"),
    path(
        "reviews/<slug:review>/papers/appendix-1.<str:extension>",
        papers.appendix_download,
        name="appendix-download",
    ),
    path("reviews/<slug:review>/papers/changes/", papers.change_report_page, name="change-report"),
    path(
        "reviews/<slug:review>/papers/changes.<str:extension>",
        papers.change_report_download,
        name="change-report-download",
    ),
    path("reviews/<slug:review>/papers/scrutiny-action-plan/", papers.action_plan_page, name="action-plan"),
    path(
        "reviews/<slug:review>/papers/scrutiny-action-plan.<str:extension>",
        papers.action_plan_download,
        name="action-plan-download",
    ),
    # The seed's addresses from before reviews had their own, moved to the seed review's.
    re_path(
        r"^(?P<path>(?:recommendations|quarters|panel|papers)(?:/.*)?)$",
        views.first_review_redirect,
        name="first-review-redirect",
    ),
]
