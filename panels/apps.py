from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from recommendations import sections as recommendation_sections
        from recommendations import snapshots

        from . import sections
        from .models import PanelRecommendation

        # A quarter's snapshot holds the panel's recommendations as they stood, too.
        snapshots.freeze_also(
            PanelRecommendation,
            lambda review: PanelRecommendation.objects.filter(report__panel__reviews=review),
        )

        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_PAGE, sections.RECOMMENDATION_FINDINGS
        )
        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_LIST, sections.STATED_COMPLETION
        )
