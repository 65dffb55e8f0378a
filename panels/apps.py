from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from recommendations import sections as recommendation_sections
        from recommendations import snapshots, synthetic

        from . import sections
        from .models import PanelRecommendation
        from .synthetic import make_panel

        # A quarter's snapshot holds the panel's recommendations as they stood, too.
        snapshots.freeze_also(
            PanelRecommendation,
            lambda review: PanelRecommendation.objects.filter(report__review=review),
        )

        # Each synthetic review gets a panel and its recommendations.
        synthetic.generate_also(make_panel)

        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_PAGE, sections.RECOMMENDATION_FINDINGS
        )
        recommendation_sections.add_section(
            recommendation_sections.RECOMMENDATION_LIST, sections.STATED_COMPLETION
        )
