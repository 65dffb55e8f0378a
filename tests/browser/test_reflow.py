"""Reflow (WCAG 1.4.10) on the seed data: at 320 and 375 CSS pixels no page any role reaches
scrolls sideways, and axe passes on each at that width; the service navigation collapses into a
Menu button that works with the keyboard; tags stay apart, in greyscale too.

The seed is a quarter under way: 2010/11 Q3 open, the officer (the report's "KSCB manager") with
a draft carrying evidence with a 210-character file name, and three updates submitted, each
claiming a completion (so the review queue stacks three tags in a row)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panels.models import PanelRecommendation
from recommendations.models import Officer, ProgressUpdate, ProposedAction, Rag, Status
from recommendations.presentation import tag_class
from recommendations.services import periods, updates
from tests import factories
from tests.helpers import review_url
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = (320, 375)
# Words with no place to break: a file name as officers' scanners and exports write them.
LONG_FILE_NAME = ("KSCB_multi_agency_audit_of_new_assessments_with_the_managers_sign_off_" * 4)[:206] + ".txt"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def quarter_under_way(appendix, media_root):
    """The seed with one role's account each, 2010/11 Q3 open, a draft and three submissions."""
    coordinator = factories.UserFactory(
        username="cmorgan", first_name="Colin", last_name="Morgan", role=Role.COORDINATOR
    )
    officer_user = factories.UserFactory(
        username="ocarter", first_name="Olive", last_name="Carter", role=Role.LEAD_OFFICER
    )
    officer = Officer.objects.get(name="KSCB manager")
    officer.user = officer_user
    officer.save()
    panel_member = factories.UserFactory(
        username="ppatel", first_name="Priya", last_name="Patel", role=Role.PANEL_MEMBER
    )
    administrator = factories.UserFactory(
        username="aadams",
        first_name="Ada",
        last_name="Adams",
        role=Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )
    review = officer.actions.first().recommendation.review
    period = periods.reporting_period_open(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=datetime.date(2011, 1, 21),
        by=coordinator,
    )
    led = list(
        ProposedAction.objects.led_by(officer)
        .select_related("recommendation")
        .order_by("recommendation__ref", "position")
    )
    drafted, *submitted = led[:4]
    updates.progress_update_save(
        recommendation=drafted.recommendation,
        action=drafted,
        period=period,
        by=officer_user,
        narrative="The audit of new assessments has started.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        evidence_files=[SimpleUploadedFile(LONG_FILE_NAME, b"Audit notes\n", content_type="text/plain")],
    )
    for action in submitted:
        update = updates.progress_update_save(
            recommendation=action.recommendation,
            action=action,
            period=period,
            by=officer_user,
            narrative="Completed: the board agreed the protocol.",
            status=Status.COMPLETED,
            rag=Rag.COMPLETE,
            evidence_links="https://example.org/kscb/minutes",
        )
        updates.progress_update_submit(update=update, by=officer_user)
    return {
        "users": {
            "officer": officer_user,
            "coordinator": coordinator,
            "panel member": panel_member,
            "administrator": administrator,
        },
        "period": period,
        "drafted": drafted,
        "submitted": ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED).earliest("pk"),
    }


def pages_for(role: str, seed: dict) -> list[str]:
    """The pages a role reaches from the navigation and the pages' links, with real objects."""
    drafted = seed["drafted"]
    ref = drafted.recommendation.ref
    panel_recommendation = PanelRecommendation.objects.order_by("pk").first()
    list_url = review_url("recommendations:recommendation-list")
    everyone = [
        review_url("reporting:dashboard"),
        list_url,
        f"{list_url}?sort=status",
        f"{list_url}?sort=due",
        f"{list_url}?as_at={seed['period'].pk}",
        review_url("recommendations:recommendation-detail", args=[ref]),
        review_url("recommendations:recommendation-compare", args=[ref]),
        review_url("panels:review-panel"),
        review_url("panels:panel-recommendation-list"),
        review_url("panels:panel-recommendation-detail", args=[panel_recommendation.pk]),
        review_url("reporting:papers"),
        review_url("reporting:change-report"),
        review_url("reporting:action-plan"),
    ]
    if role in ("panel member", "coordinator"):
        # The longest page there is (every row of Appendix 1): checked for its readers.
        everyone.append(review_url("reporting:appendix"))
    update_page = review_url("recommendations:action-update", args=[ref, drafted.position])
    coordinating = [
        update_page,
        review_url("recommendations:period-list"),
        review_url("recommendations:period-open"),
        review_url("recommendations:period-chase", args=[seed["period"].pk]),
        review_url("recommendations:period-close", args=[seed["period"].pk]),
        reverse("recommendations:review-queue"),
        reverse("recommendations:review-update", args=[seed["submitted"].pk]),
        review_url("recommendations:lead-officer-assign", args=[ref]),
        review_url("panels:panel-recommendation-create"),
        review_url("panels:panel-recommendation-response", args=[panel_recommendation.pk]),
        review_url("panels:panel-recommendation-progress", args=[panel_recommendation.pk]),
    ]
    return {
        "officer": everyone
        + [
            update_page,
            reverse("recommendations:my-work"),
            reverse("recommendations:what-i-lead"),
            reverse("recommendations:my-past-updates"),
        ],
        "coordinator": everyone + coordinating,
        "panel member": everyone + [review_url("panels:panel-recommendation-create")],
        # The administrator also reaches Django's admin, which reflows on its own.
        "administrator": everyone
        + coordinating
        + [reverse("admin:index"), reverse("admin:recommendations_recommendation_changelist")],
    }[role]


