from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.review_import_upload, name="review-import"),
    path("template.<str:extension>", views.review_import_template, name="review-import-template"),
    path("<str:token>/", views.review_import_preview, name="review-import-preview"),
]
