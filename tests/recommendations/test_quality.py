import datetime

import pytest
from django.urls import reverse

from recommendations.models import Rag, Status
from recommendations.quality import (
    COPIED,
    NO_EVIDENCE,
    RAG_CONTRADICTS,
    STATUS_WITHOUT_NARRATIVE,
    TIMESCALE_BEFORE_QUARTER,
    TIMESCALE_PAST,
    flags_for,
    similarity,
)
from tests.factories import (
    AcceptedUpdateFactory,
    ClosedReportingPeriodFactory,
    InProgressRecommendationFactory,
    SubmittedUpdateFactory,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Procedures to be updated to ensure chronologies are completed at key points. Care First 6 improves "
    "chronologies and is now being rolled out across the service."
)


def submitted(previous_narrative=NARRATIVE, previous_status=Status.IN_PROGRESS, **fields):
    recommendation = InProgressRecommendationFactory()
    q2 = ClosedReportingPeriodFactory(review=recommendation.review)
    if previous_narrative is not None:
        AcceptedUpdateFactory(
            recommendation=recommendation, period=q2, narrative=previous_narrative, status=previous_status
        )
    return SubmittedUpdateFactory(recommendation=recommendation, **fields)


def codes(update) -> list[str]:
    return [flag.code for flag in flags_for(update)]


def test_a_narrative_copied_from_the_previous_quarter_is_flagged():
    update = submitted(narrative=NARRATIVE)
    assert codes(update) == [COPIED]
    assert flags_for(update)[0].message == "The narrative is identical to 2010/11 Q2's."


def test_a_nearly_identical_narrative_is_flagged_with_how_alike():
    update = submitted(narrative=NARRATIVE.replace("key points", "the key points"))
    assert similarity(NARRATIVE, update.narrative) >= 0.9
    assert codes(update) == [COPIED]
    assert "% the same as 2010/11 Q2's" in flags_for(update)[0].message


def test_a_new_narrative_is_not_flagged():
    assert codes(submitted(narrative="Audit of 40 files found chronologies in 38.")) == []


def test_a_status_change_with_the_same_narrative_is_flagged():
    update = submitted(narrative=NARRATIVE, status=Status.NO_PROGRESS, rag=Rag.AMBER)
    assert STATUS_WITHOUT_NARRATIVE in codes(update)


def test_a_completion_without_evidence_is_flagged_and_with_evidence_is_not():
    assert NO_EVIDENCE in codes(submitted(narrative="Done.", status=Status.COMPLETED, rag=Rag.COMPLETE))
    evidenced = submitted(
        narrative="Done.", status=Status.COMPLETED, rag=Rag.COMPLETE, evidence_links="https://example.org/a"
    )
    assert codes(evidenced) == []


def test_a_revised_timescale_before_the_quarter_or_already_past_is_flagged():
    before = submitted(
        narrative="New.", revised_timescale="May 2010", revised_due_date=datetime.date(2010, 5, 31)
    )
    assert codes(before) == [TIMESCALE_BEFORE_QUARTER]
    past = submitted(
        narrative="New.",
        revised_timescale="November 2010",
        revised_due_date=datetime.date(2010, 11, 30),
        submitted_at=datetime.datetime(2011, 1, 10, tzinfo=datetime.UTC),
    )
    assert codes(past) == [TIMESCALE_PAST]


@pytest.mark.parametrize(
    ("status", "rag"),
    [(Status.NO_PROGRESS, Rag.GREEN), (Status.NOT_STARTED, Rag.GREEN), (Status.COMPLETED, Rag.RED)],
)
def test_a_rag_that_contradicts_the_status_is_flagged(status, rag):
    update = submitted(narrative="New.", status=status, rag=rag, evidence_links="https://example.org/a")
    assert codes(update) == [RAG_CONTRADICTS]


def test_the_first_update_has_no_previous_quarter_to_copy():
    assert codes(submitted(previous_narrative=None, narrative=NARRATIVE)) == []


def test_the_review_page_shows_the_flags_and_still_offers_to_accept(coordinator_client):
    update = submitted(narrative=NARRATIVE, status=Status.COMPLETED, rag=Rag.RED)
    response = coordinator_client.get(reverse("recommendations:review-update", kwargs={"pk": update.pk}))
    flags = parse(response).by_id("quality-flags")
    assert [item.attrs["data-flag"] for item in flags.find_all("li")] == [
        COPIED,
        STATUS_WITHOUT_NARRATIVE,
        NO_EVIDENCE,
        RAG_CONTRADICTS,
    ]
    assert parse(response).by_id("accept-heading") is not None
