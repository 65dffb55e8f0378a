"""Reading a file into what it would create, and every problem by row and column."""

import pytest

from recommendations import columns
from recommendations.imports.files import read_rows
from recommendations.imports.plan import plan_import
from recommendations.models import Rag, Status
from tests import factories

from .spreadsheets import csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db


def plan_of(content, name="review.csv", **kwargs):
    return plan_import(read_rows(content, name), **kwargs)


def problems_of(content, name="review.csv"):
    return [str(problem) for problem in plan_of(content, name).problems]


def test_a_clean_csv_reads_as_themes_recommendations_and_actions():
    plan = plan_of(
        csv_file(
            [
                row(1, action="First", timescale="February 2010 Revised to May 2010"),
                row(1, action="Second", lead_officer="", timescale="On-going"),
                row(2, "Second recommendation", theme="Protection", status="Completed", key="Completed"),
            ]
        )
    )
    assert plan.problems == []
    assert plan.themes == ["Prevention", "Protection"]
    first, second = plan.recommendations
    assert [action.text for action in first.actions] == ["First", "Second"]
    assert first.actions[0].timescale.due.isoformat() == "2010-05-31"
    assert first.actions[0].timescale.original_due.isoformat() == "2010-02-28"
    assert first.actions[1].officer_names == ["LH"]  # carried down from the row above
    assert first.status == Status.IN_PROGRESS
    assert first.rag == Rag.AMBER
    assert second.status == Status.COMPLETED
    assert second.theme == "Protection"


def test_every_problem_is_listed_with_its_row_and_column():
    problems = problems_of(
        csv_file(
            [
                row(1, timescale="Sometime soon"),
                row(2, text=""),
                row(1, "Again"),
                row("x"),
                row(3, status="Nearly done"),
                row(4, "See recommendation 99"),
            ]
        )
    )
    assert problems[0].startswith("Row 2, Timescale (column G): Enter the timescale as a month and year")
    assert "Row 3, Recommendation (column C): is empty: recommendation 2 needs its text." in problems
    assert "Row 4, Ref (column B): 1 is already used at row 2: use each ref once." in problems
    assert 'Row 5, Ref (column B): "x" is not a recommendation number, like 12.' in problems
    assert any(
        problem.startswith('Row 6, Status (column I): "Nearly done" is not one of') for problem in problems
    )
    assert (
        "Row 7, Recommendation (column C): refers to recommendation 99, which is not in the file or the "
        "review." in problems
    )


def test_a_theme_that_comes_back_later_is_refused_as_an_unknown_order():
    problems = problems_of(csv_file([row(1), row(2, theme="Protection"), row(3, theme="Prevention")]))
    assert problems == [
        'Row 4, Theme (column A): "Prevention" already started at row 2, so the order of the themes is '
        "unknown: keep each theme's rows together, in report order."
    ]


def test_headings_other_than_the_exports_are_refused_naming_them():
    problems = problems_of(csv_file([["1", "Text"]], headings=["ref", "recommendation"]))
    assert len(problems) == 1
    assert "The first row must be the Appendix 1 export's headings, exactly: Theme, Ref" in problems[0]
    assert "(found: ref, recommendation)" in problems[0]


def test_a_recommendations_last_row_without_action_cells_is_its_update_as_a_whole():
    plan = plan_of(
        csv_file(
            [
                row(1),
                row(
                    1,
                    lead_officer="",
                    action="",
                    timescale="",
                    progress="Overall progress",
                    action_status="In progress",
                ),
                row(2, lead_officer="", action="", timescale="", progress="", action_status="In progress"),
            ]
        )
    )
    first, second = plan.recommendations
    assert len(first.actions) == 1
    assert first.progress == "Overall progress"
    assert second.actions == []
    assert second.progress == ""


def test_known_officers_and_assignees_are_found_and_the_rest_are_new():
    factories.OfficerFactory(name="Head of KEYS")
    factories.AssigneeFactory(name="Assistant Director for Support & Protection")
    plan = plan_of(
        csv_file(
            [
                row(
                    1,
                    assigned_to="Assistant Director for Support & Protection KSCB",
                    lead_officer="Head of KEYS/ Integrated Children's Services Manager",
                )
            ]
        )
    )
    assert plan.recommendations[0].assignee_names == ["Assistant Director for Support & Protection", "KSCB"]
    assert plan.actions[0].officer_names == ["Head of KEYS", "Integrated Children's Services Manager"]
    assert plan.new_officers == ["Integrated Children's Services Manager"]
    assert plan.known_assignees == ["Assistant Director for Support & Protection"]


def test_cross_references_are_read_from_the_text():
    plan = plan_of(
        csv_file(
            [
                row(1),
                row(4),
                row(5),
                row(21, "Protocols (Xref recs 1&4)", progress="See recommendations 1 & 5"),
            ]
        )
    )
    assert plan.problems == []
    assert plan.recommendations[-1].cross_references == [1, 4, 5]


def test_a_cross_reference_may_name_a_recommendation_already_in_the_review():
    plan = plan_of(csv_file([row(7, "See recommendation 3")]), existing_refs=[3])
    assert plan.problems == []
    assert plan.recommendations[0].cross_references == [3]


def test_an_xlsx_with_a_formula_names_its_cell():
    content = xlsx_file([row(1, timescale="=NOW()"), row(2, progress='=HYPERLINK("x")')])
    problems = problems_of(content, "review.xlsx")
    assert problems == [
        "Row 2, Timescale (column G): is a formula: type the value itself, not a formula.",
        "Row 3, Progress update (column H): is a formula: type the value itself, not a formula.",
    ]


def test_text_the_csv_export_neutralised_reads_back_as_written():
    plan = plan_of(csv_file([row(1, progress='\'=HYPERLINK("x")')]))
    assert plan.actions[0].progress == '=HYPERLINK("x")'


def test_a_cell_longer_than_the_record_holds_is_refused():
    problems = problems_of(csv_file([row(1, timescale="May 2010 " * 30)]))
    assert problems == ["Row 2, Timescale (column G): is longer than 200 characters."]


def test_the_paper_layout_reads_theme_rows():
    workbook_rows = [
        ["Progress in Implementing Recommendations"],
        [],
        list(columns.paper_columns(with_status_and_rag=True)),
        ["Prevention"],
        [1, "Text", "DCS", "LH", "Action", "Nov 09", "Done", "Completed", "Complete", "Completed"],
        [None, None, None, "", "Second", "Dec 09", ""],
    ]
    from openpyxl import Workbook

    workbook = Workbook()
    for values in workbook_rows:
        workbook.active.append(values)
    import io

    stream = io.BytesIO()
    workbook.save(stream)
    plan = plan_of(stream.getvalue(), "paper.xlsx")
    assert plan.problems == []
    assert plan.layout == "spreadsheet with status and RAG"
    (recommendation,) = plan.recommendations
    assert recommendation.theme == "Prevention"
    assert recommendation.status == Status.COMPLETED
    assert [action.status for action in recommendation.actions] == [Status.COMPLETED, Status.NOT_ASSESSED]


@pytest.mark.parametrize("ref", ["0" * 9000, "²", "12.5", "0", "40000"])
def test_a_ref_that_is_not_a_usable_number_is_named(ref):
    problems = problems_of(csv_file([row(ref)]))
    assert problems[0].startswith("Row 2, Ref (column B):")
    assert "is not a recommendation number, like 12." in problems[0]
