import datetime
import re

import pytest
from django.utils import timezone

from recommendations.models import Rag, Status
from tests import factories
from tests.helpers import review_path, saved_at

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.fixture
def recommendations(transactional_db, user):
    """Recommendations 1, 4, 21 and 25 over two themes; 21 points to 1 and 4, 25 to 21."""
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    prevention = factories.ThemeFactory(review=review, name="Prevention & Early Intervention", position=1)
    assessment = factories.ThemeFactory(review=review, name="Assessment", position=2)
    first = factories.RecommendationFactory(theme=prevention, ref=1)
    fourth = factories.CompletedRecommendationFactory(theme=prevention, ref=4)
    twenty_first = factories.RecommendationFactory.build(
        theme=assessment,
        ref=21,
        text="Clarify the location of responsibility for the assessment and support of "
        "Children in Need within ChYPS (Xref recs 1&4)",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        focus=True,
    )
    saved_at(twenty_first, timezone.make_aware(datetime.datetime(2009, 11, 30, 12)))
    twenty_fifth = factories.RecommendationFactory(theme=assessment, ref=25)
    twenty_first.cross_references.add(first, fourth)
    twenty_fifth.cross_references.add(twenty_first)
    action = factories.ProposedActionFactory(
        recommendation=twenty_first,
        position=1,
        lead_officer_text="CP",
        timescale="To be presented in Jan 2010",
        due_date=datetime.date(2010, 1, 31),
    )
    action.status = Status.COMPLETED
    action.progress = "See recommendations 1 & 5. Completed"
    action._history_user = user
    action.save()
    return {"review": review, "with_cross_references": twenty_first}


def focused_element_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_signing_in_with_the_keyboard_alone_reaches_the_recommendations(page, expect, user, recommendations):
    page.goto(review_path("/recommendations/"))  # sign-in is required: sent to the form
    expect(page).to_have_title("Sign in – Recommendation tracker")

    for _ in range(10):
        page.keyboard.press("Tab")
        if focused_element_id(page) == "id_username":
            break
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"^[^?]*/recommendations/$"))
    expect(page).to_have_title("Recommendations – Recommendation tracker")
    expect(page.locator(".app-service-navigation__user")).to_have_text("Signed in as Lynne Hughes")
    expect(page.locator("h2.govuk-heading-m")).to_have_text(["Prevention & Early Intervention", "Assessment"])


def test_sign_in_page_and_its_error_state_are_accessible(page, expect, user, assert_accessible):
    page.goto("/accounts/login/")
    assert_accessible(page)

    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(page).to_have_title("Error: Sign in – Recommendation tracker")
    # GOV.UK Frontend's JavaScript moves focus to the summary so it is announced.
    expect(summary).to_be_focused()
    assert_accessible(page)

    summary.get_by_role("link", name="Enter a correct username and password").click()
    expect(page.locator("#id_username")).to_be_focused()


def test_opening_a_recommendation_and_following_its_cross_references(
    page, expect, user, recommendations, sign_in
):
    sign_in(page, user)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()

    page.get_by_role("link", name=re.compile(r"Clarify the location of responsibility")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 21")
    expect(page.locator("#see-also")).to_have_text("See also: Recommendation 1, Recommendation 4")
    expect(page.get_by_text("Due 31 January 2010")).to_be_visible()
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Proposed action 1 changed")).to_be_visible()
    expect(timeline.get_by_text("Lynne Hughes")).to_be_visible()
    expect(timeline.get_by_text("30 November 2009")).to_be_visible()

    page.locator("#see-also").get_by_role("link", name="Recommendation 4").click()
    expect(page).to_have_url(re.compile(r"^[^?]*/recommendations/4/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 4")
    expect(page.locator("#referred-to-by")).to_have_text("Referred to by: Recommendation 21")

    page.locator("#referred-to-by").get_by_role("link", name="Recommendation 21").click()
    expect(page).to_have_url(re.compile(r"^[^?]*/recommendations/21/$"))


def test_list_recommendation_and_not_found_pages_are_accessible(
    page, expect, user, recommendations, sign_in, assert_accessible
):
    sign_in(page, user)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()
    assert_accessible(page)

    page.goto(review_path("/recommendations/21/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 21")
    assert_accessible(page)

    response = page.goto(review_path("/recommendations/999/"))
    assert response.status == 404
    expect(page).to_have_title("Page not found – Recommendation tracker")
    assert_accessible(page)


def test_pages_use_the_system_font_and_load_no_gds_transport(page, expect, user, recommendations, sign_in):
    sign_in(page, user)

    for selector in ["h1", "h2", ".govuk-table__cell", ".govuk-service-navigation__link"]:
        expect(page.locator(selector).first).to_have_css("font-family", "arial, sans-serif")
    assert not page.evaluate(
        "() => [...document.fonts].some((font) => font.family.includes('GDS Transport'))"
    )
    # GOV.UK Frontend's JavaScript module loaded.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))


def test_signing_out_returns_to_sign_in(page, expect, user, recommendations, sign_in):
    sign_in(page, user)

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"^[^?]*/accounts/login/$"))
    page.goto(review_path("/recommendations/"))
    expect(page).to_have_title("Sign in – Recommendation tracker")


def test_seed_data_pages_are_accessible(page, expect, user, appendix, sign_in, assert_accessible):
    sign_in(page, user)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()
    expect(page.locator(".app-stated-figures")).to_contain_text("35 of 54")
    assert_accessible(page)

    page.goto(review_path("/recommendations/18/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 18")
    assert_accessible(page)
