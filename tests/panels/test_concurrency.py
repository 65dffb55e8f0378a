"""No lost or doubled panel records with two real connections writing at once (PostgreSQL and SQLite)."""

import pytest

from panels import services
from panels.models import PanelRecommendation, PanelRecommendationUpdate
from recommendations.models import Rag, Status
from tests import factories
from tests.concurrency import race
from tracker.errors import ConflictError, WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting():
    review = factories.ReviewFactory()
    report = factories.PanelReportFactory()
    report.panel.reviews.add(review)
    period = factories.OpenReportingPeriodFactory(review=review)
    panel_recommendation = factories.RespondedPanelRecommendationFactory(report=report, number=1)
    member = factories.UserFactory(role=Role.PANEL_MEMBER)
    coordinator = factories.UserFactory(role=Role.COORDINATOR)
    return report, period, panel_recommendation, member, coordinator


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_taking_the_same_number_at_once_one_is_told(setting, attempt):
    report, _, _, member, coordinator = setting

    def creator(by, text):
        return lambda: services.panel_recommendation_create(
            report=report, number=2, text=text, recommendations=[], by=by
        )

    results = race(creator(member, "Member's words"), creator(coordinator, "Coordinator's words"))

    created = [result for result in results if isinstance(result, PanelRecommendation)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(created) == 1, results
    assert isinstance(refused[0], WorkflowError), repr(refused[0])
    assert refused[0].field == "number"
    assert PanelRecommendation.objects.get(number=2).text == created[0].text


@pytest.mark.parametrize("attempt", range(3))
def test_two_first_updates_of_the_quarter_at_once_one_saves_the_other_is_shown_it(setting, attempt):
    _, period, panel_recommendation, member, coordinator = setting

    def recorder(by, narrative):
        return lambda: services.panel_recommendation_record_update(
            panel_recommendation=panel_recommendation,
            period=period,
            by=by,
            narrative=narrative,
            status=Status.IN_PROGRESS,
            rag=Rag.AMBER,
            expected_version=0,
        )

    results = race(recorder(member, "Member's words"), recorder(coordinator, "Coordinator's words"))

    saved = [result for result in results if isinstance(result, PanelRecommendationUpdate)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(saved) == 1, results
    assert isinstance(refused[0], ConflictError), repr(refused[0])
    assert refused[0].current.narrative == saved[0].narrative
    assert PanelRecommendationUpdate.objects.get().narrative == saved[0].narrative
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.progress == saved[0].narrative


@pytest.mark.parametrize("attempt", range(3))
def test_two_responses_on_the_same_version_at_once_never_overwrite(setting, attempt):
    _, _, panel_recommendation, member, coordinator = setting
    opened_on = panel_recommendation.version

    def responder(by, implementation):
        return lambda: services.panel_recommendation_respond(
            panel_recommendation=panel_recommendation,
            by=by,
            coordinators="",
            agreed=True,
            not_agreed_reason="",
            implementation=implementation,
            responsible="",
            timescale="June 2011",
            expected_version=opened_on,
        )

    results = race(responder(member, "Member's plan"), responder(coordinator, "Coordinator's plan"))

    winner = next(result for result in results if isinstance(result, PanelRecommendation))
    loser = next(result for result in results if isinstance(result, Exception))
    assert isinstance(loser, ConflictError), repr(loser)
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.implementation == winner.implementation
    assert panel_recommendation.version == opened_on + 1
