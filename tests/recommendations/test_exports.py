import pytest
from django.core.management import CommandError

from recommendations.columns import CSV_COLUMNS
from recommendations.exports import neutralise_formula
from recommendations.models import Rag, Status
from tests.factories import ProposedActionFactory, RecommendationFactory, ReviewFactory, ThemeFactory
from tests.helpers import export_appendix

pytestmark = pytest.mark.django_db


def records(*args) -> list[dict[str, str]]:
    header, *rows = export_appendix(*args)
    return [dict(zip(header, row, strict=True)) for row in rows]


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
        recommendation__rag=Rag.AMBER,
        recommendation__status=Status.IN_PROGRESS,
    )
    ProposedActionFactory(recommendation=action.recommendation, text="Link to ECM Hubs", position=2)
    header, *rows = export_appendix("--format", "csv")
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) == 2
    first = dict(zip(header, rows[0], strict=True))
    assert first == {
        "Theme": "Prevention & Early Intervention",
        "Ref": str(action.recommendation.ref),
        "Recommendation": action.recommendation.text,
        "Assigned to": "DCS KSCB",
        "Lead Officer": "KSCB manager",
        "Proposed Action": "Produce and agree flow charts",
        "Timescale": "April 2010",
        "Progress update": "Protocol and flow-charts produced and agreed.",
        "Status": "In progress",
        "RAG": "Amber",
        "Key": "Completed",
        "Action status": "Completed",
        "Due date": action.due_date.isoformat() if action.due_date else "",
        "Quarter": "now",
    }


def test_a_recommendation_without_actions_still_has_a_row():
    recommendation = RecommendationFactory(status=Status.NO_PROGRESS)
    (row,) = records()
    assert row["Ref"] == str(recommendation.ref)
    action_cells = ("Lead Officer", "Proposed Action", "Timescale", "Progress update")
    assert [row[name] for name in action_cells] == [""] * 4
    assert row["Status"] == row["Action status"] == "No progress"


def test_the_update_on_the_recommendation_as_a_whole_is_a_row_after_its_actions():
    action = ProposedActionFactory(recommendation__progress="All partners have signed the protocol.")
    first, whole = records()
    assert first["Proposed Action"] == action.text
    assert whole["Proposed Action"] == ""
    assert whole["Progress update"] == "All partners have signed the protocol."


def test_text_with_commas_quotes_and_newlines_survives_the_round_trip():
    text = 'Investigate:\n• the "appropriate" level, of seniority'
    ProposedActionFactory(recommendation__text=text)
    (row,) = records()
    assert row["Recommendation"] == text


def test_a_formula_in_a_narrative_comes_out_as_text():
    ProposedActionFactory(progress='=HYPERLINK("http://example.test","Click")', text="-1+1")
    (row,) = records()
    assert row["Progress update"] == '\'=HYPERLINK("http://example.test","Click")'
    assert row["Proposed Action"] == "'-1+1"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralise_formula(f"{start}1") == f"'{start}1"
    assert neutralise_formula(f"a{start}1") == f"a{start}1"


def test_export_asks_which_review_when_several_are_tracked():
    RecommendationFactory()
    RecommendationFactory()
    with pytest.raises(CommandError, match="Several reviews are tracked"):
        export_appendix()


def test_export_of_one_review_by_slug():
    wanted = RecommendationFactory(theme=ThemeFactory(review=ReviewFactory(slug="wanted")))
    RecommendationFactory()
    rows = records("--review", "wanted")
    assert [row["Recommendation"] for row in rows] == [wanted.text]


def test_export_refuses_an_unknown_format():
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        export_appendix("--format", "pdf")


def test_export_refuses_an_unknown_quarter_naming_the_quarters_there_are():
    RecommendationFactory()
    with pytest.raises(CommandError, match="No quarter named '2099/00 Q9'"):
        export_appendix("--quarter", "2099/00 Q9")
