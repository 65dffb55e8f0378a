from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """What the panel reads across the apps: the dashboard (and, later, the papers); no models."""

    name = "reporting"
