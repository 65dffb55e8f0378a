import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from recommendations import services
from recommendations.models import EvidenceFile, ProgressUpdate, Question, Rag, Recommendation, Status
from tests import factories
from tracker.models import Role
from tracker.public import PUBLIC_PAGES

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
    factories.ReportingPeriodFactory(
        review=recommendation.review,
        name="2010/11 Q2",
        starts=datetime.date(2010, 7, 1),
        ends=datetime.date(2010, 9, 30),
        state="closed",
    )
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
            for converter in ("<int:ref>", "<int:pk>", "<int:position>"):
                path = path.replace(converter, "7")
            yield f"{namespace}{pattern.name}", "/" + path.replace("^", "").replace("$", "")


@pytest.mark.usefixtures("public_view_on")
def test_every_page_not_listed_as_public_still_needs_signing_in(client, tracker):
    checked = []
    for name, path in every_url_pattern():
        if name in PUBLIC_PAGES or name == "login" or not name or path.startswith("/admin/"):
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


SECRETS = {
    "draft": "Zebra-draft narrative never published",
    "submitted": "Quokka-submitted narrative awaiting review",
    "returned": "Narwhal-returned narrative sent back",
    "reason": "Pangolin return reason only for the officer",
    "question": "Axolotl question from a councillor",
    "answer": "Ocelot answer from the lead officer",
    "evidence": "Capybara-evidence.pdf",
    "officer_first": "Bartholomew",
    "officer_last": "Quillfeather",
    "officer_email": "b.quillfeather@council.example",
    "coordinator_first": "Philippa",
    "coordinator_last": "Thistlewood",
    "coordinator_email": "p.thistlewood@council.example",
    "assigned_officer": "Bartholomew Quillfeather (Head of Service)",
    "accept_note": "Marmoset acceptance note for the file",
}


@pytest.fixture
def private_records(appendix, tmp_path, settings):
    """Everything the public must not see, on recommendations 1, 2, 18 and 30 of the seed data:
    drafts, submitted and returned updates with reasons, a question and answer, evidence, an
    accepted update by named users, and a lead officer assigned from a user's account."""
    settings.MEDIA_ROOT = tmp_path
    coordinator = factories.UserFactory(
        username="pthistlewood",
        role=Role.COORDINATOR,
        first_name=SECRETS["coordinator_first"],
        last_name=SECRETS["coordinator_last"],
        email=SECRETS["coordinator_email"],
    )
    officer = factories.UserFactory(
        username="bquillfeather",
        role=Role.LEAD_OFFICER,
        first_name=SECRETS["officer_first"],
        last_name=SECRETS["officer_last"],
        email=SECRETS["officer_email"],
    )
    officer_record = factories.OfficerFactory(name=SECRETS["assigned_officer"], user=officer)
    panel_member = factories.UserFactory(role=Role.PANEL_MEMBER, first_name="Ignatius", last_name="Wolfsbane")
    refs = (1, 2, 18, 30)
    for ref in refs:
        services.recommendation_assign_lead_officer(
            recommendation=Recommendation.objects.get(ref=ref), officer=officer_record, by=coordinator
        )
    review = Recommendation.objects.get(ref=1).review
    q3 = services.reporting_period_open(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=None,
        by=coordinator,
    )

    def save(ref, narrative, **fields):
        return services.progress_update_save(
            recommendation=Recommendation.objects.get(ref=ref),
            action=None,
            period=q3,
            by=officer,
            narrative=narrative,
            status=fields.get("status", Status.IN_PROGRESS),
            rag=fields.get("rag", Rag.AMBER),
            evidence_links=fields.get("evidence_links", ""),
            evidence_files=fields.get("evidence_files", []),
        )

    save(1, SECRETS["draft"])
    services.progress_update_submit(
        update=save(
            2,
            SECRETS["submitted"],
            evidence_files=[SimpleUploadedFile(SECRETS["evidence"], b"%PDF-1.4", "application/pdf")],
        ),
        by=officer,
    )
    returned = services.progress_update_submit(update=save(30, SECRETS["returned"]), by=officer)
    services.progress_update_return(update=returned, by=coordinator, reason=SECRETS["reason"])
    accepted = services.progress_update_submit(
        update=save(18, "Chronologies are routinely consulted.", rag=Rag.GREEN), by=officer
    )
    services.progress_update_accept(update=accepted, by=coordinator, note=SECRETS["accept_note"])
    # A timescale revised by an accepted action update: the revision is recorded under the
    # coordinator's name, which the slippage on the page must not show the public.
    revised = services.progress_update_save(
        recommendation=Recommendation.objects.get(ref=18),
        action=Recommendation.objects.get(ref=18).actions.get(position=1),
        period=q3,
        by=officer,
        narrative="Audit moved to the spring.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        revised_timescale="March 2011",
    )
    revised = services.progress_update_submit(update=revised, by=officer)
    services.progress_update_accept(update=revised, by=coordinator)
    question = services.question_ask(
        recommendation=Recommendation.objects.get(ref=18), by=panel_member, text=SECRETS["question"]
    )
    services.question_answer(question=question, by=officer, answer=SECRETS["answer"])
    assert EvidenceFile.objects.filter(name=SECRETS["evidence"]).exists()
    return {"refs": refs, "panel_member": panel_member}


