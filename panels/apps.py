from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from recommendations import sections as recommendation_sections

        from . import sections

        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_PAGE, sections.RECOMMENDATION_FINDINGS
        )
        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_LIST, sections.STATED_COMPLETION
        )
