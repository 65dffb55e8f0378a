"""Appendix 1 of the seed, as the council circulates it: Word, Excel, CSV and the print page, read
back with the libraries that open them and checked against the source report and the snapshot."""

import datetime

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from recommendations import services
from recommendations.columns import CSV_COLUMNS, paper_columns
from recommendations.models import (
    ProgressUpdate,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
    Theme,
)
from reporting.papers.appendix import appendix
from reporting.papers.excel import appendix_xlsx
from reporting.papers.key import GREY, YELLOW
from reporting.papers.word import appendix_docx
from tests.helpers import accept_update, lazy_review_url, open_2010_11_q3, parse, review_url
from tests.reporting.papers_reading import (
    csv_records,
    docx_document,
    docx_fills,
    docx_rows,
    docx_text,
    streamed,
    xlsx_sheet,
    xlsx_table,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]

PAPERS = lazy_review_url("reporting:papers")
PAGE = lazy_review_url("reporting:appendix")


def download(extension):
    return review_url("reporting:appendix-download", kwargs={"extension": extension})


# Rows whose text the source report gives (the extraction broke recommendation 51's row across a
# page break, and its progress update with it): recommendation, proposed action, timescale,
# progress update, word for word.
SOURCE_ROWS = {
    (2, 1): (
        "Commission work within ChYPS to develop mutual understanding and respect for work undertaken "
        "by family support workers in Localities and in Duty and Assessment/Care management",
        "ECM hubs in place which provide opportunities for multi-agency development",
        "On-going",
        "Completed",
    ),
    (2, 2): (
        "Commission work within ChYPS to develop mutual understanding and respect for work undertaken "
        "by family support workers in Localities and in Duty and Assessment/Care management",
        "Roll out system of identifying links and key colleagues in Children's Centres",
        "Sept 2010",
        "Being linked to new ChYPS structures",
    ),
    (51, 1): (
        "Ensure that good practice already achieved in disseminating lessons from SCRs promptly, and "
        "including these in training programmes, is maintained",
        "SCR workstream monitors this",
        "",
        "The SCR workstream monitors actions arising from Serious Case Reviews and how they are "
        "implemented in services. Training on Serious Case Reviews identifies good practice.",
    ),
    (50, 1): (
        "Make vigorous representations to oppose the requirement for both an independent author and an "
        "independent chair in the serious case review process",
        "Submitted in response to new Working Together Chapter 8 (KSCB & ADCS)",
        "",
        "Vigorous representations made to Government. Working Together 2010 still contains provisions for "
        "both an independent chair and an independent author.",
    ),
}


@pytest.fixture
def q2():
    return ReportingPeriod.objects.get(name="2010/11 Q2")


@pytest.fixture
def paper(q2):
    return appendix(q2.review, q2)


def expected_row_count() -> int:
    return sum(max(recommendation.actions.count(), 1) for recommendation in Recommendation.objects.all())


def theme_names() -> list[str]:
    return list(Theme.objects.order_by("position").values_list("name", flat=True))


def action_rows(rows, themes):
    """The table's rows after its header, without the theme rows."""
    return [row for row in rows[1:] if row[0] not in themes]


# Word -----------------------------------------------------------------------------------------


def test_word_appendix_has_the_reports_columns_themes_in_order_and_a_row_per_action(paper):
    content = appendix_docx(paper)
    rows = docx_rows(content)
    themes = theme_names()

    assert rows[0] == list(paper_columns(with_status_and_rag=False))
    # Theme rows are one merged cell across the table: its text in every column.
    theme_rows = [row[0] for row in rows[1:] if len(set(row)) == 1 and row[0] in themes]
    assert theme_rows == themes
    assert len(action_rows(rows, themes)) == expected_row_count()
    refs = [int(row[0]) for row in action_rows(rows, themes)]
    assert refs == sorted(refs)
    assert set(refs) == set(range(1, 55))


def test_word_appendix_reproduces_the_source_reports_text(paper):
    rows = action_rows(docx_rows(appendix_docx(paper)), theme_names())
    for (ref, position), (text, action, timescale, progress) in SOURCE_ROWS.items():
        row = [row for row in rows if row[0] == str(ref)][position - 1]
        assert (row[1], row[4], row[5], row[6]) == (text, action, timescale, progress), (ref, position)


def test_word_appendix_is_landscape_a4_with_a_repeated_header_page_numbers_and_a_title_block(paper):
    content = appendix_docx(paper)
    document = docx_document(content)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.1)
    assert abs(section.page_height - Cm(21)) < Cm(0.1)
    header = document.tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    footer = section.footer._element.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    title = docx_text(content)
    assert "Progress in Implementing Recommendations" in title
    assert "Kirklees Safeguarding Commission" in title
    assert "As at the end of 2010/11 Q2 (30 September 2010): the quarter is closed" in title
    assert f"Produced on {datetime.date.today():%-d %B %Y}" in title