@pytest.mark.usefixtures("public_view_on")
def test_the_public_pages_leak_nothing_private(client, private_records):
    secrets = [*SECRETS.values(), "Ignatius", "Wolfsbane", "pthistlewood", "bquillfeather"]
    pages = [DASHBOARD, f"{DASHBOARD}?as_at=1", LIST, f"{LIST}?as_at=1", EXPORT]
    pages += [detail(ref) for ref in private_records["refs"]]
    pages += [f"{detail(ref)}?as_at=1" for ref in private_records["refs"]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        leaked = [secret for secret in secrets if secret in content]
        assert not leaked, (url, leaked)
        hrefs = re.findall(r'href="([^"]*)"', content)
        private_links = [
            "/admin/",
            "/quarters/",
            "/review/",
            "/my-work/",
            "/evidence/",
            "/compare/",
            "/update/",
        ]
        private_links += ["/questions/", "/lead-officer/"]
        assert not [href for href in hrefs for link in private_links if link in href], url
        assert 'method="post"' not in content, url
    # The accepted progress itself is public.
    accepted = client.get(detail(18)).content.decode()
    assert "Chronologies are routinely consulted." in accepted


@pytest.mark.usefixtures("public_view_on")
def test_the_private_records_are_on_the_signed_in_pages(coordinator_client, private_records):
    """The leak test above could pass by showing nothing: signed in, the same pages show them."""
    content = coordinator_client.get(detail(18)).content.decode()
    assert SECRETS["question"] in content
    assert SECRETS["assigned_officer"] in content
    assert SECRETS["coordinator_first"] in content
    assert SECRETS["reason"] in coordinator_client.get(detail(30)).content.decode()
    assert "March 2011" in content
    dashboard = coordinator_client.get(DASHBOARD).content.decode()
    assert "Updates not submitted for 2010/11 Q3" in dashboard


@pytest.mark.usefixtures("public_view_on")
def test_the_public_dashboard_leaves_out_the_workflow_and_private_links(client, appendix):
    response = client.get(DASHBOARD)
    assert response.context["dashboard"].missing_updates is None
    content = response.content.decode()
    assert "Updates not submitted" not in content
    assert "/panel/recommendations/" not in content
    assert "The January 2011 report states 35 of 54 completed at 16 September 2010." in content


@pytest.mark.usefixtures("public_view_on")
def test_the_public_recommendation_page_names_the_panels_findings_without_dead_links(client, appendix):
    content = client.get(detail(18)).content.decode()
    assert "Area of concern 3" in content
    assert "Panel recommendation 3" in content
    assert 'href="/panel/' not in content  # the panel's pages need signing in
