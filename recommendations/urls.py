from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("recommendations/<int:ref>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"),
]
