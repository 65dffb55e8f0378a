import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from recommendations.models import ProgressUpdate, Question, Status
from tests import factories
from tracker.public import OPEN_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
DASHBOARD = reverse("reporting:dashboard")
LIST = reverse("recommendations:recommendation-list")
EXPORT = reverse("recommendations:recommendation-export")


def detail(ref):
    return reverse("recommendations:recommendation-detail", kwargs={"ref": ref})


@pytest.fixture
def public_view_on(settings):
    settings.PUBLIC_VIEW_ENABLED = True


@pytest.fixture
def public_view_off(settings):
    settings.PUBLIC_VIEW_ENABLED = False


@pytest.fixture
def tracker(db):
    """One recommendation with an action, in a review with a closed and an open quarter."""
    recommendation = factories.RecommendationFactory(ref=7, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=recommendation, position=1, lead_officer_text="LH")
    factories.ClosedReportingPeriodFactory(review=recommendation.review)
    return recommendation


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(f"{LOGIN}?next=")


@pytest.mark.usefixtures("public_view_off")
@pytest.mark.parametrize("url", [DASHBOARD, LIST, detail(7), EXPORT])
def test_with_the_public_view_off_anonymous_visitors_are_sent_to_sign_in(client, tracker, url):
    assert is_sign_in_redirect(client.get(url))


@pytest.mark.usefixtures("public_view_off")
def test_with_the_public_view_off_the_sign_in_page_still_opens(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert not response.context["public_view"]


@pytest.mark.usefixtures("public_view_on")
@pytest.mark.parametrize("url", [DASHBOARD, LIST, detail(7)])
def test_with_the_public_view_on_anonymous_visitors_read_the_public_pages(client, tracker, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["public_view"]
    assert [item["label"] for item in response.context["navigation"]] == ["Dashboard", "Recommendations"]
    assert f'href="{LOGIN}">Sign in</a>' in response.content.decode()


@pytest.mark.usefixtures("public_view_on")
def test_signed_in_users_still_see_the_full_pages_with_the_public_view_on(panel_member_client, tracker):
    factories.QuestionFactory(recommendation=tracker, text="Who chairs the working group?")
    response = panel_member_client.get(detail(7))
    assert not response.context["public_view"]
    assert "Who chairs the working group?" in response.content.decode()
    assert "Quarters" in [item["label"] for item in panel_member_client.get(DASHBOARD).context["navigation"]]


def every_url_pattern(resolver=None, prefix="", namespace=""):
    """(URL name, path with sample arguments) for every named page of the site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_url_pattern(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            path = prefix + str(pattern.pattern)
            for converter in ("<int:ref>", "<int:pk>", "<int:position>", "<slug:action>"):
                path = path.replace(converter, "7")
            yield f"{namespace}{pattern.name}", "/" + path.replace("^", "").replace("$", "")


def test_the_open_pages_are_read_without_signing_in_even_with_the_public_view_off(client):
    for name in OPEN_PAGES - {"password_reset_confirm"}:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    token_page = client.get(reverse("password_reset_confirm", args=["Nw", "bad-token"]))
    assert token_page.status_code == 200
    assert "This link does not work" in token_page.content.decode()


@pytest.mark.usefixtures("public_view_on")
def test_every_page_not_listed_as_public_still_needs_signing_in(client, tracker):
    checked = []
    for name, path in every_url_pattern():
        if name in PUBLIC_PAGES or name in OPEN_PAGES or not name or path.startswith("/admin/"):
            continue
        if name == "health-check":  # for the load balancer: no data, no sign-in (test_production.py)
            continue
        response = client.get(path)
        assert is_sign_in_redirect(response), (name, path, response.status_code)
        checked.append(name)
    assert {"recommendations:my-work", "recommendations:period-list", "recommendations:review-queue"} <= set(
        checked
    )
    assert {
        "panels:panel-detail",
        "recommendations:evidence-download",
        "recommendations:recommendation-compare",
    } <= (set(checked))
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert "login" in admin["Location"]


@pytest.mark.usefixtures("public_view_on")
def test_anonymous_posts_to_any_form_are_refused(client, tracker):
    review_of = factories.SubmittedUpdateFactory(recommendation=tracker)
    posts = [
        (reverse("recommendations:question-ask", kwargs={"ref": 7}), {"text": "Anonymous question"}),
        (reverse("recommendations:recommendation-update", kwargs={"ref": 7}), {"narrative": "x"}),
        (reverse("recommendations:review-update", kwargs={"pk": review_of.pk}), {"decision": "accept"}),
        (reverse("recommendations:period-open"), {"name": "2011/12 Q1"}),
        (reverse("recommendations:lead-officer-assign", kwargs={"ref": 7}), {"officer": ""}),
        (DASHBOARD, {"as_at": ""}),
        (LIST, {}),
        (detail(7), {"text": "Anonymous question"}),
    ]
    for url, data in posts:
        assert is_sign_in_redirect(client.post(url, data)), url
    assert not Question.objects.exists()
    review_of.refresh_from_db()
    assert review_of.state == ProgressUpdate.State.SUBMITTED
