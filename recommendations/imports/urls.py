from django.urls import path, re_path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.review_import_upload, name="review-import"),
    re_path(
        r"^template\.(?P<extension>xlsx|csv)$", views.review_import_template, name="review-import-template"
    ),
    path("<str:token>/", views.review_import_preview, name="review-import-preview"),
]
