"""As at a quarter is the official record once its updates were reviewed, frozen when it closes."""

import datetime

import pytest

from recommendations import services
from recommendations.as_at import snapshot
from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod, Review, Status
from recommendations.snapshots import frozen_records, frozen_versions
from tests import factories
from tests.helpers import markup_of, review_path, review_url
from tracker.errors import WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(appendix):
    officer = factories.OfficerUserFactory(first_name="Olive", last_name="Officer")
    coordinator = factories.UserFactory(role=Role.COORDINATOR, first_name="Colin", last_name="Coordinator")
    for ref in (10, 23):
        services.recommendation_assign_lead_officer(
            recommendation=Recommendation.objects.get(ref=ref), officer=officer.officer, by=coordinator
        )
    return officer, coordinator


def open_quarter(coordinator, name, starts, ends, deadline=None):
    return services.reporting_period_open(
        review=Review.objects.get(), name=name, starts=starts, ends=ends, deadline=deadline, by=coordinator
    )


def report(officer, coordinator, period, ref, *, status, rag, narrative, action=None, **accept):
    recommendation = Recommendation.objects.get(ref=ref)
    update = services.progress_update_save(
        recommendation=recommendation,
        action=action,
        period=period,
        by=officer,
        narrative=narrative,
        status=status,
        rag=rag,
        evidence_links="https://example.org/evidence" if status == Status.COMPLETED else "",
    )
    update = services.progress_update_submit(update=update, by=officer)
    return services.progress_update_accept(update=update, by=coordinator, **accept)


def q3_of(coordinator):
    return open_quarter(
        coordinator,
        "2010/11 Q3",
        datetime.date(2010, 10, 1),
        datetime.date(2010, 12, 31),
        datetime.date(2011, 1, 14),
    )


def detail(client, ref, period=None):
    url = review_url("recommendations:recommendation-detail", kwargs={"ref": ref})
    return client.get(url, {"as_at": period.pk} if period else {}).content.decode()


def status_row(html):
    start = html.index('<dt class="govuk-summary-list__key">Status</dt>')
    return html[start : html.index("</div>", start)]


def test_a_quarters_updates_accepted_after_it_ended_are_in_it_once_it_closes(people, panel_member_client):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    # Accepted today, years after the quarter's last day, as updates always arrive after the end.
    report(
        officer, coordinator, q3, 10, status=Status.IN_PROGRESS, rag=Rag.AMBER, narrative="Training booked."
    )
    services.reporting_period_close(period=q3, by=coordinator)
    q3.refresh_from_db()

    as_at_q3 = detail(panel_member_client, 10, q3)
    as_at_q2 = detail(panel_member_client, 10, ReportingPeriod.objects.get(name="2010/11 Q2"))

    assert "In progress" in status_row(as_at_q3)
    assert "Not assessed" in status_row(as_at_q2)
    then = snapshot(q3).recommendations().get(ref=10)
    assert (then.status, then.rag, then.progress) == (Status.IN_PROGRESS, Rag.AMBER, "Training booked.")


def test_a_later_quarters_acceptance_never_changes_an_earlier_quarter(people):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    report(
        officer, coordinator, q3, 10, status=Status.IN_PROGRESS, rag=Rag.AMBER, narrative="Training booked."
    )
    services.reporting_period_close(period=q3, by=coordinator)
    q4 = open_quarter(coordinator, "2010/11 Q4", datetime.date(2011, 1, 1), datetime.date(2011, 3, 31))
    report(
        officer,
        coordinator,
        q4,
        10,
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        narrative="Done.",
        completion_verified=True,
    )

    q3.refresh_from_db()
    assert snapshot(q3).recommendations().get(ref=10).status == Status.IN_PROGRESS
    assert snapshot(q4).is_so_far
    assert snapshot(q4).recommendations().get(ref=10).status == Status.COMPLETED
    assert Recommendation.objects.get(ref=10).status == Status.COMPLETED


def test_a_correction_after_the_close_shows_now_but_never_in_the_frozen_quarter(people, panel_member_client):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    update = report(
        officer, coordinator, q3, 10, status=Status.IN_PROGRESS, rag=Rag.AMBER, narrative="Booked."
    )
    services.reporting_period_close(period=q3, by=coordinator)

    services.progress_update_correct(
        update=update,
        by=coordinator,
        reason="The officer reported Amber; the panel was told Red",
        narrative="Booked.",
        status=Status.IN_PROGRESS,
        rag=Rag.RED,
        expected_version=update.version,
    )

    q3.refresh_from_db()
    assert snapshot(q3).recommendations().get(ref=10).rag == Rag.AMBER
    assert Recommendation.objects.get(ref=10).rag == Rag.RED
    update.refresh_from_db()
    assert (update.state, update.rag, update.corrected_by) == (
        ProgressUpdate.State.ACCEPTED,
        Rag.RED,
        coordinator,
    )
    now = detail(panel_member_client, 10)
    assert "Progress update for 2010/11 Q3 corrected" in now
    assert "Why: The officer reported Amber; the panel was told Red" in now
    assert "RAG corrected from Amber to Red" in now
    then = detail(panel_member_client, 10, q3)
    assert "corrected" not in then[then.index('id="timeline"') :]


