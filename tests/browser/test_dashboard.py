import re

import pytest

from recommendations.models import ReportingPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.fixture
def public_view(settings):
    settings.PUBLIC_VIEW_ENABLED = True


def focused_link(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href') || ''")


def test_the_dashboard_with_its_charts_is_accessible(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    # The detail is folded into sections under the summary: open them all.
    expect(page.get_by_role("img", name=re.compile("^Recommendations by status"))).to_be_hidden()
    page.locator("#dashboard-sections summary").filter(has_text="Recommendations by status").click()
    page.locator("#dashboard-sections summary").filter(has_text="Status by theme").click()
    expect(page.get_by_role("img", name=re.compile("^Recommendations by status"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Status of recommendations by theme"))).to_be_visible()
    assert_accessible(page)


def test_the_dashboard_as_at_a_quarter_is_accessible_and_says_so(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto("/")
    page.get_by_label("Show the tracker as at").select_option(label="End of 2010/11 Q2 (30 September 2010)")
    page.get_by_role("button", name="Show").click()
    quarter = ReportingPeriod.objects.get(name="2010/11 Q2")
    expect(page).to_have_url(re.compile(rf"\?as_at={quarter.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard as at 30 September 2010")
    expect(page.get_by_role("region", name="Past quarter")).to_contain_text("end of 2010/11 Q2")
    assert_accessible(page)
    page.get_by_role("link", name="Show the dashboard as it is now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_the_dashboard_leads_with_where_things_stand_on_one_phone_screen(
    page, expect, user, appendix, sign_in, assert_accessible
):
    page.set_viewport_size({"width": 375, "height": 667})
    sign_in(page, user)
    page.goto("/")

    summary = page.get_by_role("region", name="Where things stand")
    expect(summary.get_by_role("link", name="14 recorded as completed")).to_be_visible()
    expect(summary).to_contain_text("The January 2011 report states 35 of 54 completed")
    expect(summary).to_contain_text("By status:")
    box = summary.bounding_box()
    assert box["y"] + box["height"] <= 667, box
    # Each section is folded away under its heading, and opens from it.
    expect(page.get_by_role("heading", name="Overdue and slipped")).to_be_visible()
    expect(page.locator("#slipped")).to_be_hidden()
    page.get_by_role("heading", name="Overdue and slipped").click()
    expect(page.locator("#slipped")).to_be_visible()
    assert_accessible(page)


def test_a_figure_is_reached_and_followed_with_the_keyboard(page, expect, user, appendix, sign_in):
    sign_in(page, user)
    page.goto("/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if "status=completed" in focused_link(page):
            break
    assert focused_link(page) == "/recommendations/?status=completed"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recommendations/\?status=completed$"))


@pytest.mark.usefixtures("public_view")
def test_the_public_dashboard_and_a_recommendation_page_are_accessible(
    page, expect, appendix, assert_accessible
):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.goto("/recommendations/18/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 18")
    expect(page.get_by_role("heading", name="Questions")).to_have_count(0)
    assert_accessible(page)
