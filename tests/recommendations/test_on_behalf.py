"""The coordinator records updates for officers who have no account, and nothing typed is lost."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Status
from tests import factories
from tests.helpers import field_value, review_url
from tracker.errors import WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State


@pytest.fixture
def coordinator():
    return factories.UserFactory(role=Role.COORDINATOR, first_name="Colin", last_name="Coordinator")


@pytest.fixture
def item():
    """Recommendation 10, led by an officer the report names only by initials, with no account."""
    lead = factories.OfficerFactory(name="LH")
    recommendation = factories.RecommendationFactory(ref=10, lead_officer=lead)
    period = factories.OpenReportingPeriodFactory(review=recommendation.review)
    return recommendation, period, lead


def entered(coordinator, recommendation, period, lead=None):
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=period,
        by=coordinator,
        narrative="Reported by phone.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        on_behalf_of=lead,
    )
    return services.progress_update_submit(update=update, by=coordinator)


def test_the_coordinator_may_accept_an_update_they_entered_on_behalf_and_it_is_marked(coordinator, item):
    recommendation, period, lead = item
    update = entered(coordinator, recommendation, period, lead)

    accepted = services.progress_update_accept(update=update, by=coordinator)

    assert accepted.state == State.ACCEPTED
    assert accepted.accepted_own_entry
    assert accepted.reported_by == "Colin Coordinator on behalf of LH"
    assert accepted.history.earliest().history_change_reason == "Draft started on behalf of LH"


def test_no_one_accepts_an_update_they_wrote_for_themselves(coordinator, item):
    recommendation, period, _ = item
    update = entered(coordinator, recommendation, period)

    with pytest.raises(WorkflowError, match="another coordinator must accept it"):
        services.progress_update_accept(update=update, by=coordinator)
    update.refresh_from_db()
    assert update.state == State.SUBMITTED
    other = factories.UserFactory(role=Role.COORDINATOR)
    assert services.progress_update_accept(update=update, by=other).state == State.ACCEPTED


def test_an_update_is_entered_only_on_behalf_of_someone_who_leads_the_item(coordinator, item):
    recommendation, period, _ = item

    with pytest.raises(WorkflowError, match="does not lead this") as refused:
        entered(coordinator, recommendation, period, factories.OfficerFactory(name="EC"))

    assert refused.value.field == "on_behalf_of"
    assert not ProgressUpdate.objects.exists()


def test_the_review_page_and_timeline_say_who_entered_it_for_whom(coordinator, item, client):
    recommendation, period, lead = item
    update = entered(coordinator, recommendation, period, lead)
    services.progress_update_accept(update=update, by=coordinator)
    client.force_login(coordinator)

    review = client.get(reverse("recommendations:review-update", args=[update.pk])).content.decode()
    page = client.get(recommendation.get_absolute_url()).content.decode()

    assert "Colin Coordinator on behalf of LH" in review
    assert "accepted by the coordinator who entered it" in review
    assert "Colin Coordinator on behalf of LH" in page


def test_a_form_posted_after_the_session_ended_comes_back_filled_in_after_signing_in(client, item):
    recommendation, period, _ = item
    officer = factories.OfficerUserFactory()
    recommendation.lead_officer = officer.officer
    recommendation.save()
    url = review_url("recommendations:recommendation-update", kwargs={"ref": 10})
    typed = {
        "narrative": "Two hours of careful words.",
        "status": "in_progress",
        "rag": "green",
        "version": "0",
    }

    signed_out = client.post(url, {**typed, "intent": "draft"})

    assert signed_out.status_code == 302
    assert signed_out.url.startswith(reverse("login"))
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Your session ended before your changes were saved" in page
    assert "Two hours of careful words." in page
    assert field_value(page, "version") == "0"
    assert not ProgressUpdate.objects.exists()  # nothing saved until they save it
    again = client.get(url).content.decode()
    assert "Your session ended" not in again  # shown once
