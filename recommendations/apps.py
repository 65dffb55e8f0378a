from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"

    def ready(self):
        from tracker.context_processors import register_count, register_review_finder

        from .navigation import my_work_count, review_count, review_slug_in_view

        register_count("recommendations:my-work", my_work_count)
        register_count("recommendations:review-queue", review_count)
        register_review_finder(review_slug_in_view)

    def fixture_loaded(self, *, using: str) -> None:
        """After `loaddata` (tracker's): quarters loaded already closed get their snapshot."""
        from .snapshots import freeze_closed_quarters_without_snapshot

        freeze_closed_quarters_without_snapshot()
