from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path(
        "recommendations/export.csv",
        views.RecommendationExportView.as_view(),
        name="recommendation-export",
    ),
    path(
        "recommendations/<int:ref>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"
    ),
    path("recommendations/<int:ref>/questions/", views.question_ask, name="question-ask"),
    path("my-work/", views.my_work, name="my-work"),
    path("recommendations/<int:ref>/update/", views.progress_update_edit, name="recommendation-update"),
    path(
        "recommendations/<int:ref>/actions/<int:position>/update/",
        views.progress_update_edit,
        name="action-update",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("recommendations/<int:ref>/lead-officer/", views.lead_officer_assign, name="lead-officer-assign"),
    path("quarters/", views.ReportingPeriodListView.as_view(), name="period-list"),
    path("quarters/open/", views.period_open, name="period-open"),
    path("quarters/<int:pk>/close/", views.period_close, name="period-close"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", views.review_update, name="review-update"),
    path(
        "recommendations/<int:ref>/compare/",
        views.RecommendationCompareView.as_view(),
        name="recommendation-compare",
    ),
]