def test_a_correction_needs_a_reason_and_an_accepted_update(people):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    update = report(
        officer, coordinator, q3, 10, status=Status.IN_PROGRESS, rag=Rag.AMBER, narrative="Booked."
    )
    fields = {"narrative": "Booked.", "status": Status.IN_PROGRESS, "rag": Rag.RED}

    with pytest.raises(WorkflowError, match="Enter why") as refused:
        services.progress_update_correct(update=update, by=coordinator, reason=" ", **fields)
    assert refused.value.field == "reason"
    draft = services.progress_update_save(
        recommendation=Recommendation.objects.get(ref=23),
        action=None,
        period=q3,
        by=officer,
        narrative="x",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    with pytest.raises(WorkflowError, match="Only an accepted update"):
        services.progress_update_correct(update=draft, by=coordinator, reason="Typo", **fields)
    update.refresh_from_db()
    assert update.rag == Rag.AMBER


def test_a_reopened_quarter_reads_so_far_and_is_frozen_anew_when_it_closes_again(people):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    report(officer, coordinator, q3, 10, status=Status.IN_PROGRESS, rag=Rag.AMBER, narrative="Booked.")
    services.reporting_period_close(period=q3, by=coordinator)

    services.reporting_period_reopen(
        period=q3, by=coordinator, reason="Recommendation 23's update was missed"
    )
    q3.refresh_from_db()
    assert q3.state == ReportingPeriod.State.REOPENED
    assert snapshot(q3).is_so_far
    assert not q3.snapshot_rows.exists()
    report(officer, coordinator, q3, 23, status=Status.IN_PROGRESS, rag=Rag.GREEN, narrative="Late but done.")
    services.reporting_period_close(period=q3, by=coordinator)

    q3.refresh_from_db()
    frozen = snapshot(q3)
    assert frozen.is_frozen
    assert frozen.recommendations().get(ref=23).rag == Rag.GREEN
    assert q3.history.filter(history_change_reason="Reopened: Recommendation 23's update was missed").exists()


def test_the_dashboard_does_not_list_a_closed_quarters_own_updates_as_changes_since_it(
    people, panel_member_client
):
    officer, coordinator = people
    q3 = q3_of(coordinator)
    report(
        officer,
        coordinator,
        q3,
        23,
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        narrative="Done.",
        completion_verified=True,
    )
    services.reporting_period_close(period=q3, by=coordinator)

    now = panel_member_client.get(review_url("reporting:dashboard")).content.decode()
    as_at_q3 = panel_member_client.get(review_url("reporting:dashboard"), {"as_at": q3.pk}).content.decode()

    changes_now = markup_of(now, "changes")
    changes_q3 = markup_of(as_at_q3, "changes")
    assert "since the end of 2010/11 Q3" in changes_now
    assert f'href="{review_path("/recommendations/23/")}"' not in changes_now
    assert "since the end of 2010/11 Q2" in changes_q3
    assert f'href="{review_path("/recommendations/23/")}"' in changes_q3


def test_a_frozen_quarter_reads_its_records_as_their_history_rows_hold_them(people):
    """The records read straight from the frozen history rows are the rows' records, field for
    field, as simple-history's `as_instances()` builds them; with some columns left unread too."""
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    recommendation = Recommendation.objects.get(ref=23)
    recommendation.progress = "Changed after the quarter closed."
    recommendation.save()

    records = frozen_records(Recommendation, q2).filter(review_id=q2.review_id).order_by("ref")
    built = frozen_versions(Recommendation, q2).filter(review_id=q2.review_id).order_by("ref").as_instances()

    def fields(record):
        return [getattr(record, field.attname) for field in Recommendation._meta.concrete_fields]

    assert len(built) == 54
    assert [type(record) for record in records] == [Recommendation] * 54
    assert [fields(record) for record in records] == [fields(record) for record in built]
    assert records.get(ref=23).progress != "Changed after the quarter closed."
    assert [record.text for record in records.only("id", "text")] == [record.text for record in built]
