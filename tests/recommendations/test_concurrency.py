"""No lost updates with two real database connections saving at the same moment (PostgreSQL and SQLite)."""

import datetime

import pytest

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, ReportingPeriod, Status
from tests.concurrency import race
from tests.factories import OfficerFactory, RecommendationFactory, ReportingPeriodFactory, UserFactory
from tracker.errors import ConflictError, WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting():
    officer = UserFactory(role=Role.LEAD_OFFICER)
    colleague = UserFactory(role=Role.ADMINISTRATOR)
    OfficerFactory(user=officer)
    recommendation = RecommendationFactory(lead_officer=officer.officer)
    period = ReportingPeriodFactory(
        review=recommendation.review,
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        state=ReportingPeriod.State.OPEN,
    )
    return recommendation, period, officer, colleague


def saver(recommendation, period, by, narrative, expected_version):
    return lambda: services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=period,
        by=by,
        narrative=narrative,
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        expected_version=expected_version,
    )


@pytest.mark.parametrize("attempt", range(3))
def test_two_first_drafts_at_once_one_saves_the_other_is_told(setting, attempt):
    recommendation, period, officer, colleague = setting
    results = race(
        saver(recommendation, period, officer, "Officer's words", 0),
        saver(recommendation, period, colleague, "Colleague's words", 0),
    )
    saved = [r for r in results if isinstance(r, ProgressUpdate)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(saved) == 1, results
    assert len(refused) == 1
    assert isinstance(refused[0], ConflictError), repr(refused[0])
    assert refused[0].current.narrative == saved[0].narrative
    assert ProgressUpdate.objects.get().narrative == saved[0].narrative


@pytest.mark.parametrize("attempt", range(3))
def test_two_saves_of_the_same_version_at_once_never_overwrite(setting, attempt):
    recommendation, period, officer, colleague = setting
    draft = saver(recommendation, period, officer, "First draft", None)()
    results = race(
        saver(recommendation, period, officer, "Officer's revision", draft.version),
        saver(recommendation, period, colleague, "Colleague's revision", draft.version),
    )
    winner = next(r for r in results if isinstance(r, ProgressUpdate))
    loser = next(r for r in results if isinstance(r, Exception))
    assert isinstance(loser, ConflictError), repr(loser)
    stored = ProgressUpdate.objects.get()
    assert stored.narrative == winner.narrative
    assert stored.version == draft.version + 1
    # The refused person is shown the newer version and can merge and save on it.
    merged = saver(recommendation, period, officer, f"{stored.narrative} + merged", loser.current.version)()
    assert "merged" in merged.narrative
    assert "revision" in merged.narrative


def test_two_coordinators_opening_quarters_at_once_one_is_told(setting):
    recommendation, period, officer, colleague = setting
    from recommendations.models import ReportingPeriod as Period

    Period.objects.filter(pk=period.pk).update(state=Period.State.CLOSED)

    def opener(name):
        return lambda: services.reporting_period_open(
            review=recommendation.review,
            name=name,
            starts=datetime.date(2011, 1, 1),
            ends=datetime.date(2011, 3, 31),
            deadline=None,
            by=colleague,
        )

    results = race(opener("2010/11 Q4"), opener("2010/11 Q4 (again)"))
    opened = [r for r in results if isinstance(r, Period)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(opened) == 1, results
    assert isinstance(refused[0], WorkflowError), repr(refused[0])
    assert Period.objects.open().count() == 1
