"""The papers in a real browser: reached from the dashboard, accessible, and Appendix 1 printed to
PDF by Chromium with its header row on every page."""

import io
import re

import pytest
from pypdf import PdfReader

from recommendations.models import ReportingPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_the_papers_page_is_reached_from_the_dashboard_and_is_accessible(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto("/")
    page.get_by_role("link", name="Papers for the latest quarter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers")
    expect(page.locator("#papers-provenance")).to_contain_text("2010/11 Q2 (closed (frozen))")
    assert_accessible(page)
    page.get_by_label("With status and RAG columns").check()
    page.get_by_role("button", name="Show the papers").click()
    expect(page.get_by_role("link", name="Appendix 1 as Word (.docx)")).to_have_attribute(
        "href", re.compile("layout=status")
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Appendix 1 as Excel (.xlsx)").click()
    assert download.value.suggested_filename == "safeguarding-commission-appendix-1-2010-11-q2.xlsx"
    page.get_by_role("link", name="Papers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers")


def test_the_papers_page_shows_a_bad_quarter_next_to_the_field(page, expect, user, appendix, sign_in):
    sign_in(page, user)
    page.goto("/papers/?as_at=999999")
    expect(page.get_by_role("alert")).to_contain_text("Select a quarter from the list")


def test_the_appendix_prints_to_pdf_with_its_header_on_every_page_and_no_navigation(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    quarter = ReportingPeriod.objects.get(name="2010/11 Q2")
    page.goto(f"/papers/appendix-1/?as_at={quarter.pk}&layout=council")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress in Implementing Recommendations")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0  # the wide table scrolls inside its own region

    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    pages = [sheet.extract_text() for sheet in pdf.pages]
    assert len(pages) > 3
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert width > height  # landscape
    assert abs(width - 842) < 3  # A4: 297 mm
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert (
            "Ref Recommendation Assigned to Lead Officer Proposed Action Timescale Progress update" in flat
        ), number
        assert f"Page {number} of {len(pages)}" in flat
        assert "Sign out" not in flat
    assert "Serious Case Reviews" in " ".join(pages)


def test_the_scrutiny_action_plan_page_is_accessible(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto("/papers/?as_at=")
    page.get_by_role("link", name="The Scrutiny Action Plan to read or print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scrutiny Action Plan")
    expect(page.locator("#paper-table")).to_contain_text("P Johnson L Rawnsley")
    assert_accessible(page)


def test_the_change_report_is_reached_from_the_papers_and_is_accessible(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto("/papers/")
    page.get_by_role("link", name="The change report for 2010/11 Q2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes in 2010/11 Q2")
    expect(page.locator("#change-report-since")).to_contain_text("the start of 2010/11 Q2")
    expect(page.locator("#change-counts")).to_contain_text("New completions")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
