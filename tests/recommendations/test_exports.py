import pytest
from django.core.management import CommandError

from recommendations.exports import APPENDIX_HEADER
from recommendations.models import Status
from tests.factories import ProposedActionFactory, RecommendationFactory, ReviewFactory, ThemeFactory
from tests.helpers import export_appendix

pytestmark = pytest.mark.django_db


def test_export_writes_the_header_and_one_row_per_action():
    action = ProposedActionFactory(
        position=1,
        text="Produce and agree flow charts",
        lead_officer_text="KSCB manager",
        timescale="April 2010",
        progress="Protocol and flow-charts produced and agreed.",
        status=Status.COMPLETED,
        recommendation__assigned_to_text="DCS KSCB",
        recommendation__theme__name="Prevention & Early Intervention",
    )
    ProposedActionFactory(recommendation=action.recommendation, text="Link to ECM Hubs", position=2)
    header, *rows = export_appendix("--format", "csv")
    assert header == APPENDIX_HEADER
    assert len(rows) == 2
    assert rows[0] == [
        str(action.recommendation.ref),
        "Prevention & Early Intervention",
        action.recommendation.text,
        "DCS KSCB",
        "KSCB manager",
        "Produce and agree flow charts",
        "April 2010",
        "Protocol and flow-charts produced and agreed.",
        "Completed",
    ]


def test_a_recommendation_without_actions_still_has_a_row():
    recommendation = RecommendationFactory(status=Status.NO_PROGRESS)
    header, row = export_appendix()
    assert row[0] == str(recommendation.ref)
    assert row[4:8] == ["", "", "", ""]
    assert row[8] == "No progress"


def test_text_with_commas_quotes_and_newlines_survives_the_round_trip():
    text = 'Investigate:\n• the "appropriate" level, of seniority'
    ProposedActionFactory(recommendation__text=text)
    _, row = export_appendix()
    assert row[2] == text


def test_export_asks_which_review_when_several_are_tracked():
    RecommendationFactory()
    RecommendationFactory(theme__review=ReviewFactory())
    with pytest.raises(CommandError, match="Several reviews are tracked"):
        export_appendix()


def test_export_of_one_review_by_slug():
    wanted = RecommendationFactory(theme=ThemeFactory(review=ReviewFactory(slug="wanted")))
    RecommendationFactory(theme__review=ReviewFactory())
    _, *rows = export_appendix("--review", "wanted")
    assert [row[2] for row in rows] == [wanted.text]


def test_export_refuses_an_unknown_format():
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        export_appendix("--format", "pdf")
