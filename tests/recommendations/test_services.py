"""Each workflow transition, allowed and refused; a refused move changes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations import services
from recommendations.models import (
    ProgressUpdate,
    ProposedAction,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
)
from tests.factories import (
    OfficerFactory,
    ProposedActionFactory,
    RecommendationFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from tests.helpers import review_path
from tracker.errors import ConflictError, WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Services email once their transaction commits: run the callbacks as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def officer_user():
    user = UserFactory(role=Role.LEAD_OFFICER, email="officer@example.org")
    OfficerFactory(name="KSCB manager", user=user)
    return user


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR, email="coordinator@example.org")


@pytest.fixture
def recommendation(officer_user):
    return RecommendationFactory(lead_officer=officer_user.officer, status=Status.IN_PROGRESS)


@pytest.fixture
def period(recommendation):
    return ReportingPeriodFactory(
        review=recommendation.review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=datetime.date(2011, 1, 14),
        state=ReportingPeriod.State.OPEN,
    )


def save(recommendation, period, by, action=None, **fields):
    values = {"narrative": "Chronologies audited.", "status": Status.IN_PROGRESS, "rag": Rag.AMBER}
    values.update(fields)
    return services.progress_update_save(
        recommendation=recommendation, action=action, period=period, by=by, **values
    )


def submitted(recommendation, period, by, **fields):
    update = save(recommendation, period, by, **fields)
    return services.progress_update_submit(update=update, by=by)


# Reporting periods


def test_open_a_quarter_and_tell_officers_with_items_due(
    recommendation, officer_user, coordinator, mailoutbox, committed
):
    with committed():
        period = services.reporting_period_open(
            review=recommendation.review,
            name="2010/11 Q3",
            starts=datetime.date(2010, 10, 1),
            ends=datetime.date(2010, 12, 31),
            deadline=datetime.date(2011, 1, 14),
            by=coordinator,
        )
    assert period.state == ReportingPeriod.State.OPEN
    assert period.history.first().history_user == coordinator
    assert period.history.first().history_change_reason == "Opened for updates"
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "2010/11 Q3 is open" in mailoutbox[0].subject
    assert review_path(f"/recommendations/{recommendation.ref}/update/") in mailoutbox[0].body


def test_a_second_quarter_cannot_open_while_one_is_open(period, coordinator):
    with pytest.raises(WorkflowError, match="Close 2010/11 Q3 before opening another quarter") as error:
        services.reporting_period_open(
            review=period.review,
            name="2010/11 Q4",
            starts=datetime.date(2011, 1, 1),
            ends=datetime.date(2011, 3, 31),
            deadline=None,
            by=coordinator,
        )
    assert error.value.field == "name"
    assert ReportingPeriod.objects.count() == 1


def test_a_quarter_cannot_end_before_it_starts(recommendation, coordinator):
    with pytest.raises(WorkflowError, match="end after it starts"):
        services.reporting_period_open(
            review=recommendation.review,
            name="2010/11 Q3",
            starts=datetime.date(2010, 10, 1),
            ends=datetime.date(2010, 9, 30),
            deadline=None,
            by=coordinator,
        )
    assert not ReportingPeriod.objects.exists()


def test_close_refused_while_updates_wait_for_review(recommendation, period, officer_user, coordinator):
    submitted(recommendation, period, officer_user)
    with pytest.raises(WorkflowError, match="Accept or return the 1 submitted update before closing"):
        services.reporting_period_close(period=period, by=coordinator)
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN


def test_closed_quarter_is_read_only(recommendation, period, officer_user, coordinator):
    update = save(recommendation, period, officer_user)
    services.reporting_period_close(period=period, by=coordinator)
    with pytest.raises(WorkflowError, match="2010/11 Q3 is closed"):
        save(recommendation, period, officer_user, expected_version=update.version, narrative="Late words")
    with pytest.raises(WorkflowError, match="is closed"):
        services.progress_update_submit(update=update, by=officer_user)
    update.refresh_from_db()
    assert update.narrative == "Chronologies audited."
    assert update.state == State.DRAFT


# Drafts and submission


def test_save_draft_creates_then_updates_one_update_per_item(recommendation, period, officer_user):
    first = save(recommendation, period, officer_user)
    again = save(
        recommendation, period, officer_user, narrative="Revised words", expected_version=first.version
    )
    assert first.pk == again.pk
    assert ProgressUpdate.objects.count() == 1
    assert again.narrative == "Revised words"
    assert again.version == first.version + 1
    reasons = list(again.history.values_list("history_change_reason", flat=True))
    assert reasons == ["Draft saved", "Draft started"]


def test_revised_timescale_is_understood_as_a_date(recommendation, period, officer_user):
    update = save(recommendation, period, officer_user, revised_timescale="Summer 2011")
    assert update.revised_due_date == datetime.date(2011, 8, 31)


def test_a_timescale_that_cannot_be_understood_is_refused_on_its_field(recommendation, period, officer_user):
    with pytest.raises(WorkflowError) as error:
        save(recommendation, period, officer_user, revised_timescale="next Tuesday")
    assert error.value.field == "revised_timescale"
    assert "next Tuesday" in error.value.message
    assert not ProgressUpdate.objects.exists()


def test_a_stale_version_is_a_conflict_and_overwrites_nothing(recommendation, period, officer_user):
    opened = save(recommendation, period, officer_user, narrative="First")
    save(recommendation, period, officer_user, narrative="Colleague's words", expected_version=opened.version)
    with pytest.raises(ConflictError) as error:
        save(recommendation, period, officer_user, narrative="My words", expected_version=opened.version)
    assert error.value.current.narrative == "Colleague's words"
    assert ProgressUpdate.objects.get().narrative == "Colleague's words"


def test_submit_needs_a_narrative(recommendation, period, officer_user):
    update = save(recommendation, period, officer_user, narrative="  ")
    with pytest.raises(WorkflowError, match="Enter the progress made") as error:
        services.progress_update_submit(update=update, by=officer_user)
    assert error.value.field == "narrative"
    update.refresh_from_db()
    assert update.state == State.DRAFT


def test_claiming_completed_needs_evidence_to_submit(recommendation, period, officer_user):
    update = save(recommendation, period, officer_user, status=Status.COMPLETED)
    with pytest.raises(WorkflowError, match="needs evidence") as error:
        services.progress_update_submit(update=update, by=officer_user)
    assert error.value.field == "evidence_links"
    update = save(
        recommendation,
        period,
        officer_user,
        status=Status.COMPLETED,
        evidence_links="https://www.kirklees.gov.uk/audit.pdf",
        expected_version=update.version,
    )
    assert services.progress_update_submit(update=update, by=officer_user).state == State.SUBMITTED


def test_an_evidence_file_counts_as_evidence(recommendation, period, officer_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    update = save(recommendation, period, officer_user, status=Status.COMPLETED, evidence_files=[upload])
    evidence = update.evidence_files.get()
    assert evidence.name == "audit.pdf"
    assert evidence.file.name.startswith(f"evidence/{update.pk}/")
    assert "audit" not in evidence.file.name
    assert services.progress_update_submit(update=update, by=officer_user).state == State.SUBMITTED


def test_submit_tells_the_coordinators(
    recommendation, period, officer_user, coordinator, mailoutbox, committed
):
    with committed():
        update = submitted(recommendation, period, officer_user)
    assert update.submitted_at is not None
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    assert f"/review/{update.pk}/" in mailoutbox[0].body


def test_a_submitted_update_cannot_be_edited_or_submitted_again(recommendation, period, officer_user):
    update = submitted(recommendation, period, officer_user)
    with pytest.raises(
        WorkflowError, match="submitted: it can be changed only if the coordinator returns it"
    ):
        save(recommendation, period, officer_user, narrative="Sneaky", expected_version=update.version)
    with pytest.raises(WorkflowError, match="cannot be submitted"):
        services.progress_update_submit(update=update, by=officer_user)
    assert ProgressUpdate.objects.get().narrative == "Chronologies audited."


# Review


def test_accept_update_changes_official_status_rag_and_progress(
    recommendation, period, officer_user, coordinator
):
    update = submitted(recommendation, period, officer_user, narrative="Audits in place.", rag=Rag.GREEN)
    services.progress_update_accept(update=update, by=coordinator, note="Thank you")
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag, recommendation.progress) == (
        Status.IN_PROGRESS,
        Rag.GREEN,
        "Audits in place.",
    )
    latest = recommendation.history.first()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "2010/11 Q3 update accepted"
    update.refresh_from_db()
    assert (update.state, update.reviewed_by, update.review_reason) == (
        State.ACCEPTED,
        coordinator,
        "Thank you",
    )
    assert update.history.first().history_change_reason == "Accepted"


def test_only_an_accepted_update_changes_the_record(recommendation, period, officer_user):
    submitted(recommendation, period, officer_user, rag=Rag.RED, status=Status.NO_PROGRESS)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.IN_PROGRESS, Rag.NOT_ASSESSED)


def test_accepting_an_action_update_revises_its_timescale(recommendation, period, officer_user, coordinator):
    action = ProposedActionFactory(
        recommendation=recommendation, timescale="Nov 09", due_date=datetime.date(2009, 11, 30)
    )
    update = save(recommendation, period, officer_user, action=action, revised_timescale="Summer 2011")
    update = services.progress_update_submit(update=update, by=officer_user)
    services.progress_update_accept(update=update, by=coordinator)
    action = ProposedAction.objects.get(pk=action.pk)
    assert action.timescale == "Summer 2011"
    assert action.due_date == datetime.date(2011, 8, 31)
    assert action.original_due_date == datetime.date(2009, 11, 30)
    assert action.progress == "Chronologies audited."


def test_a_completion_is_accepted_only_once_verified(recommendation, period, officer_user, coordinator):
    update = submitted(
        recommendation, period, officer_user, status=Status.COMPLETED, evidence_links="https://example.org/x"
    )
    with pytest.raises(WorkflowError, match="Confirm you have checked the evidence") as error:
        services.progress_update_accept(update=update, by=coordinator)
    assert error.value.field == "completion_verified"
    recommendation.refresh_from_db()
    assert recommendation.status == Status.IN_PROGRESS
    services.progress_update_accept(update=update, by=coordinator, completion_verified=True)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.COMPLETED
    update.refresh_from_db()
    assert update.completion_verified
    assert update.history.first().history_change_reason == "Accepted, completion verified"


def test_return_needs_a_reason_and_leaves_the_record(
    recommendation, period, officer_user, coordinator, mailoutbox, committed
):
    update = submitted(
        recommendation, period, officer_user, status=Status.COMPLETED, evidence_links="https://e.org"
    )
    with pytest.raises(WorkflowError, match="Enter why") as error:
        services.progress_update_return(update=update, by=coordinator, reason=" ")
    assert error.value.field == "reason"
    mailoutbox.clear()
    with committed():
        services.progress_update_return(update=update, by=coordinator, reason="Attach the audit report")
    update.refresh_from_db()
    assert update.state == State.RETURNED
    assert update.history.first().history_change_reason == "Returned: Attach the audit report"
    recommendation.refresh_from_db()
    assert recommendation.status == Status.IN_PROGRESS  # a returned completion keeps the old status
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "Attach the audit report" in mailoutbox[0].body
    assert review_path(f"/recommendations/{recommendation.ref}/update/") in mailoutbox[0].body


def test_a_returned_update_is_revised_and_resubmitted(recommendation, period, officer_user, coordinator):
    update = submitted(recommendation, period, officer_user)
    services.progress_update_return(update=update, by=coordinator, reason="More detail")
    update.refresh_from_db()
    revised = save(
        recommendation, period, officer_user, narrative="More detail here", expected_version=update.version
    )
    assert revised.history.first().history_change_reason == "Returned update revised"
    assert services.progress_update_submit(update=revised, by=officer_user).state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.ACCEPTED])
def test_only_submitted_updates_can_be_accepted_or_returned(
    recommendation, period, officer_user, coordinator, state
):
    update = save(recommendation, period, officer_user)
    ProgressUpdate.objects.filter(pk=update.pk).update(state=state)
    with pytest.raises(WorkflowError, match="cannot be accepted"):
        services.progress_update_accept(update=update, by=coordinator)
    with pytest.raises(WorkflowError, match="cannot be returned"):
        services.progress_update_return(update=update, by=coordinator, reason="No")
    assert ProgressUpdate.objects.get(pk=update.pk).state == state


def test_transitions_are_declared_once():
    allowed = {(a, b) for a, targets in ProgressUpdate.TRANSITIONS.items() for b in targets}
    assert allowed == {
        (State.DRAFT, State.SUBMITTED),
        (State.RETURNED, State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.SUBMITTED, State.RETURNED),
    }


# Lead officers and questions


def test_assign_lead_officer_records_who_and_refuses_a_stale_form(coordinator):
    recommendation = RecommendationFactory()
    officer = OfficerFactory(name="Head of Service")
    services.recommendation_assign_lead_officer(
        recommendation=recommendation,
        officer=officer,
        by=coordinator,
        expected_version=recommendation.version,
    )
    latest = Recommendation.objects.get(pk=recommendation.pk)
    assert latest.lead_officer == officer
    assert latest.history.first().history_change_reason == "Lead officer assigned: Head of Service"
    assert latest.history.first().history_user == coordinator
    with pytest.raises(ConflictError):
        services.recommendation_assign_lead_officer(
            recommendation=recommendation,
            officer=None,
            by=coordinator,
            expected_version=recommendation.version,
        )
    assert Recommendation.objects.get(pk=recommendation.pk).lead_officer == officer


def test_questions_are_asked_and_answered_once(recommendation, officer_user, mailoutbox, committed):
    panel_member = UserFactory(role=Role.PANEL_MEMBER, email="cllr@example.org")
    with pytest.raises(WorkflowError, match="Enter your question"):
        services.question_ask(recommendation=recommendation, by=panel_member, text=" ")
    with committed():
        question = services.question_ask(
            recommendation=recommendation, by=panel_member, text="Why the delay?"
        )
    assert mailoutbox[-1].to == ["officer@example.org"]
    with committed():
        services.question_answer(question=question, by=officer_user, answer="IT system replacement.")
    assert mailoutbox[-1].to == ["cllr@example.org"]
    with pytest.raises(WorkflowError, match="already been answered"):
        services.question_answer(question=question, by=officer_user, answer="Again")
    question.refresh_from_db()
    assert question.answer == "IT system replacement."
    assert question.history.first().history_change_reason == "Question answered"


# Reminders


def test_reminders_go_once_from_a_week_before_the_deadline(
    recommendation, period, officer_user, mailoutbox, committed
):
    assert services.reminders_send(today=datetime.date(2011, 1, 6)) == 0  # eight days before
    with committed():
        assert services.reminders_send(today=datetime.date(2011, 1, 7)) == 1
    assert mailoutbox[-1].to == ["officer@example.org"]
    assert services.reminders_send(today=datetime.date(2011, 1, 8)) == 0  # already sent this quarter


def test_no_reminder_once_everything_is_submitted(recommendation, period, officer_user, mailoutbox):
    submitted(recommendation, period, officer_user)
    mailoutbox.clear()
    assert services.reminders_send(today=datetime.date(2011, 1, 10)) == 0
    assert mailoutbox == []
