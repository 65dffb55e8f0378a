"""Writes of the panel's own recommendations: each allowed and refused; a refusal changes nothing."""

import datetime

import pytest

from panels import services
from panels.models import PanelRecommendation, PanelRecommendationUpdate
from panels.timeline import panel_recommendation_timeline
from recommendations.models import Rag, Status
from recommendations.services import reporting_period_close
from tests import factories
from tracker.errors import ConflictError, WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return factories.ReviewFactory()


@pytest.fixture
def report(review):
    report = factories.PanelReportFactory(panel__name="Children and Young People Scrutiny Panel")
    report.panel.reviews.add(review)
    return report


@pytest.fixture
def member():
    return factories.UserFactory(role=Role.PANEL_MEMBER)


@pytest.fixture
def coordinator():
    return factories.UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def open_period(review):
    return factories.OpenReportingPeriodFactory(review=review)


@pytest.fixture
def panel_recommendation(report):
    return factories.PanelRecommendationFactory(report=report, number=3)


def respond(panel_recommendation, by, **changes):
    answers = {
        "coordinators": "Directorate for Children and Young People",
        "agreed": True,
        "not_agreed_reason": "",
        "implementation": "Through clearer IT processes",
        "responsible": "P Johnson L Rawnsley",
        "timescale": "June 2011",
    }
    answers.update(changes)
    return services.panel_recommendation_respond(panel_recommendation=panel_recommendation, by=by, **answers)


def record(panel_recommendation, period, by, **changes):
    progress = {
        "narrative": "A project plan is being produced.",
        "status": Status.IN_PROGRESS,
        "rag": Rag.AMBER,
    }
    progress.update(changes)
    return services.panel_recommendation_record_update(
        panel_recommendation=panel_recommendation, period=period, by=by, **progress
    )


def refusal(call) -> WorkflowError:
    with pytest.raises(WorkflowError) as raised:
        call()
    return raised.value


# Recording a panel recommendation ------------------------------------------------------------


def test_create_records_the_panel_recommendation_with_who_and_the_recommendations_it_concerns(
    report, review, member
):
    theme = factories.ThemeFactory(review=review)
    eighteen = factories.RecommendationFactory(theme=theme, ref=18)
    twenty_four = factories.RecommendationFactory(theme=theme, ref=24)

    created = services.panel_recommendation_create(
        report=report,
        number=6,
        text="  Consult chronologies.  ",
        recommendations=[twenty_four, eighteen],
        by=member,
    )

    assert (created.report, created.number, created.text) == (report, 6, "Consult chronologies.")
    assert created.agreed is None
    assert created.version == 1
    assert list(created.recommendations.order_by("ref")) == [eighteen, twenty_four]
    version = created.history.get()
    assert version.history_user == member
    assert version.history_change_reason == "Recorded, concerning recommendations 18, 24"


def test_create_without_linked_recommendations_says_recorded(report, member):
    created = services.panel_recommendation_create(
        report=report, number=1, text="Words", recommendations=[], by=member
    )

    assert created.history.get().history_change_reason == "Recorded"


def test_create_refuses_a_number_already_used_in_the_report_and_records_nothing(panel_recommendation, member):
    error = refusal(
        lambda: services.panel_recommendation_create(
            report=panel_recommendation.report, number=3, text="Again", recommendations=[], by=member
        )
    )

    assert error.field == "number"
    assert error.message == ("Panel recommendation 3 already exists in this report: enter a different number")
    assert PanelRecommendation.objects.count() == 1
    assert PanelRecommendation.history.count() == 1


def test_the_same_number_may_be_used_in_another_report(panel_recommendation, member):
    other_report = factories.PanelReportFactory(panel=panel_recommendation.report.panel, title="Later report")

    created = services.panel_recommendation_create(
        report=other_report, number=3, text="Words", recommendations=[], by=member
    )

    assert created.number == 3


@pytest.mark.parametrize(
    ("number", "text", "field", "message"),
    [
        (1, "   ", "text", "Enter the panel's recommendation"),
        (0, "Words", "number", "The number must be 1 or more"),
    ],
)
def test_create_refuses_incomplete_input(report, member, number, text, field, message):
    error = refusal(
        lambda: services.panel_recommendation_create(
            report=report, number=number, text=text, recommendations=[], by=member
        )
    )

    assert (error.field, error.message) == (field, message)
    assert not PanelRecommendation.objects.exists()


