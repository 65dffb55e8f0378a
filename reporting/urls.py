from django.urls import path

from . import views
from .papers import views as papers

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("papers/", papers.papers, name="papers"),
    path("papers/appendix-1/", papers.appendix_page, name="appendix"),
    path("papers/appendix-1.<str:extension>", papers.appendix_download, name="appendix-download"),
    path("papers/changes/", papers.change_report_page, name="change-report"),
    path("papers/changes.<str:extension>", papers.change_report_download, name="change-report-download"),
    path("papers/scrutiny-action-plan/", papers.action_plan_page, name="action-plan"),
    path(
        "papers/scrutiny-action-plan.<str:extension>",
        papers.action_plan_download,
        name="action-plan-download",
    ),
]