def horizontal_overflow(page) -> dict | None:
    """How far the page scrolls sideways, and the widest element sticking out; None if it fits."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const scrollWidth = document.documentElement.scrollWidth;
            if (scrollWidth <= width) return null;
            const wider = [...document.body.querySelectorAll('*')]
                .filter((element) => element.getBoundingClientRect().right > width + 1)
                .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
            return {scrollWidth, width, widest: wider ? wider.outerHTML.slice(0, 160) : ''};
        }"""
    )


@pytest.mark.parametrize("role", ["officer", "coordinator", "panel member", "administrator"])
def test_no_page_scrolls_sideways_at_320_or_375_pixels(
    role, quarter_under_way, page, sign_in, assert_accessible
):
    sign_in(page, quarter_under_way["users"][role])
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 640})
        for url in pages_for(role, quarter_under_way):
            response = page.goto(url)
            assert response.status == 200, f"{url} answered {response.status} to the {role}"
            assert page.evaluate("() => window.innerWidth") == width
            # What is folded away must reflow too once opened.
            page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true })")
            overflow = horizontal_overflow(page)
            if overflow:
                problems.append(f"{url} at {width} px: {overflow}")
            if url.startswith(reverse("admin:index")):
                continue  # Django's own pages: axe checks the service's pages
            try:
                assert_accessible(page)
            except pytest.fail.Exception as failure:
                problems.append(f"{url} at {width} px: {failure}")
    assert not problems, "\n".join(problems)


def test_no_public_page_scrolls_sideways_at_320_or_375_pixels(
    quarter_under_way, page, settings, assert_accessible
):
    settings.PUBLIC_VIEW_ENABLED = True
    ref = quarter_under_way["drafted"].recommendation.ref
    list_url = review_url("recommendations:recommendation-list")
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 640})
        for url in [
            reverse("login"),
            review_url("reporting:dashboard"),
            list_url,
            f"{list_url}?sort=due",
            review_url("recommendations:recommendation-detail", args=[ref]),
        ]:
            assert page.goto(url).status == 200, url
            page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true })")
            overflow = horizontal_overflow(page)
            if overflow:
                problems.append(f"{url} at {width} px: {overflow}")
            try:
                assert_accessible(page)
            except pytest.fail.Exception as failure:
                problems.append(f"{url} at {width} px: {failure}")
    assert not problems, "\n".join(problems)


def test_the_update_page_wraps_a_210_character_file_name(quarter_under_way, page, expect, sign_in):
    drafted = quarter_under_way["drafted"]
    assert len(LONG_FILE_NAME) == 210
    sign_in(page, quarter_under_way["users"]["officer"])
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(
        review_url("recommendations:action-update", args=[drafted.recommendation.ref, drafted.position])
    )

    expect(page.get_by_role("link", name=LONG_FILE_NAME)).to_be_visible()
    assert horizontal_overflow(page) is None
    box = page.get_by_role("link", name=LONG_FILE_NAME).bounding_box()
    assert box["x"] + box["width"] <= 1280


