"""Many reviews side by side: each review's pages under /reviews/<slug>/, and the pages about a
person's work across every review they work on."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Rag, Review, Status
from tests import factories
from tests.helpers import element, links_in, parse, review_url
from tracker.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reviews(db):
    """Two reviews whose recommendations share their numbers (1 to 3), each with an open quarter."""
    reviews = {}
    for name, slug in [("Safeguarding Commission", "safeguarding"), ("Adult Care Review", "adult-care")]:
        review = factories.ReviewFactory(name=name, slug=slug)
        theme = factories.ThemeFactory(review=review, name=f"{name} theme", position=1)
        recommendations = [
            factories.RecommendationFactory(theme=theme, ref=ref, text=f"{name}: recommendation {ref}")
            for ref in (1, 2, 3)
        ]
        factories.OpenReportingPeriodFactory(review=review)
        reviews[slug] = {"review": review, "theme": theme, "recommendations": recommendations}
    return reviews


def test_every_recommendation_link_on_a_reviews_list_opens_that_reviews_recommendation(
    panel_member_client, two_reviews
):
    for made in two_reviews.values():
        review = made["review"]
        html = panel_member_client.get(
            review_url("recommendations:recommendation-list", review=review)
        ).content
        links = [
            href
            for href, _ in links_in(html.decode())
            if href.startswith("/reviews/") and "/recommendations/" in href and href.rstrip("/")[-1].isdigit()
        ]
        assert len(links) == 3
        for href in links:
            page = panel_member_client.get(href)
            assert page.status_code == 200
            recommendation = page.context["recommendation"]
            assert recommendation.review == review, href
            assert f"{review.name}: recommendation {recommendation.ref}" in page.content.decode()


def test_a_recommendation_number_is_looked_up_within_the_review_the_address_names(
    panel_member_client, two_reviews
):
    safeguarding, adult = two_reviews["safeguarding"]["review"], two_reviews["adult-care"]["review"]

    one = panel_member_client.get(review_url("recommendations:recommendation-detail", [2], review=adult))
    missing = panel_member_client.get(
        review_url("recommendations:recommendation-detail", [9], review=safeguarding)
    )
    unknown = panel_member_client.get("/reviews/no-such-review/recommendations/2/")

    assert one.context["recommendation"].review == adult
    assert missing.status_code == 404
    assert unknown.status_code == 404


def test_the_lists_filter_choices_are_the_reviews_own(panel_member_client, two_reviews):
    adult = two_reviews["adult-care"]
    factories.ProposedActionFactory(
        recommendation=two_reviews["safeguarding"]["recommendations"][0]
    ).lead_officers.add(factories.OfficerFactory(name="Safeguarding lead"))
    factories.ProposedActionFactory(recommendation=adult["recommendations"][0]).lead_officers.add(
        factories.OfficerFactory(name="Adult care lead")
    )

    form = panel_member_client.get(review_url("recommendations:recommendation-list", review=adult["review"]))
    filters = form.context["filter"].filters

    assert list(filters["theme"].queryset) == [adult["theme"]]
    assert [officer.name for officer in filters["lead_officer"].queryset] == ["Adult care lead"]
    refused = panel_member_client.get(
        review_url("recommendations:recommendation-list", review=adult["review"]),
        {"theme": two_reviews["safeguarding"]["theme"].pk},
    )
    assert refused.context["count"] == 0
    assert "Select a theme from the list" in refused.content.decode()


@pytest.mark.parametrize(
    "page",
    ["recommendations:recommendation-list", "reporting:dashboard", "recommendations:recommendation-detail"],
)
def test_the_quarters_to_show_the_tracker_as_at_are_the_reviews_own(panel_member_client, two_reviews, page):
    adult, safeguarding = two_reviews["adult-care"]["review"], two_reviews["safeguarding"]["review"]
    own = factories.ClosedReportingPeriodFactory(review=adult)
    other = factories.ClosedReportingPeriodFactory(review=safeguarding)
    url = review_url(page, kwargs={"ref": 1} if "detail" in page else None, review=adult)

    context = panel_member_client.get(url).context
    offered = context.get("quarter_form", context.get("form")).fields["as_at"].queryset
    assert own in offered
    assert other not in offered
    assert set(offered.values_list("review", flat=True)) == {adult.pk}
    refused = panel_member_client.get(url, {"as_at": other.pk})
    assert refused.status_code == 200
    assert "there is no such quarter" in refused.content.decode()


def test_a_reviews_dashboard_shows_its_own_panels_concerns_only(panel_member_client, two_reviews):
    panel = factories.PanelFactory()
    for slug, made in two_reviews.items():
        report = factories.PanelReportFactory(panel=panel, review=made["review"], title=f"{slug} report")
        factories.ConcernFactory(report=report, text=f"A concern about {slug}")

    page = panel_member_client.get(
        review_url("reporting:dashboard", review=two_reviews["adult-care"]["review"])
    )

    assert [concern.text for concern in page.context["dashboard"].concerns] == ["A concern about adult-care"]


def test_old_addresses_move_for_good_to_the_first_reviews_pages(client, two_reviews):
    first = two_reviews["safeguarding"]["review"]

    read = client.get("/recommendations/10/?as_at=3")
    posted = client.post("/quarters/open/", {"name": "x"})
    panel = client.head("/panel/recommendations/")

    assert (read.status_code, read["Location"]) == (301, f"/reviews/{first.slug}/recommendations/10/?as_at=3")
    assert (posted.status_code, posted["Location"]) == (308, f"/reviews/{first.slug}/quarters/open/")
    assert (panel.status_code, panel["Location"]) == (301, f"/reviews/{first.slug}/panel/recommendations/")


def test_the_reviews_page_lists_each_review_with_its_figures_latest_activity_first(
    panel_member_client, two_reviews
):
    adult = two_reviews["adult-care"]
    recommendation = adult["recommendations"][0]
    factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        period=adult["review"].reporting_periods.get(),
        reviewed_at=datetime.datetime(2011, 1, 20, tzinfo=datetime.UTC),
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
    )
    recommendation.status = Status.COMPLETED
    recommendation.save()

    html = panel_member_client.get(reverse("recommendations:review-list")).content.decode()

    items = parse(html).by_id("reviews").find_all("li", class_="app-review-list__item")
    assert [item.attrs["id"] for item in items] == ["review-adult-care", "review-safeguarding"]
    adult_text = " ".join(items[0].text.split())
    assert "Completed: 1" in adult_text
    assert "Quarter open 2010/11 Q3" in adult_text
    assert "Last update accepted 20 January 2011" in adult_text
    assert [link.attrs["href"] for link in items[0].find_all("a")] == [adult["review"].get_absolute_url()]


def test_the_reviews_page_reads_the_same_number_of_queries_for_two_or_six_reviews(
    panel_member_client, two_reviews
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert panel_member_client.get(reverse("recommendations:review-list")).status_code == 200
        return len(captured)

    two = queries()
    for _ in range(4):
        review = factories.ReviewFactory()
        factories.RecommendationFactory(theme=factories.ThemeFactory(review=review))
        factories.OpenReportingPeriodFactory(review=review)
    assert queries() == two


def test_the_home_page_lists_the_reviews_when_there_are_several(panel_member_client, two_reviews):
    response = panel_member_client.get("/")

    assert (response.status_code, response["Location"]) == (302, reverse("recommendations:review-list"))


def test_the_navigation_links_into_the_review_in_view(panel_member_client, two_reviews):
    adult = two_reviews["adult-care"]["review"]

    in_review = panel_member_client.get(review_url("reporting:dashboard", review=adult)).context["navigation"]
    elsewhere = panel_member_client.get(reverse("recommendations:review-list")).context["navigation"]

    urls = {item["label"]: item["url"] for item in in_review}
    assert urls["Recommendations"] == review_url("recommendations:recommendation-list", review=adult)
    assert urls["Panel"] == review_url("panels:review-panel", review=adult)
    # Not in a review, with several: only the pages that are not one review's.
    assert [item["label"] for item in elsewhere] == ["All reviews"]


# Pages about a person's work, across reviews ---------------------------------------------------


def test_my_work_lists_the_open_quarter_of_every_review_the_officer_works_in(client, two_reviews):
    officer = factories.OfficerUserFactory()
    for made in two_reviews.values():
        made["recommendations"][1].lead_officer = officer.officer
        made["recommendations"][1].save()
    client.force_login(officer)

    html = client.get(reverse("recommendations:my-work")).content.decode()

    for slug, made in two_reviews.items():
        heading = element(html, f"review-{slug}")
        assert heading.text == made["review"].name
    hrefs = [href for href, _ in links_in(html) if href.endswith("/update/")]
    assert hrefs == [
        review_url(
            "recommendations:recommendation-update", kwargs={"ref": 2}, review=two_reviews[slug]["review"]
        )
        for slug in ("adult-care", "safeguarding")  # by review name
    ]
    for href in hrefs:
        page = client.get(href)
        assert page.status_code == 200
        assert page.context["recommendation"].review.slug in href


def test_the_review_queue_spans_every_review_by_review_or_shows_one(coordinator_client, two_reviews):
    for made in two_reviews.values():
        factories.SubmittedUpdateFactory(recommendation=made["recommendations"][0])
    adult = two_reviews["adult-care"]["review"]

    everything = coordinator_client.get(reverse("recommendations:review-queue")).content.decode()
    one = coordinator_client.get(review_url("recommendations:review-queue-in-review", review=adult))

    captions = [caption.text for caption in parse(everything).find_all("caption")]
    assert [caption.split(":")[0] for caption in captions] == ["Adult Care Review", "Safeguarding Commission"]
    assert [update.period.review for update in one.context["updates"]] == [adult]


def test_the_chasing_page_shows_every_reviews_open_quarter(coordinator_client, two_reviews):
    html = coordinator_client.get(reverse("recommendations:chasing")).content.decode()

    for made in two_reviews.values():
        period = made["review"].reporting_periods.get()
        assert review_url("recommendations:period-chase", [period.pk], review=made["review"]) in html


def test_a_quarter_of_another_review_is_not_found_under_this_one(coordinator_client, two_reviews):
    other_period = two_reviews["adult-care"]["review"].reporting_periods.get()
    url = review_url(
        "recommendations:period-close", [other_period.pk], review=two_reviews["safeguarding"]["review"]
    )

    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url).status_code == 404
    other_period.refresh_from_db()
    assert other_period.is_open


def test_a_panel_recommendation_is_found_only_under_the_review_its_report_is_on(
    panel_member_client, two_reviews
):
    report = factories.PanelReportFactory(review=two_reviews["adult-care"]["review"])
    panel_recommendation = factories.PanelRecommendationFactory(report=report)

    own = panel_member_client.get(panel_recommendation.get_absolute_url())
    other = panel_member_client.get(
        review_url(
            "panels:panel-recommendation-detail",
            [panel_recommendation.pk],
            review=two_reviews["safeguarding"]["review"],
        )
    )

    assert own.status_code == 200
    assert other.status_code == 404


# Reviews in the service --------------------------------------------------------------------------


def review_form_data(**overrides):
    data = {
        "name": "Adult Safeguarding Review",
        "slug": "",
        "published_day": "1",
        "published_month": "3",
        "published_year": "2012",
        "description": "What the council's review of adult safeguarding found.",
        "themes": "Prevention\n\nAssessment\n",
    }
    return data | overrides


def test_the_coordinator_sets_up_a_review_with_its_themes_and_is_sent_to_add_its_quarters(
    coordinator_client, coordinator_user
):
    response = coordinator_client.post(reverse("recommendations:review-create"), review_form_data())

    review = Review.objects.get()
    assert (review.slug, review.published, review.published_text) == (
        "adult-safeguarding-review",
        datetime.date(2012, 3, 1),
        "March 2012",
    )
    assert [(theme.position, theme.name) for theme in review.themes.all()] == [
        (1, "Prevention"),
        (2, "Assessment"),
    ]
    assert review.history.get().history_user == coordinator_user
    assert response["Location"] == review_url("recommendations:period-list", review=review)
    quarters = coordinator_client.get(review_url("recommendations:period-open", review=review))
    assert quarters.context["form"].initial["name"]  # the next UK financial quarter, suggested


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the review's title"),
        ({"themes": " \n "}, "themes", "Enter the review's themes, one on each line"),
        ({"themes": "Prevention\nprevention"}, "themes", "Each theme must be on the list once"),
        ({"slug": "new"}, "slug", "“new” names a page of the service: choose another"),
        ({"slug": "Not A Slug!"}, "slug", "Address must be lower-case letters, numbers and hyphens only"),
        ({"slug": "safeguarding"}, "slug", "Another review has this address: choose another"),
        (
            {"name": "Safeguarding Commission"},
            "name",
            "A review with this title already exists: enter a different title",
        ),
        ({"published_month": "13"}, "published", "Publication date must be a real date"),
    ],
)
def test_setting_up_a_review_refuses_bad_input_next_to_the_field(
    coordinator_client, two_reviews, typed, field, message
):
    response = coordinator_client.post(reverse("recommendations:review-create"), review_form_data(**typed))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert Review.objects.count() == 2


def test_only_the_coordinator_and_administrators_set_up_and_archive_reviews(client, two_reviews):
    review = two_reviews["adult-care"]["review"]
    for role in (Role.LEAD_OFFICER, Role.PANEL_MEMBER):
        client.force_login(factories.UserFactory(role=role))
        assert client.post(reverse("recommendations:review-create"), review_form_data()).status_code == 403
        assert client.post(review_url("recommendations:review-archive", review=review)).status_code == 403
    client.force_login(factories.UserFactory(role=Role.ADMINISTRATOR))
    assert client.get(reverse("recommendations:review-create")).status_code == 200
    assert Review.objects.count() == 2
    review.refresh_from_db()
    assert not review.is_archived


def test_correcting_a_review_keeps_its_address_and_adds_themes_after_its_last(
    coordinator_client, two_reviews
):
    review = two_reviews["adult-care"]["review"]

    coordinator_client.post(
        review_url("recommendations:review-edit", review=review),
        {"name": "Adult Care Review 2012", "description": "", "new_themes": "Commissioning"},
    )

    review.refresh_from_db()
    assert (review.name, review.slug) == ("Adult Care Review 2012", "adult-care")
    assert list(review.themes.values_list("position", "name")) == [
        (1, "Adult Care Review theme"),
        (2, "Commissioning"),
    ]


def test_archiving_waits_for_the_open_quarter_then_leaves_the_review_readable_and_unchangeable(
    coordinator_client, two_reviews
):
    review = two_reviews["adult-care"]["review"]
    archive = review_url("recommendations:review-archive", review=review)

    refused = coordinator_client.post(archive)
    assert "Close 2010/11 Q3 before archiving the review." in refused.content.decode()
    period = review.reporting_periods.get()
    period.state = period.State.CLOSED
    period.save()
    coordinator_client.post(archive)

    review.refresh_from_db()
    assert review.is_archived
    assert coordinator_client.get(review.get_absolute_url()).status_code == 200
    assert coordinator_client.get(review_url("reporting:papers", review=review)).status_code == 200
    opening = coordinator_client.post(
        review_url("recommendations:period-open", review=review), {"name": "Q4"}
    )
    assert opening.status_code == 403
    assert review.reporting_periods.count() == 1
