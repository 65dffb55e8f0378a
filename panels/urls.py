from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    path("panel/", views.PanelDetailView.as_view(), name="panel-detail"),
    path(
        "panel/recommendations/",
        views.PanelRecommendationListView.as_view(),
        name="panel-recommendation-list",
    ),
    path(
        "panel/recommendations/new/",
        views.panel_recommendation_create,
        name="panel-recommendation-create",
    ),
    path(
        "panel/recommendations/<int:pk>/",
        views.PanelRecommendationDetailView.as_view(),
        name="panel-recommendation-detail",
    ),
    path(
        "panel/recommendations/<int:pk>/response/",
        views.panel_recommendation_response,
        name="panel-recommendation-response",
    ),
    path(
        "panel/recommendations/<int:pk>/progress/",
        views.panel_recommendation_progress,
        name="panel-recommendation-progress",
    ),
]
