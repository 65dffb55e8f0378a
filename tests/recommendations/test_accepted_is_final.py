"""Accepting, completing, correcting: the coordinator's decisions on the official record."""

import datetime
import re

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Recommendation, Status
from tests import factories
from tests.helpers import markup_of
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State


@pytest.fixture
def officer():
    return factories.OfficerUserFactory(first_name="Olive", last_name="Officer")


@pytest.fixture
def coordinator():
    return factories.UserFactory(role=Role.COORDINATOR, first_name="Colin", last_name="Coordinator")


@pytest.fixture
def quarter(officer):
    recommendation = factories.RecommendationFactory(ref=23, lead_officer=officer.officer)
    return factories.OpenReportingPeriodFactory(review=recommendation.review)


def submit(officer, period, recommendation, *, action=None, status=Status.IN_PROGRESS, rag=Rag.AMBER, **more):
    update = services.progress_update_save(
        recommendation=recommendation,
        action=action,
        period=period,
        by=officer,
        narrative=more.pop("narrative", "Progress made."),
        status=status,
        rag=rag,
        **more,
    )
    return services.progress_update_submit(update=update, by=officer)


def review_page(client, update):
    return client.get(reverse("recommendations:review-update", args=[update.pk])).content.decode()


# Roll-up --------------------------------------------------------------------------------------


def test_completing_the_last_open_action_offers_to_complete_the_recommendation(
    officer, coordinator, quarter, client
):
    recommendation = Recommendation.objects.get(ref=23)
    first = factories.ProposedActionFactory(
        recommendation=recommendation, position=1, status=Status.COMPLETED
    )
    last = factories.ProposedActionFactory(recommendation=recommendation, position=2)
    assert first.status == Status.COMPLETED
    update = submit(
        officer,
        quarter,
        recommendation,
        action=last,
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_links="https://example.org/minutes",
    )
    client.force_login(coordinator)

    assert "Also mark the recommendation as completed" in review_page(client, update)
    client.post(
        reverse("recommendations:review-update", args=[update.pk]),
        {
            "decision": "accept",
            "accept-version": update.version,
            "accept-completion_verified": "on",
            "accept-complete_recommendation": "on",
        },
    )

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.COMPLETED, Rag.COMPLETE)
    assert recommendation.history.first().history_user == coordinator


def test_accepting_the_last_action_leaves_the_recommendation_open_unless_the_coordinator_says(
    officer, coordinator, quarter
):
    recommendation = Recommendation.objects.get(ref=23)
    action = factories.ProposedActionFactory(recommendation=recommendation, position=1)
    update = submit(
        officer,
        quarter,
        recommendation,
        action=action,
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_links="https://example.org/minutes",
    )

    services.progress_update_accept(update=update, by=coordinator, completion_verified=True)

    recommendation.refresh_from_db()
    assert recommendation.status == Status.NOT_ASSESSED  # its own status is what was accepted for it


def test_the_recommendation_page_shows_what_its_actions_say_marked_as_derived(quarter, panel_member_client):
    recommendation = Recommendation.objects.get(ref=23)
    for position, status in enumerate([Status.COMPLETED, Status.COMPLETED, Status.IN_PROGRESS], start=1):
        factories.ProposedActionFactory(recommendation=recommendation, position=position, status=status)

    html = panel_member_client.get(recommendation.get_absolute_url()).content.decode()

    assert '<span id="action-rollup">2 of 3 actions completed</span>' in html
    assert "derived from the proposed actions" in html


def test_the_dashboard_lists_recommendations_whose_actions_are_all_done_but_still_open(
    quarter, panel_member_client
):
    recommendation = Recommendation.objects.get(ref=23)
    factories.ProposedActionFactory(recommendation=recommendation, position=1, status=Status.COMPLETED)
    other = factories.RecommendationFactory(theme=recommendation.theme, ref=24)
    factories.ProposedActionFactory(recommendation=other, position=1, status=Status.IN_PROGRESS)

    html = panel_member_client.get(reverse("reporting:dashboard")).content.decode()

    section = markup_of(html, "actions-done")
    assert 'href="/recommendations/23/"' in section
    assert 'href="/recommendations/24/"' not in section


# Corrections ----------------------------------------------------------------------------------


def test_the_coordinator_corrects_an_accepted_update_with_a_reason(officer, coordinator, quarter, client):
    recommendation = Recommendation.objects.get(ref=23)
    update = services.progress_update_accept(update=submit(officer, quarter, recommendation), by=coordinator)
    client.force_login(coordinator)
    url = reverse("recommendations:correct-update", args=[update.pk])

    assert "Correct this update" in review_page(client, update)
    response = client.post(
        url,
        {
            "version": update.version,
            "reason": "The RAG was read from the wrong line",
            "narrative": "Progress made.",
            "status": Status.IN_PROGRESS,
            "rag": Rag.RED,
        },
    )

    assert response.status_code == 302
    update.refresh_from_db()
    recommendation.refresh_from_db()
    assert (update.rag, update.correction_reason, update.state) == (
        Rag.RED,
        "The RAG was read from the wrong line",
        State.ACCEPTED,
    )
    assert recommendation.rag == Rag.RED
    assert update.history.first().history_change_reason == "Corrected: The RAG was read from the wrong line"


def test_a_correction_without_a_reason_or_on_a_stale_page_changes_nothing(
    officer, coordinator, quarter, client
):
    recommendation = Recommendation.objects.get(ref=23)
    update = services.progress_update_accept(update=submit(officer, quarter, recommendation), by=coordinator)
    client.force_login(coordinator)
    url = reverse("recommendations:correct-update", args=[update.pk])
    data = {
        "version": update.version,
        "narrative": "Progress made.",
        "status": Status.IN_PROGRESS,
        "rag": Rag.RED,
    }

    no_reason = client.post(url, {**data, "reason": ""})
    stale = client.post(url, {**data, "version": update.version - 1, "reason": "Typo"})

    assert 'href="#id_reason">Enter why the accepted update is being corrected.' in no_reason.content.decode()
    assert 'href="#newer-version">' in stale.content.decode()
    update.refresh_from_db()
    assert update.rag == Rag.AMBER


def test_only_the_coordinator_corrects(officer, coordinator, quarter, client):
    recommendation = Recommendation.objects.get(ref=23)
    update = services.progress_update_accept(update=submit(officer, quarter, recommendation), by=coordinator)
    client.force_login(officer)

    response = client.post(
        reverse("recommendations:correct-update", args=[update.pk]),
        {
            "version": update.version,
            "reason": "Mine",
            "narrative": "x",
            "status": Status.COMPLETED,
            "rag": Rag.RED,
        },
    )

    assert response.status_code == 403
    update.refresh_from_db()
    assert update.narrative == "Progress made."


# A resubmission is judged against what was returned ---------------------------------------------


def test_a_resubmitted_update_is_compared_with_the_version_returned(officer, coordinator, quarter, client):
    recommendation = Recommendation.objects.get(ref=23)
    update = submit(officer, quarter, recommendation, narrative="Audit planned.")
    services.progress_update_return(update=update, by=coordinator, reason="Say which schools")
    submit(
        officer,
        quarter,
        recommendation,
        narrative="Audit planned in six schools.",
        expected_version=update.version + 1,
    )
    client.force_login(coordinator)

    html = review_page(client, update)

    returned_on = datetime.date.today().strftime("%-d %B %Y")
    assert f"compared with the version returned on {returned_on}" in html
    assert "Audit planned" in html
    inserted = re.findall(r"<ins class=\"app-diff__inserted\">(.*?)</ins>", html, re.S)
    assert any("in six schools" in piece for piece in inserted)