def test_word_appendix_shades_completed_and_focus_rows_and_says_so_in_words(paper):
    content = appendix_docx(paper)
    rows, fills = docx_rows(content), docx_fills(content)
    key = rows[0].index("Key")

    completed = next(i for i, row in enumerate(rows) if row[0] == "2" and row[4].startswith("ECM hubs"))
    assert rows[completed][key] == "Completed"
    assert fills[completed][3:] == [GREY] * 5  # Lead Officer to Key, the action's own cells
    not_completed = completed + 1
    assert rows[not_completed][key] == ""
    assert set(fills[not_completed]) == {None}

    focus = next(i for i, row in enumerate(rows) if row[0] == "18")
    assert rows[focus][key] == "EMG / I&E focus"
    assert fills[focus][:3] == [YELLOW] * 3  # Ref, Recommendation, Assigned to
    assert Recommendation.objects.get(ref=18).focus


def test_word_appendix_with_status_and_rag_merges_the_recommendations_cells_down_its_actions(q2):
    content = appendix_docx(appendix(q2.review, q2, with_status_and_rag=True))
    rows = docx_rows(content)
    assert rows[0][-3:] == ["Status", "RAG", "Key"]
    second_action = [row for row in rows if row[0] == "2"][1]
    assert second_action[1].startswith("Commission work within ChYPS")  # the merged cell's text
    assert second_action[-3:-1] == ["In progress", "Not assessed"]
    table = docx_document(content).tables[0]
    tcs = [row._tr.tc_lst for row in table.rows if row.cells[0].text == "2"]
    assert tcs[1][0].tcPr.find(qn("w:vMerge")) is not None


# Excel ----------------------------------------------------------------------------------------


def test_excel_appendix_has_a_title_block_a_frozen_filtered_header_and_theme_rows_in_order(paper):
    content = appendix_xlsx(paper)
    sheet = xlsx_sheet(content)
    header_row, rows = xlsx_table(content)
    themes = theme_names()

    assert rows[0] == paper_columns(with_status_and_rag=False)
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header_row}:")
    assert sheet.cell(1, 1).value == "Progress in Implementing Recommendations"
    assert "2010/11 Q2" in sheet.cell(3, 1).value
    assert "closed" in sheet.cell(3, 1).value
    theme_rows = [row[0] for row in rows[1:] if row[0] in themes]
    assert theme_rows == themes
    assert all(set(row[1:]) == {None} for row in rows[1:] if row[0] in themes)
    body = [row for row in rows[1:] if row[0] not in themes]
    assert len(body) == expected_row_count()
    assert sheet.cell(header_row + 1, 2).alignment.wrap_text
    assert sheet.column_dimensions["B"].width >= 40


def test_excel_appendix_reproduces_the_source_and_shades_as_the_key(paper):
    content = appendix_xlsx(paper)
    sheet = xlsx_sheet(content)
    header_row, rows = xlsx_table(content)
    for (ref, position), (text, action, timescale, progress) in SOURCE_ROWS.items():
        row = [row for row in rows[1:] if row[0] == ref][position - 1]
        assert (row[1], row[4], row[5] or "", row[6]) == (text, action, timescale, progress)
    completed = next(i for i, row in enumerate(rows) if row[0] == 2 and row[4].startswith("ECM hubs"))
    cells = sheet[header_row + completed]
    assert cells[7].value == "Completed"
    assert cells[6].fill.fgColor.rgb.endswith(GREY)
    focus = next(i for i, row in enumerate(rows) if row[0] == 18)
    cells = sheet[header_row + focus]
    assert cells[7].value == "EMG / I&E focus"
    assert cells[1].fill.fgColor.rgb.endswith(YELLOW)
    # Tall enough for its wrapped progress update (several lines at the column's width).
    assert sheet.row_dimensions[header_row + focus].height >= 60


# CSV, the pages, the command -------------------------------------------------------------------


def test_papers_page_links_every_appendix_file_for_the_latest_quarter(panel_member_client, q2):
    response = panel_member_client.get(PAPERS)
    assert response.status_code == 200
    page = parse(response)
    hrefs = [link.attrs["href"] for link in page.find_all("a")]
    for extension in ("docx", "xlsx", "csv"):
        assert f"{download(extension)}?as_at={q2.pk}&layout=council" in hrefs
    assert f"{PAGE}?as_at={q2.pk}&layout=council" in hrefs
    assert "closed (frozen)" in page.by_id("papers-provenance").text


def test_papers_page_now_says_so_once(panel_member_client, q2):
    provenance = parse(panel_member_client.get(PAPERS, {"as_at": ""})).by_id("papers-provenance").text

    assert "The tracker now, as it stood on" in provenance
    assert "Quarter:" not in provenance, "no quarter to name, and not 'now (now)'"


