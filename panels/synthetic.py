"""Each synthetic review's panel: its members, a report and the panel's own recommendations."""

from __future__ import annotations

import datetime

from recommendations.models import Rag, Status
from recommendations.synthetic import words

from .models import Panel, PanelMember, PanelRecommendation, PanelReport

PANEL_RECOMMENDATIONS = 5


def make_panel(rng, review, recommendations) -> list[PanelRecommendation]:
    """A panel overseeing `review`, with a report and five recommendations of its own, most agreed
    and some under way. The panel recommendations are returned: a quarter freezes them."""
    panel = Panel.objects.create(name=f"{review.name} panel")
    panel.reviews.add(review)
    PanelMember.objects.bulk_create(
        [
            PanelMember(
                panel=panel,
                name=f"Member {position} of {review.name}",
                kind=PanelMember.Kind.COUNCILLOR,
                is_lead=position == 1,
                position=position,
            )
            for position in range(1, 7)
        ]
    )
    report = PanelReport.objects.create(
        review=review,
        panel=panel,
        title=f"{review.name}: progress report",
        published=datetime.date(2011, 1, 1),
        published_text="January 2011",
    )
    made = PanelRecommendation.objects.bulk_create(
        [
            PanelRecommendation(
                report=report,
                number=number,
                text=words(rng, 15, 40),
                agreed=(agreed := rng.random() < 0.8),
                implementation=words(rng, 10, 30) if agreed else "",
                responsible="Director of Children's Services" if agreed else "",
                status=(status := rng.choice([Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED])),
                rag=Rag.COMPLETE if status == Status.COMPLETED else rng.choice([Rag.GREEN, Rag.AMBER]),
            )
            for number in range(1, PANEL_RECOMMENDATIONS + 1)
        ]
    )
    through = PanelRecommendation.recommendations.through
    through.objects.bulk_create(
        [
            through(panelrecommendation_id=made_one.pk, recommendation_id=recommendation.pk)
            for made_one in made
            for recommendation in rng.sample(recommendations, k=min(2, len(recommendations)))
        ]
    )
    return made
