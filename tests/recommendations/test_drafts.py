"""A draft is its writer's own until it is submitted (docs/access.md): the coordinator, panel
members and other officers learn that it exists, never what it says or what is attached to it, and
nobody writes over it; once submitted it is part of the record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Status
from tests import factories
from tests.helpers import review_url, text_of
from tracker.models import Role

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Chronologies audited in four of six schools; two still to visit."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead():
    return factories.OfficerUserFactory(username="kscott", first_name="Kim", last_name="Scott")


@pytest.fixture
def recommendation(lead):
    return factories.RecommendationFactory(ref=21, lead_officer=lead.officer)


@pytest.fixture
def period(recommendation):
    return factories.OpenReportingPeriodFactory(review=recommendation.review, name="2010/11 Q3")


def save_draft(recommendation, period, by, **values):
    return services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=period,
        by=by,
        narrative=values.pop("narrative", DRAFT_TEXT),
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        evidence_files=[SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")],
        **values,
    )


@pytest.fixture
def draft(recommendation, period, lead):
    return save_draft(recommendation, period, lead)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def user(role):
    return factories.UserFactory(role=role)


def form_url(recommendation):
    return review_url("recommendations:recommendation-update", kwargs={"ref": recommendation.ref})


def download_url(update):
    return reverse("recommendations:evidence-download", kwargs={"pk": update.evidence_files.get().pk})


def test_the_coordinator_sees_that_a_draft_exists_and_whose_it_is_but_not_what_it_says(draft, recommendation):
    response = signed_in(user(Role.COORDINATOR)).get(form_url(recommendation))

    assert response.status_code == 200
    page = text_of(response)
    assert "Kim Scott has started this update as a draft" in page
    assert DRAFT_TEXT not in page
    assert "audit.pdf" not in page
    assert b'name="narrative"' not in response.content  # no form to write over it


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMINISTRATOR])
def test_the_coordinator_cannot_write_over_an_officers_draft_and_sees_what_they_typed(
    draft, recommendation, role
):
    typed = {"narrative": "Entered from the phone call.", "status": Status.IN_PROGRESS, "rag": Rag.AMBER}
    typed.update(revised_timescale="", evidence_links="", version=str(draft.version), intent="draft")

    response = signed_in(user(role)).post(form_url(recommendation), typed)

    assert response.status_code == 403
    assert "someone else is writing this update as a draft" in text_of(response)
    assert "Entered from the phone call." in text_of(response)
    draft.refresh_from_db()
    assert (draft.narrative, draft.state, draft.version) == (DRAFT_TEXT, ProgressUpdate.State.DRAFT, 1)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PANEL_MEMBER, Role.LEAD_OFFICER, Role.ADMINISTRATOR])
def test_a_drafts_evidence_is_refused_to_everyone_but_its_writers(draft, role):
    reader = factories.OfficerUserFactory() if role == Role.LEAD_OFFICER else user(role)

    response = signed_in(reader).get(download_url(draft))

    assert response.status_code == 403


def test_the_author_and_a_co_lead_download_a_drafts_evidence(draft, recommendation, lead):
    co_lead = factories.OfficerUserFactory()
    action = factories.ProposedActionFactory(recommendation=recommendation, position=1)
    action.lead_officers.add(co_lead.officer)

    for reader in (lead, co_lead):
        response = signed_in(reader).get(download_url(draft))
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == b"%PDF-1.4 audit"


def test_the_coordinators_review_page_refuses_a_draft(draft):
    coordinator = signed_in(user(Role.COORDINATOR))

    review = reverse("recommendations:review-update", kwargs={"pk": draft.pk})
    assert coordinator.get(review).status_code == 403
    correct = reverse("recommendations:correct-update", kwargs={"pk": draft.pk})
    assert coordinator.get(correct).status_code == 403


def test_once_submitted_the_update_and_its_evidence_are_read_by_the_coordinator_and_the_panel(
    draft, recommendation, lead
):
    services.progress_update_submit(update=draft, by=lead, expected_version=draft.version)
    coordinator = signed_in(user(Role.COORDINATOR))

    review_page = coordinator.get(reverse("recommendations:review-update", kwargs={"pk": draft.pk}))
    assert review_page.status_code == 200
    assert DRAFT_TEXT in text_of(review_page)
    assert coordinator.get(download_url(draft)).status_code == 200
    assert signed_in(user(Role.PANEL_MEMBER)).get(download_url(draft)).status_code == 200


def test_a_draft_entered_on_a_lead_officers_behalf_is_shared_by_the_coordinators(recommendation, period):
    recommendation.lead_officer = factories.OfficerFactory(name="Sam Officer")  # no account
    recommendation.save()
    entered_by = user(Role.COORDINATOR)
    update = save_draft(recommendation, period, entered_by, on_behalf_of=recommendation.lead_officer)
    another_coordinator = signed_in(user(Role.COORDINATOR))

    response = another_coordinator.get(form_url(recommendation))

    assert DRAFT_TEXT in text_of(response)
    assert another_coordinator.get(download_url(update)).status_code == 200
    assert signed_in(user(Role.PANEL_MEMBER)).get(download_url(update)).status_code == 403


def test_the_lead_officer_reads_and_continues_their_own_draft(draft, recommendation, lead):
    response = signed_in(lead).get(form_url(recommendation))

    assert response.status_code == 200
    assert DRAFT_TEXT in response.content.decode()
    assert b'name="narrative"' in response.content


def test_a_draft_left_in_a_closed_quarter_stays_private(draft, period):
    # Drafts never submitted stay in their quarter when it closes; the read-only page keeps them private.
    type(period).objects.filter(pk=period.pk).update(state=type(period).State.CLOSED)

    response = signed_in(user(Role.COORDINATOR)).get(form_url(draft.recommendation))

    assert response.status_code == 200
    page = text_of(response)
    assert "Kim Scott has started this update as a draft" in page
    assert DRAFT_TEXT not in page
    assert "audit.pdf" not in page
