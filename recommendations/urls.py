from django.urls import path

from .views import chasing, compare, list, officers, people, quarters, recommendation, review, work

app_name = "recommendations"

urlpatterns = [
    path("recommendations/", list.RecommendationListView.as_view(), name="recommendation-list"),
    path("recommendations/export.csv", list.RecommendationExportView.as_view(), name="recommendation-export"),
    path(
        "recommendations/<int:ref>/",
        recommendation.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path("recommendations/<int:ref>/questions/", recommendation.question_ask, name="question-ask"),
    path("questions/<int:pk>/answer/", recommendation.question_answer, name="question-answer"),
    path(
        "recommendations/<int:ref>/compare/",
        compare.RecommendationCompareView.as_view(),
        name="recommendation-compare",
    ),
    path("recommendations/<int:ref>/lead-officer/", officers.lead_officer_assign, name="lead-officer-assign"),
    path("my-work/", work.my_work, name="my-work"),
    path("my-work/what-i-lead/", work.what_i_lead, name="what-i-lead"),
    path("my-work/past-updates/", work.my_past_updates, name="my-past-updates"),
    path("recommendations/<int:ref>/update/", work.progress_update_edit, name="recommendation-update"),
    path(
        "recommendations/<int:ref>/actions/<int:position>/update/",
        work.progress_update_edit,
        name="action-update",
    ),
    path("evidence/<int:pk>/", work.evidence_download, name="evidence-download"),
    path("quarters/", quarters.ReportingPeriodListView.as_view(), name="period-list"),
    path("quarters/open/", quarters.period_open, name="period-open"),
    path("quarters/<int:pk>/change/", quarters.period_edit, name="period-edit"),
    path("quarters/<int:pk>/delete/", quarters.period_delete, name="period-delete"),
    path("quarters/<int:pk>/open/", quarters.period_start, name="period-start"),
    path("quarters/<int:pk>/close/", quarters.period_close, name="period-close"),
    path("quarters/<int:pk>/reopen/", quarters.period_reopen, name="period-reopen"),
    path("quarters/<int:pk>/chase/", chasing.period_chase, name="period-chase"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.account_invite, name="account-invite"),
    path("people/officers/<int:pk>/account/", people.officer_account, name="officer-account"),
    path(
        "people/accounts/<int:pk>/<slug:action>/",
        people.account_change,
        name="account-change",
    ),
    path("review/", review.ReviewQueueView.as_view(), name="review-queue"),
    path("review/together/", review.review_together, name="review-together"),
    path("review/<int:pk>/", review.review_update, name="review-update"),
    path("review/<int:pk>/correct/", review.correct_update, name="correct-update"),
]
