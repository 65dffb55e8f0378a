from recommendations import columns
from reporting.papers import columns as paper_columns


def test_the_council_layout_has_the_reports_seven_columns_then_the_key():
    assert columns.paper_columns(with_status_and_rag=False) == (
        "Ref",
        "Recommendation",
        "Assigned to",
        "Lead Officer",
        "Proposed Action",
        "Timescale",
        "Progress update",
        "Key",
    )


def test_with_status_and_rag_adds_them_before_the_key():
    assert columns.paper_columns(with_status_and_rag=True)[-3:] == ("Status", "RAG", "Key")


def test_the_csv_has_every_paper_column_and_the_theme_quarter_and_due_date():
    assert set(columns.paper_columns(with_status_and_rag=True)) < set(columns.CSV_COLUMNS)
    assert {"Theme", "Quarter", "Due date", "Action status"} < set(columns.CSV_COLUMNS)
    assert len(set(columns.CSV_COLUMNS)) == len(columns.CSV_COLUMNS)


def test_the_papers_name_the_same_definitions():
    assert paper_columns.CSV_COLUMNS is columns.CSV_COLUMNS
    assert paper_columns.APPENDIX_1_COLUMNS is columns.APPENDIX_1_COLUMNS
