from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"

    def fixture_loaded(self, *, using: str) -> None:
        """After `loaddata` (tracker's): quarters loaded already closed get their snapshot."""
        from .snapshots import freeze_closed_quarters_without_snapshot

        freeze_closed_quarters_without_snapshot()