def test_create_refuses_recommendations_of_a_review_the_panel_does_not_oversee(report, member):
    elsewhere = factories.RecommendationFactory(ref=9, theme__review=factories.ReviewFactory())

    error = refusal(
        lambda: services.panel_recommendation_create(
            report=report, number=1, text="Words", recommendations=[elsewhere], by=member
        )
    )

    assert error.field == "recommendations"
    assert "(not recommendation 9)" in error.message
    assert not PanelRecommendation.objects.exists()


# The response --------------------------------------------------------------------------------


def test_respond_records_the_response_with_the_due_date_its_timescale_gives(
    panel_recommendation, coordinator
):
    responded = respond(panel_recommendation, coordinator, timescale="Sept 2011", expected_version=1)

    responded.refresh_from_db()
    assert responded.agreed is True
    assert responded.responsible == "P Johnson L Rawnsley"
    assert responded.timescale == "Sept 2011"
    assert responded.due_date == datetime.date(2011, 9, 30)
    assert responded.version == 2
    latest = responded.history.first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "Response recorded")


def test_revising_a_response_is_recorded_as_revised(panel_recommendation, coordinator, member):
    respond(panel_recommendation, coordinator)

    respond(panel_recommendation, member, responsible="CPRU Manager")

    latest = panel_recommendation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (member, "Response revised")
    assert latest.responsible == "CPRU Manager"


def test_not_agreed_is_recorded_with_the_reason_why_not(panel_recommendation, coordinator):
    responded = respond(
        panel_recommendation,
        coordinator,
        agreed=False,
        not_agreed_reason=" Covered by the Munro Review ",
        timescale="",
    )

    assert (responded.agreed, responded.not_agreed_reason) == (False, "Covered by the Munro Review")
    assert responded.due_date is None


def test_an_agreed_response_keeps_no_reason_why_not(panel_recommendation, coordinator):
    responded = respond(
        panel_recommendation, coordinator, agreed=True, not_agreed_reason="Left over from a no"
    )

    assert responded.not_agreed_reason == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"agreed": None}, "agreed", "Select yes if the recommendation is agreed"),
        (
            {"agreed": False, "not_agreed_reason": "  "},
            "not_agreed_reason",
            "Enter why the recommendation is not agreed",
        ),
        (
            {"timescale": "31 Feb 2011"},
            "timescale",
            None,  # the timescale parser's own message
        ),
    ],
)
def test_respond_refuses_incomplete_or_unreadable_answers_and_changes_nothing(
    panel_recommendation, coordinator, changes, field, message
):
    error = refusal(lambda: respond(panel_recommendation, coordinator, **changes))

    assert error.field == field
    if message is not None:
        assert error.message == message
    else:
        assert "31 Feb 2011" in error.message
    panel_recommendation.refresh_from_db()
    assert (panel_recommendation.agreed, panel_recommendation.timescale, panel_recommendation.version) == (
        None,
        "",
        1,
    )
    assert panel_recommendation.history.count() == 1  # the factory's save only


def test_respond_on_a_stale_version_raises_a_conflict_with_the_newer_version_and_changes_nothing(
    panel_recommendation, coordinator, member
):
    respond(panel_recommendation, coordinator, implementation="Coordinator's words", expected_version=1)

    with pytest.raises(ConflictError) as conflict:
        respond(panel_recommendation, member, implementation="Member's words", expected_version=1)

    assert conflict.value.current.implementation == "Coordinator's words"
    assert conflict.value.current.version == 2
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.implementation == "Coordinator's words"
    assert panel_recommendation.version == 2


# Quarterly progress ----------------------------------------------------------------------------


def test_record_update_sets_the_panel_recommendations_status_rag_and_progress(
    panel_recommendation, open_period, member
):
    update = record(panel_recommendation, open_period, member, expected_version=0)

    assert (update.period, update.recorded_by, update.version) == (open_period, member, 1)
    assert update.recorded_at is not None
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.status == Status.IN_PROGRESS
    assert panel_recommendation.rag == Rag.AMBER
    assert panel_recommendation.progress == "A project plan is being produced."
    assert panel_recommendation.version == 2
    for version in (update.history.get(), panel_recommendation.history.first()):
        assert version.history_user == member
        assert version.history_change_reason == "2010/11 Q3 update recorded"


def test_recording_the_quarter_again_revises_its_one_update(
    panel_recommendation, open_period, member, coordinator
):
    first = record(panel_recommendation, open_period, member)

    second = record(
        panel_recommendation,
        open_period,
        coordinator,
        narrative="Complete.",
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        expected_version=1,
    )

    assert second.pk == first.pk
    assert PanelRecommendationUpdate.objects.count() == 1
    assert (second.recorded_by, second.narrative, second.version) == (coordinator, "Complete.", 2)
    assert second.history.first().history_change_reason == "2010/11 Q3 update revised"
    panel_recommendation.refresh_from_db()
    assert (panel_recommendation.status, panel_recommendation.rag) == (Status.COMPLETED, Rag.COMPLETE)