def test_the_downloads_are_named_after_the_review_paper_and_quarter(panel_member_client, q2):
    for extension in ("docx", "xlsx", "csv"):
        response = panel_member_client.get(download(extension), {"as_at": q2.pk})
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="safeguarding-commission-appendix-1-2010-11-q2.{extension}"'
        )


def test_csv_appendix_streams_every_column_for_the_quarter(panel_member_client, q2):
    response = panel_member_client.get(download("csv"), {"as_at": q2.pk})
    assert response.streaming
    records = csv_records(streamed(response))
    assert tuple(records[0]) == CSV_COLUMNS
    assert len(records) == expected_row_count()
    assert {record["Quarter"] for record in records} == {"2010/11 Q2"}
    chronologies = next(record for record in records if record["Ref"] == "18")
    assert chronologies["Due date"] == "2010-08-31"
    assert chronologies["Key"] == "EMG / I&E focus"


def test_print_page_has_the_whole_text_the_key_in_words_and_no_truncation(panel_member_client, q2):
    response = panel_member_client.get(PAGE, {"as_at": q2.pk, "layout": "status"})
    assert response.status_code == 200
    page = parse(response)
    table = page.by_id("appendix-table")
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == list(paper_columns(with_status_and_rag=True))
    assert SOURCE_ROWS[(51, 1)][3] in table.text
    assert "…" not in table.text
    assert [th.text for th in table.find_all("th") if th.attrs.get("scope") == "colgroup"] == theme_names()


def test_a_bad_quarter_is_named_next_to_the_field_and_a_download_goes_back_to_say_so(panel_member_client):
    response = panel_member_client.get(PAPERS, {"as_at": "999999"})
    assert response.status_code == 200
    assert "Select a quarter from the list" in parse(response).by_id("id_as_at-error").text
    response = panel_member_client.get(download("docx"), {"as_at": "nonsense"})
    assert response.status_code == 302
    assert response.url.startswith(str(PAPERS))
    assert panel_member_client.get(download("pdf")).status_code == 404


def test_the_papers_need_signing_in_even_with_the_public_view_on(client, settings):
    settings.PUBLIC_VIEW_ENABLED = True
    for url in (PAPERS, PAGE, download("csv")):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


# A closed quarter reads the same forever ----------------------------------------------------------


def contents(period, layout=False):
    paper = appendix(period.review, period, with_status_and_rag=layout)
    lines = [line for line in paper.provenance.lines() if not line.startswith("Produced on")]
    return lines, docx_rows(appendix_docx(paper)), xlsx_table(appendix_xlsx(paper))[1], paper.rows


def test_a_closed_quarters_papers_do_not_change_after_later_acceptances_and_corrections(
    q2, lead_officer_user, coordinator_user
):
    before = contents(q2, layout=True)
    recommendation = Recommendation.objects.get(ref=18)
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=lead_officer_user.officer, by=coordinator_user
    )
    q3 = open_2010_11_q3(q2.review, by=coordinator_user)
    people = {"officer": lead_officer_user, "coordinator": coordinator_user}
    update = accept_update(
        recommendation, period=q3, **people, narrative="Care First 6 is in every team.",
        action=recommendation.actions.get(position=1), revised_timescale="March 2011",
        rag=Rag.GREEN,
    )  # fmt: skip
    q3 = services.reporting_period_close(period=q3, by=coordinator_user)
    assert q3.is_frozen
    q3_before = contents(q3, layout=True)
    services.progress_update_correct(
        update=ProgressUpdate.objects.get(pk=update.pk), by=coordinator_user, reason="Wrong system named",
        narrative="Care First 7 is in every team.", status=Status.IN_PROGRESS, rag=Rag.AMBER,
        revised_timescale="April 2011",
    )  # fmt: skip

    assert contents(q2, layout=True) == before
    assert contents(q3, layout=True) == q3_before
    now = appendix(q2.review, None).rows
    assert "Care First 7 is in every team." in {row.progress_update for row in now}
    assert "Care First 6 is in every team." in {row.progress_update for row in q3_before[3]}
    assert "Care First 6 is in every team." not in {row.progress_update for row in before[3]}


def test_the_list_and_the_dashboard_link_to_the_papers_for_the_quarter_shown(panel_member_client, q2):
    listing = parse(
        panel_member_client.get(review_url("recommendations:recommendation-list"), {"as_at": q2.pk})
    )
    assert listing.by_id("list-papers").find("a").attrs["href"] == f"{PAPERS}?as_at={q2.pk}"
    dashboard = parse(panel_member_client.get(review_url("reporting:dashboard"), {"as_at": q2.pk}))
    assert dashboard.by_id("dashboard-papers").find("a").attrs["href"] == f"{PAPERS}?as_at={q2.pk}"
    navigation = [link.text for link in dashboard.by_id("navigation").find_all("a")]
    assert "Papers" in navigation
