from django.urls import include, path

from . import views

app_name = "panels"

# A review's panel pages, under /reviews/<slug>/panel/.
review_patterns = [
    path("", views.ReviewPanelView.as_view(), name="review-panel"),
    path("recommendations/", views.PanelRecommendationListView.as_view(), name="panel-recommendation-list"),
    path("recommendations/new/", views.panel_recommendation_create, name="panel-recommendation-create"),
    path(
        "recommendations/<int:pk>/",
        views.PanelRecommendationDetailView.as_view(),
        name="panel-recommendation-detail",
    ),
    path(
        "recommendations/<int:pk>/response/",
        views.panel_recommendation_response,
        name="panel-recommendation-response",
    ),
    path(
        "recommendations/<int:pk>/progress/",
        views.panel_recommendation_progress,
        name="panel-recommendation-progress",
    ),
]

urlpatterns = [
    path("panels/<int:pk>/", views.PanelDetailView.as_view(), name="panel-detail"),
    path("reviews/<slug:review>/panel/", include(review_patterns)),
]
