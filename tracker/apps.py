from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Users and roles"

    def ready(self):
        from . import security_log

        security_log.connect(self.get_model("User"))
