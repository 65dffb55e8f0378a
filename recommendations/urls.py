from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("<int:ref>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"),
]
