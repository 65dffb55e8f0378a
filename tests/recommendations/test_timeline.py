"""The recommendation page's timeline, quarter by quarter: history, accepted updates and their
differences, update moves, questions; on factory data and on the shipped seed data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.models import (
    ProgressUpdate,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
)
from recommendations.quarters import financial_quarter
from recommendations.timeline import BASELINE, recommendation_timeline
from tests import factories
from tests.helpers import (
    at,
    diff_markup,
    quarter,
    quarter_names,
    review_url,
    saved_at,
    summary_value_after,
    timeline_of,
)
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State


def detail_url(ref):
    return review_url("recommendations:recommendation-detail", kwargs={"ref": ref})


@pytest.fixture
def review():
    return factories.ReviewFactory(name="Kirklees Safeguarding Commission")


@pytest.fixture
def q2(review):
    return factories.ClosedReportingPeriodFactory(review=review)


@pytest.fixture
def q3(review):
    return factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=datetime.date(2011, 1, 14),
        state=ReportingPeriod.State.OPEN,
    )


@pytest.fixture
def recommendation(review):
    """Recommendation 18 and its action 1, recorded in the late-2009 action plan."""
    theme = factories.ThemeFactory(review=review, name="Assessment")
    recommendation = factories.RecommendationFactory.build(theme=theme, ref=18)
    saved_at(recommendation, at(2009, 11, 30))
    action = factories.ProposedActionFactory.build(recommendation=recommendation, position=1)
    saved_at(action, at(2009, 11, 30))
    return recommendation


@pytest.fixture
def action(recommendation):
    return recommendation.actions.get(position=1)


@pytest.fixture
def officer():
    user = factories.UserFactory(first_name="Carol", last_name="Parker", role=Role.LEAD_OFFICER)
    factories.OfficerFactory(user=user)
    return user


@pytest.fixture
def coordinator():
    return factories.UserFactory(first_name="Sam", last_name="Coordinator", role=Role.COORDINATOR)


def accepted(recommendation, period, narrative, *, action=None, reviewed_at, **fields):
    return factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        action=action,
        period=period,
        narrative=narrative,
        submitted_at=reviewed_at,
        reviewed_at=reviewed_at,
        **fields,
    )


def save(recommendation, period, by, *, action=None, narrative="Chronologies audited."):
    return services.progress_update_save(
        recommendation=recommendation,
        action=action,
        period=period,
        by=by,
        narrative=narrative,
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )


# Quarters -------------------------------------------------------------------------------


def test_quarters_are_listed_newest_first_with_the_baseline_last(
    panel_member_client, recommendation, action, q2, q3
):
    accepted(
        recommendation, q2, "Care First 6 is being rolled out.", action=action, reviewed_at=at(2010, 9, 16)
    )
    accepted(recommendation, q3, "Care First 6 is rolled out.", action=action, reviewed_at=at(2011, 1, 12))

    timeline = timeline_of(panel_member_client, 18)

    assert quarter_names(timeline) == ["2010/11 Q3", "2010/11 Q2", BASELINE]
    assert "Recommendation 18 recorded" in quarter(timeline, BASELINE)
    assert "Proposed action 1 added" in quarter(timeline, BASELINE)
    assert "30 November 2009" in quarter(timeline, BASELINE)


def test_an_update_accepted_after_its_quarter_ended_stays_in_its_quarter(
    panel_member_client, recommendation, action, q2, q3
):
    accepted(
        recommendation, q3, "Chronologies audited in December.", action=action, reviewed_at=at(2011, 1, 12)
    )

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    assert "Progress update for 2010/11 Q3 on proposed action 1 accepted" in q3_entries
    assert '<time datetime="2011-01-12">12 January 2011</time>' in q3_entries


def test_changes_before_the_first_quarter_began_are_the_baseline_and_later_ones_never_invent_a_quarter(
    panel_member_client, recommendation, q2, q3
):
    recommendation.focus = True
    saved_at(recommendation, at(2010, 5, 4))
    recommendation.assigned_to_text = "KSCB"
    saved_at(recommendation, at(2010, 11, 2))
    recommendation.status = Status.IN_PROGRESS
    saved_at(recommendation, at(2011, 2, 10))  # in no reporting period

    timeline = timeline_of(panel_member_client, 18)

    # No 2010/11 Q4 exists: a change after the latest quarter's days is filed under it, and says so.
    assert quarter_names(timeline) == ["2010/11 Q3", BASELINE]
    assert "EMG / I&amp;E focus changed from no to yes" in quarter(timeline, BASELINE)
    q3_entries = quarter(timeline, "2010/11 Q3")
    assert "Assigned to (as written) changed from DCS to KSCB" in q3_entries
    (late,) = [item for item in q3_entries.split("<li ") if "Status changed from Not assessed" in item]
    assert 'class="app-timeline__placed">after its last day</span>' in late


def test_without_any_reporting_quarter_everything_is_the_baseline(panel_member_client, recommendation):
    recommendation.status = Status.IN_PROGRESS
    recommendation.save()

    timeline = timeline_of(panel_member_client, 18)

    assert quarter_names(timeline) == [BASELINE]
    assert "Status changed from Not assessed to In progress" in timeline


@pytest.mark.parametrize(
    ("day", "name", "last_day"),
    [
        (datetime.date(2010, 4, 1), "2010/11 Q1", datetime.date(2010, 6, 30)),
        (datetime.date(2010, 9, 30), "2010/11 Q2", datetime.date(2010, 9, 30)),
        (datetime.date(2010, 12, 31), "2010/11 Q3", datetime.date(2010, 12, 31)),
        (datetime.date(2011, 1, 1), "2010/11 Q4", datetime.date(2011, 3, 31)),
        (datetime.date(1999, 11, 30), "1999/00 Q3", datetime.date(1999, 12, 31)),
    ],
)
def test_a_day_outside_any_reporting_period_is_named_by_its_financial_quarter(day, name, last_day):
    quarter = financial_quarter(day)
    assert (quarter.name, quarter.ends) == (name, last_day)
    assert quarter.starts <= day <= quarter.ends


def test_the_record_change_an_acceptance_makes_sits_in_the_updates_quarter(
    panel_member_client, recommendation, action, officer, coordinator, q3
):
    update = services.progress_update_submit(
        update=save(recommendation, q3, officer, action=action), by=officer
    )
    services.progress_update_accept(update=update, by=coordinator)  # today, long after Q3

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    # The update's own entry tells what it set, once: no second entry for the record's change.
    assert "Progress update for 2010/11 Q3 on proposed action 1 accepted" in q3_entries
    assert "Proposed action 1: 2010/11 Q3 update accepted" not in q3_entries
    assert q3_entries.count("Chronologies audited.") == 1


# Accepted updates -----------------------------------------------------------------------


def test_an_accepted_update_shows_author_reviewer_date_status_rag_note_and_narrative(
    panel_member_client, recommendation, q2, officer, coordinator
):
    accepted(
        recommendation,
        q2,
        "Care First 6 is being rolled out.",
        reviewed_at=at(2010, 9, 16),
        author=officer,
        reviewed_by=coordinator,
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        review_reason="Checked against the audit.",
    )

    q2_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q2")

    assert "Progress update for 2010/11 Q2 accepted" in q2_entries
    assert '<time datetime="2010-09-16">16 September 2010</time>' in q2_entries
    assert "accepted by Sam Coordinator" in q2_entries
    assert summary_value_after(q2_entries, None, "Reported by").text == "Carol Parker"
    assert '<strong class="govuk-tag app-tag--strong-blue">In progress</strong>' in q2_entries
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in q2_entries
    assert "Checked against the audit." in q2_entries
    assert "Care First 6 is being rolled out." in q2_entries
    assert "Changes since" not in q2_entries  # the first accepted update: nothing to compare


def test_an_update_taken_from_the_report_says_so(panel_member_client, recommendation, q2):
    accepted(
        recommendation,
        q2,
        "Chronologies in place.",
        reviewed_at=at(2010, 9, 16),
        author=None,
        reviewed_by=None,
        reported_by_text="Children and Young People Service",
    )

    q2_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q2")

    assert (
        summary_value_after(q2_entries, None, "Reported by").text
        == "From the published report (Children and Young People Service)"
    )
    assert "accepted by From the published report" in q2_entries


def test_an_accepted_update_shows_its_difference_from_the_previous_accepted_update_word_by_word(
    panel_member_client, recommendation, action, q2, q3
):
    accepted(
        recommendation, q2, "Care First 6 is being rolled out.", action=action, reviewed_at=at(2010, 9, 16)
    )
    accepted(
        recommendation,
        q3,
        "Care First 6 is rolled out across the service.",
        action=action,
        reviewed_at=at(2011, 1, 12),
    )

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    assert "Changes since the 2010/11 Q2 update" in q3_entries
    assert "Care First 6 is " + diff_markup("delete", "being") + " rolled " in q3_entries
    assert diff_markup("delete", "out.") + diff_markup("insert", "out across the service.") in q3_entries


def test_the_difference_is_from_the_same_actions_update_not_another_actions(
    panel_member_client, recommendation, action, q2, q3
):
    second = factories.ProposedActionFactory(recommendation=recommendation, position=2)
    accepted(recommendation, q2, "Training booked.", action=second, reviewed_at=at(2010, 9, 16))
    accepted(recommendation, q2, "Audit planned.", reviewed_at=at(2010, 9, 16))
    accepted(recommendation, q3, "Audit done.", reviewed_at=at(2011, 1, 12))
    accepted(recommendation, q3, "Procedures updated.", action=action, reviewed_at=at(2011, 1, 12))

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    # The recommendation's own update is compared with its own Q2 update ...
    assert "Audit " + diff_markup("delete", "planned.") + diff_markup("insert", "done.") in q3_entries
    # ... and action 1's first update with nothing: action 2's is another action's.
    assert q3_entries.count("Changes since the 2010/11 Q2 update") == 1
    assert "Training booked." not in q3_entries


def test_an_unchanged_narrative_says_so(panel_member_client, recommendation, q2, q3):
    accepted(recommendation, q2, "No change.", reviewed_at=at(2010, 9, 16))
    accepted(recommendation, q3, "No change.", reviewed_at=at(2011, 1, 12))

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    assert "The narrative is unchanged since the 2010/11 Q2 update." in q3_entries
    assert "<del" not in q3_entries


# Update moves and drafts ----------------------------------------------------------------


def test_submitted_and_returned_moves_show_who_when_and_the_reason(
    panel_member_client, recommendation, action, officer, coordinator, q3
):
    update = save(recommendation, q3, officer, action=action, narrative="A first try.")
    update = services.progress_update_submit(update=update, by=officer)
    services.progress_update_return(update=update, by=coordinator, reason="Say which teams were audited.")

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    submitted = q3_entries.index("Progress update for 2010/11 Q3 on proposed action 1 submitted for review")
    returned = q3_entries.index("Progress update for 2010/11 Q3 on proposed action 1 returned to its author")
    assert returned < submitted  # newest first
    assert "Reason: Say which teams were audited." in q3_entries
    assert "Carol Parker" in q3_entries[submitted:]
    assert "Sam Coordinator" in q3_entries[returned:submitted]
    assert "A first try." not in q3_entries  # only an accepted update's narrative is shown


def test_a_resubmitted_and_accepted_update_shows_every_move_once(
    panel_member_client, recommendation, officer, coordinator, q3
):
    update = services.progress_update_submit(update=save(recommendation, q3, officer), by=officer)
    update = services.progress_update_return(update=update, by=coordinator, reason="Add the dates.")
    update = save(recommendation, q3, officer, narrative="Chronologies audited on 3 December.")
    update = services.progress_update_submit(update=update, by=officer)
    services.progress_update_accept(update=update, by=coordinator)

    q3_entries = quarter(timeline_of(panel_member_client, 18), "2010/11 Q3")

    assert q3_entries.count("Progress update for 2010/11 Q3 submitted for review") == 2
    assert q3_entries.count("Progress update for 2010/11 Q3 returned to its author") == 1
    assert q3_entries.count("Progress update for 2010/11 Q3 accepted") == 1
    assert "Chronologies audited on 3 December." in q3_entries


def test_drafts_are_never_shown(panel_member_client, recommendation, officer, q3):
    save(recommendation, q3, officer, narrative="A half-written draft.")
    save(recommendation, q3, officer, narrative="A half-written draft, saved again.")

    timeline = timeline_of(panel_member_client, 18)

    assert "half-written" not in timeline
    assert "Draft" not in timeline
    assert "2010/11 Q3" not in timeline


# Questions ------------------------------------------------------------------------------


def test_questions_and_answers_appear_in_the_quarter_they_were_asked_and_answered(
    panel_member_client, recommendation, q2, q3, officer
):
    factories.AnsweredQuestionFactory(
        recommendation=recommendation,
        text="Are chronologies on every file?",
        asked_by=factories.UserFactory(first_name="Jean", last_name="Calvert"),
        asked_at=at(2010, 9, 20),
        answer="Yes, since the audit.",
        answered_by=officer,
        answered_at=at(2010, 10, 5),
    )

    timeline = timeline_of(panel_member_client, 18)

    asked = quarter(timeline, "2010/11 Q2")
    assert "Question to the lead officer" in asked
    assert "Jean Calvert" in asked
    assert "Are chronologies on every file?" in asked
    answered = quarter(timeline, "2010/11 Q3")
    assert "Question answered" in answered
    assert "Carol Parker" in answered
    assert "Yes, since the audit." in answered
    assert "In answer to: “Are chronologies on every file?”" in answered


# Query count ----------------------------------------------------------------------------


def test_timeline_query_count_does_not_grow_with_actions_updates_moves_or_questions(
    client, review, officer, coordinator, q2, q3
):
    theme = factories.ThemeFactory(review=review)

    def build(ref, size):
        recommendation = factories.RecommendationFactory(theme=theme, ref=ref, lead_officer=officer.officer)
        for position in range(1, size + 1):
            action = factories.ProposedActionFactory(recommendation=recommendation, position=position)
            accepted(recommendation, q2, f"Started {position}.", action=action, reviewed_at=at(2010, 9, 16))
            update = save(recommendation, q3, officer, action=action, narrative=f"Done {position}.")
            update = services.progress_update_submit(update=update, by=officer)
            services.progress_update_accept(update=update, by=coordinator)
            factories.AnsweredQuestionFactory(recommendation=recommendation, answered_by=officer)
            factories.QuestionFactory(recommendation=recommendation)

    build(1, 2)
    build(2, 8)
    client.force_login(officer)  # sees answer forms: the permission check is part of the count
    with CaptureQueriesContext(connection) as small:
        small_page = client.get(detail_url(1)).content.decode()
    with CaptureQueriesContext(connection) as large:
        large_page = client.get(detail_url(2)).content.decode()

    assert small_page.count("Changes since the 2010/11 Q2 update") == 2
    assert large_page.count("Changes since the 2010/11 Q2 update") == 8
    assert large_page.count("submitted for review") == 8
    assert large_page.count("Send answer") == 8
    assert len(large) == len(small)


def test_recommendation_timeline_reads_a_fixed_number_of_queries(
    django_assert_num_queries, recommendation, action, q2
):
    accepted(recommendation, q2, "Started.", action=action, reviewed_at=at(2010, 9, 16))
    factories.QuestionFactory(recommendation=recommendation)
    recommendation = Recommendation.objects.get(pk=recommendation.pk)

    with django_assert_num_queries(7):
        groups = recommendation_timeline(recommendation)

    # The question, asked today, long after the only quarter: filed under it, never a made-up one.
    assert [group.name for group in groups] == ["2010/11 Q2", BASELINE]
    (question,) = [entry for entry in groups[0].entries if entry.kind == "question"]
    assert question.placed == "after it closed"


# The shipped seed data ------------------------------------------------------------------


def test_a_correction_tells_only_what_was_corrected_without_reading_more(
    django_assert_num_queries, recommendation, action, q3, officer, coordinator
):
    update = save(recommendation, q3, officer, action=action, narrative="Chronologies audited.")
    update = services.progress_update_submit(update=update, by=officer)
    update = services.progress_update_accept(update=update, by=coordinator)
    services.progress_update_correct(
        update=update, by=coordinator, reason="The RAG was read from the wrong line",
        narrative="Chronologies audited in December.", status=update.status, rag=Rag.RED,
    )  # fmt: skip
    recommendation = Recommendation.objects.get(pk=recommendation.pk)

    with django_assert_num_queries(7):
        groups = recommendation_timeline(recommendation)

    (correction,) = [entry for group in groups for entry in group.entries if entry.kind == "correction"]
    assert correction.title == "Progress update for 2010/11 Q3 on proposed action 1 corrected"
    assert correction.note == "The RAG was read from the wrong line"
    assert [(change.field, change.old, change.new) for change in correction.changes] == [
        ("narrative", "Chronologies audited.", "Chronologies audited in December."),
        ("rag", "Amber", "Red"),
    ]
