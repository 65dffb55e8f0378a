"""A panel member filters the recommendation list, opens a recommendation and looks at a past quarter."""

import re

import pytest

from recommendations.models import ReportingPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_panel_member_filters_the_list_opens_a_recommendation_and_switches_quarter(
    page, expect, user, appendix, sign_in, assert_accessible
):
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    sign_in(page, user)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()

    filters = page.locator("#filters")
    filters.get_by_label("Theme").select_option(label="Assessment and Care Management")
    filters.get_by_label("Open (not completed or superseded)").check()
    filters.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#result-count")).to_have_text("6 recommendations")
    expect(page.locator("td.app-table__ref")).to_have_text(["17", "18", "19", "20", "23", "24"])
    expect(page.locator(".app-filter-tag")).to_have_text(
        [
            "Remove this filter: Theme: Assessment and Care Management",
            "Remove this filter: Only open recommendations",
        ]
    )
    assert_accessible(page)

    # Nothing matches: the empty result is still a usable, accessible page.
    filters.get_by_label("Completed", exact=True).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("0 recommendations")
    expect(page.get_by_text("No recommendations match these filters.")).to_be_visible()
    assert_accessible(page)
    page.locator(".app-filter-tag", has_text="Status: Completed").click()
    expect(page.locator("#result-count")).to_have_text("6 recommendations")

    # The quarter selector keeps the filters.
    page.locator("#quarter-select").get_by_label("Show the tracker as at").select_option(str(q2.pk))
    page.get_by_role("button", name="Show this quarter").click()
    expect(page).to_have_url(re.compile(rf"[?&]as_at={q2.pk}(&|$)"))
    expect(page.locator("#as-at-banner")).to_contain_text(
        "You are looking at the tracker as it stood at the end of 2010/11 Q2 (30 September 2010)."
    )
    expect(page.locator("#result-count")).to_have_text("6 recommendations")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Ensure that chronologies")).click()
    expect(page.locator("h1")).to_have_text("Recommendation 18")
    expect(page.locator("#as-at-banner")).to_be_visible()
    expect(page.locator("#timeline-until")).to_have_text(
        "Up to the end of 2010/11 Q2 (30 September 2010) only."
    )
    assert_accessible(page)

    page.get_by_role("link", name="See it as it is now").click()
    expect(page.locator("#as-at-banner")).to_have_count(0)
    expect(page.locator("#slippage")).to_contain_text("Proposed action 1")
    page.get_by_label("Show the tracker as at").select_option(str(q2.pk))
    page.get_by_role("button", name="Show this quarter").click()
    expect(page).to_have_url(re.compile(rf"/recommendations/18/\?as_at={q2.pk}$"))
    expect(page.locator("#as-at-banner")).to_contain_text("2010/11 Q2")