def test_each_quarter_has_its_own_update(panel_recommendation, open_period, member, coordinator):
    record(panel_recommendation, open_period, member)
    reporting_period_close(period=open_period, by=coordinator)
    next_quarter = factories.OpenReportingPeriodFactory(
        review=open_period.review,
        name="2010/11 Q4",
        starts=datetime.date(2011, 1, 1),
        ends=datetime.date(2011, 3, 31),
    )

    record(panel_recommendation, next_quarter, coordinator, narrative="Next quarter's words")

    assert [update.period.name for update in panel_recommendation.updates.newest_first()] == [
        "2010/11 Q4",
        "2010/11 Q3",
    ]


def test_record_update_refuses_a_closed_quarter_and_changes_nothing(panel_recommendation, review, member):
    closed = factories.ClosedReportingPeriodFactory(review=review)

    error = refusal(lambda: record(panel_recommendation, closed, member))

    assert (error.field, error.message) == ("period", "2010/11 Q2 is not open for updates")
    assert not PanelRecommendationUpdate.objects.exists()
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.status == Status.NOT_ASSESSED


def test_record_update_refuses_a_quarter_of_a_review_the_panel_does_not_oversee(panel_recommendation, member):
    elsewhere = factories.OpenReportingPeriodFactory(review=factories.ReviewFactory(), name="Elsewhere Q3")

    error = refusal(lambda: record(panel_recommendation, elsewhere, member))

    assert error.field == "period"
    assert "does not oversee" in error.message
    assert not PanelRecommendationUpdate.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"narrative": "  "}, "narrative", "Enter the progress made this quarter"),
        ({"status": "nearly_done"}, "status", "Select the status"),
        ({"rag": ""}, "rag", "Select the RAG rating"),
    ],
)
def test_record_update_refuses_incomplete_progress_and_changes_nothing(
    panel_recommendation, open_period, member, changes, field, message
):
    error = refusal(lambda: record(panel_recommendation, open_period, member, **changes))

    assert (error.field, error.message) == (field, message)
    assert not PanelRecommendationUpdate.objects.exists()
    panel_recommendation.refresh_from_db()
    assert (panel_recommendation.status, panel_recommendation.progress, panel_recommendation.version) == (
        Status.NOT_ASSESSED,
        "",
        1,
    )


def test_record_update_on_a_stale_form_raises_a_conflict_and_changes_nothing(
    panel_recommendation, open_period, member, coordinator
):
    record(
        panel_recommendation, open_period, coordinator, narrative="Coordinator's words", expected_version=0
    )

    with pytest.raises(ConflictError) as conflict:
        record(panel_recommendation, open_period, member, narrative="Member's words", expected_version=0)

    assert conflict.value.current.narrative == "Coordinator's words"
    assert PanelRecommendationUpdate.objects.get().narrative == "Coordinator's words"
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.progress == "Coordinator's words"


# History -------------------------------------------------------------------------------------


def test_timeline_lists_every_change_newest_first_with_who_and_why(report, review, member, coordinator):
    today = datetime.date.today()
    period = factories.OpenReportingPeriodFactory(
        review=review,
        name="This quarter",
        starts=today - datetime.timedelta(days=40),
        ends=today + datetime.timedelta(days=40),
    )
    created = services.panel_recommendation_create(
        report=report, number=1, text="Words", recommendations=[], by=member
    )
    respond(created, coordinator)
    record(created, period, member, status=Status.COMPLETED, rag=Rag.COMPLETE, narrative="Done")

    quarters = panel_recommendation_timeline(created)

    assert [quarter.name for quarter in quarters] == ["This quarter"]
    entries = quarters[0].entries
    assert [(entry.title, entry.who) for entry in entries] == [
        ("Panel recommendation 1: This quarter update recorded", str(member)),
        ("Panel recommendation 1: Response recorded", str(coordinator)),
        ("Panel recommendation 1: Recorded", str(member)),
    ]
    changed = {change.label: (change.old, change.new) for change in entries[0].changes}
    assert changed["Status"] == ("Not assessed", "Completed")
    assert changed["RAG"] == ("Not assessed", "Complete")
    assert "Version" not in changed  # the edit counter is not a change a reader needs