def test_the_review_queue_keeps_its_stacked_tags_apart(quarter_under_way, page, expect, sign_in):
    sign_in(page, quarter_under_way["users"]["coordinator"])
    page.set_viewport_size({"width": 375, "height": 640})
    page.goto(reverse("recommendations:review-queue"))

    claims = page.locator(".app-review-queue__claims").first.locator(".govuk-tag")
    expect(claims).to_have_text(["Completed", "Complete", "Completion claimed"])
    boxes = [claims.nth(index).bounding_box() for index in range(3)]
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower["y"] - (upper["y"] + upper["height"]) >= 4, boxes


def test_the_list_sorted_by_due_date_shows_the_dates_and_gives_the_words_the_room(
    quarter_under_way, page, expect, sign_in
):
    sign_in(page, quarter_under_way["users"]["panel member"])
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(review_url("recommendations:recommendation-list"))
    page.get_by_label("Sort by").select_option(label="Next action due")
    page.get_by_role("button", name="Apply filters").click()

    table = page.locator("table.app-recommendation-table")
    expect(table.get_by_role("columnheader", name="Next action due")).to_be_visible()
    expect(table.locator("tbody tr").first.locator("time")).to_have_text(re.compile(r"^\d{1,2} \w{3} \d{4}$"))
    widths = table.locator("thead th").evaluate_all("cells => cells.map((cell) => cell.offsetWidth)")
    table_width = table.evaluate("table => table.offsetWidth")
    assert widths[1] == max(widths), widths
    assert widths[1] >= 0.45 * table_width, widths

    page.get_by_label("Sort by").select_option(label="Number")
    page.get_by_role("button", name="Apply filters").click()
    widths = (
        page.locator("table.app-recommendation-table")
        .first.locator("thead th")
        .evaluate_all("cells => cells.map((cell) => cell.offsetWidth)")
    )
    assert widths[1] >= 0.6 * sum(widths), widths


def test_the_menu_button_opens_and_closes_the_navigation_with_the_keyboard(
    quarter_under_way, page, expect, sign_in
):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, quarter_under_way["users"]["coordinator"])
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Menu")

    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Quarters")).to_be_hidden()

    page.keyboard.press("Tab")  # the skip link first
    for _ in range(10):
        if menu.evaluate("button => button === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="All reviews")).to_be_focused()
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Dashboard")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Quarters")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting quarters")

    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Quarters")).to_be_hidden()

    # Wide enough for the links, there is no Menu button: the links show.
    page.set_viewport_size({"width": 1024, "height": 640})
    expect(menu).to_be_hidden()
    expect(navigation.get_by_role("link", name="Quarters")).to_be_visible()


def greyscale(colour: str) -> float:
    """The lightness (0 to 255) a CSS rgb() colour prints as in greyscale (Rec. 709 luma)."""
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize(("kind", "values"), [("status", Status), ("rag", Rag)])
def test_each_status_and_rag_tag_differs_from_the_others_in_greyscale(kind, values, page, live_server):
    page.goto(reverse("login"))  # the stylesheet, on a page anyone may open
    tags = "".join(f'<strong class="{tag_class(kind, value)}">{value.label}</strong>' for value in values)
    page.evaluate("(tags) => { document.querySelector('main').innerHTML = tags }", tags)

    lightness = {
        label: greyscale(colour)
        for label, colour in page.locator("main .govuk-tag").evaluate_all(
            "tags => tags.map((tag) => [tag.textContent, getComputedStyle(tag).backgroundColor])"
        )
    }
    assert len(lightness) == len(values)
    ordered = sorted(lightness.values())
    assert min(b - a for a, b in zip(ordered, ordered[1:], strict=False)) >= 25, lightness
    if kind == "rag":
        assert lightness["Not assessed"] - lightness["Complete"] >= 100, lightness


def test_the_recommendation_page_shows_the_latest_quarter_and_folds_the_earlier_ones(
    quarter_under_way, page, expect, sign_in
):
    drafted = quarter_under_way["drafted"]
    sign_in(page, quarter_under_way["users"]["panel member"])
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(review_url("recommendations:recommendation-detail", args=[drafted.recommendation.ref]))

    timeline = page.locator("#timeline")
    headings = timeline.locator("h3.app-timeline__quarter")
    expect(headings.first).to_have_text("2010/11 Q3")
    expect(timeline.locator("ol.app-timeline").first).to_be_visible()
    earlier = timeline.locator("details").filter(has_text="2010/11 Q2")
    expect(earlier.locator("ol.app-timeline")).to_be_hidden()
    earlier.get_by_role("heading", name="2010/11 Q2").click()
    expect(earlier.locator("ol.app-timeline")).to_be_visible()
