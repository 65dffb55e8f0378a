import datetime

import pytest

from recommendations import services
from recommendations.as_at import snapshot
from recommendations.models import Rag, Recommendation, ReportingPeriod, Status
from tests.factories import OfficerFactory, UserFactory
from tracker.models import Role

pytestmark = pytest.mark.django_db


def test_as_at_2010_11_q2_shows_september_2010_after_a_later_update_is_accepted(appendix):
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    officer = UserFactory(role=Role.LEAD_OFFICER)
    OfficerFactory(user=officer)
    coordinator = UserFactory(role=Role.COORDINATOR)
    recommendation = Recommendation.objects.get(ref=18)
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=officer.officer, by=coordinator
    )
    q3 = services.reporting_period_open(
        review=recommendation.review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=None,
        by=coordinator,
    )
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=q3,
        by=officer,
        narrative="Chronologies are routinely consulted.",
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_links="https://example.org/audit",
    )
    update = services.progress_update_submit(update=update, by=officer)
    services.progress_update_accept(update=update, by=coordinator, completion_verified=True)

    september = snapshot(q2)
    then = september.recommendations().get(ref=18)
    assert then.status == Status.IN_PROGRESS
    assert then.progress == ""
    assert then.lead_officer_id is None
    assert september.recommendations().count() == 54
    assert september.recommendations().filter(status=Status.COMPLETED).count() == 14
    assert Recommendation.objects.get(ref=18).status == Status.COMPLETED
    action = september.actions().get(recommendation_id=18, position=1)
    assert action.progress.startswith("Procedures to be updated")


def test_the_seed_quarter_is_frozen_as_its_progress_was_reported(appendix):
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")

    assert q2.closed_at == datetime.datetime(2010, 9, 16, 12, tzinfo=datetime.UTC)
    assert snapshot(q2).is_frozen
    assert q2.snapshot_rows.filter(record_type="recommendations.recommendation").count() == 54
    assert q2.snapshot_rows.filter(record_type="recommendations.proposedaction").count() == 86
    # The panel's own recommendations were made in January 2011, after the quarter.
    assert not q2.snapshot_rows.filter(record_type="panels.panelrecommendation").exists()
