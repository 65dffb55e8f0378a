"""Running a quarter with real people: chasing, reminders, counts, bulk review, an officer's record."""

import datetime

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.chasing import chase, tallies
from recommendations.models import ProgressUpdate, Rag, Reminder, ReportingPeriod, Status
from recommendations.synthetic import Size, generate
from tests import factories
from tests.helpers import error_summary, parse, review_path, review_url, text_of
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State

QUEUE = reverse("recommendations:review-queue")
TOGETHER = reverse("recommendations:review-together")


@pytest.fixture
def quarter():
    """Three recommendations: 1 led by Olive (an account), 2 led by LH (none), 3 by nobody."""
    olive = factories.OfficerUserFactory(first_name="Olive", last_name="Officer", email="olive@example.org")
    olive.officer.name = "Head of Service"
    olive.officer.save()
    theme = factories.ThemeFactory()
    lh = factories.OfficerFactory(name="LH")
    first = factories.RecommendationFactory(theme=theme, ref=1, lead_officer=olive.officer)
    second = factories.RecommendationFactory(theme=theme, ref=2, lead_officer=lh)
    third = factories.RecommendationFactory(theme=theme, ref=3)
    period = factories.OpenReportingPeriodFactory(review=theme.review, deadline=datetime.date.today())
    return {"olive": olive, "lh": lh, "recommendations": (first, second, third), "period": period}


def submitted(quarter, recommendation, by, **fields):
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=quarter["period"],
        by=by,
        narrative=fields.pop("narrative", "Progress made."),
        status=fields.pop("status", Status.IN_PROGRESS),
        rag=fields.pop("rag", Rag.AMBER),
        **fields,
    )
    return services.progress_update_submit(update=update, by=by)


def test_the_chase_groups_every_item_by_lead_officer_with_where_it_stands(quarter):
    first, _, _ = quarter["recommendations"]
    submitted(quarter, first, quarter["olive"])

    chased = chase(quarter["period"], today=datetime.date.today())

    groups = {str(group.officer or "No lead officer"): group for group in chased.officers}
    assert [item.progress_label for item in groups["Head of Service"].items] == ["Submitted"]
    assert groups["Head of Service"].has_account
    assert [item.progress_label for item in groups["LH"].items] == ["Not started"]
    assert not groups["LH"].has_account
    assert [str(item) for item in groups["No lead officer"].items] == ["Recommendation 3"]
    assert chased.not_started == 2


def owing(chased) -> tuple[int, int]:
    """From the full chase: the officers with something outstanding, and the outstanding items
    nobody leads."""
    named = [group for group in chased.officers if group.outstanding and group.officer is not None]
    unled = sum(len(group.outstanding) for group in chased.officers if group.officer is None)
    return len(named), unled


def test_the_tally_counts_what_the_chase_lists_on_every_rule(quarter):
    """Closed items with and without an update, actions led by two, by nobody, or by the
    recommendation's lead, a recommendation led only through its actions, one nobody leads: the counts and the
    officers owing read from bare columns are the chase's."""
    first, second, third = quarter["recommendations"]
    period, olive, lh = quarter["period"], quarter["olive"].officer, quarter["lh"]
    shared = factories.ProposedActionFactory(recommendation=first, position=1)
    shared.lead_officers.set([olive, lh])
    factories.ProposedActionFactory(recommendation=first, position=2)  # the recommendation's lead's
    closed_with_update = factories.ProposedActionFactory(
        recommendation=second, status=Status.COMPLETED, position=1
    )
    factories.ReturnedUpdateFactory(recommendation=second, action=closed_with_update, period=period)
    factories.ProposedActionFactory(recommendation=second, status=Status.COMPLETED, position=3)
    factories.ProposedActionFactory(recommendation=third, position=1).lead_officers.set([lh])
    done = factories.CompletedRecommendationFactory(theme=first.theme, ref=4, lead_officer=lh)
    factories.CompletedRecommendationFactory(theme=first.theme, ref=5, lead_officer=olive)
    factories.SubmittedUpdateFactory(recommendation=done, period=period)
    factories.RecommendationFactory(theme=first.theme, ref=6)  # nobody leads it
    factories.DraftUpdateFactory(recommendation=first, action=shared, period=period)

    chased = chase(period, today=datetime.date.today())
    tally = tallies([period])[period.pk]

    assert tally.counts == chased.counts()
    assert tally.counts["draft"] == tally.counts["returned"] == tally.counts["submitted"] == 1
    assert (tally.officers_owing, tally.unled_owing) == owing(chased) == (2, 1)


def test_the_chasing_page_counts_officers_and_the_items_nobody_leads_apart(quarter, coordinator_client):
    html = coordinator_client.get(reverse("recommendations:chasing")).content.decode()

    # Olive and LH owe theirs; recommendation 3 has no lead officer: not a third officer.
    assert "2 officers still owe an update, and 1 item still owed has no lead officer." in text_of(html)


def test_the_tally_counts_what_the_chase_lists_in_generated_reviews():
    generate(Size(reviews=3, recommendations=12, actions=3), seed=7)
    periods = list(ReportingPeriod.objects.open())
    today = datetime.date.today()

    tallied = tallies(periods)

    assert len(periods) == 3
    for period in periods:
        chased = chase(period, today=today)
        assert tallied[period.pk].counts == chased.counts()
        assert (tallied[period.pk].officers_owing, tallied[period.pk].unled_owing) == owing(chased)


def test_the_chasing_page_filters_and_reminds_once_a_day(
    quarter, coordinator_client, coordinator_user, mailoutbox, django_capture_on_commit_callbacks
):
    period = quarter["period"]
    url = review_url("recommendations:period-chase", args=[period.pk])

    page = coordinator_client.get(url, {"progress": "not_started"}).content.decode()
    assert "Head of Service" in page
    assert "LH" in page
    assert "No account: record their updates on their behalf" in page
    assert "due today" in page

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"officer": quarter["olive"].officer.pk})
        again = coordinator_client.post(url, {"officer": quarter["olive"].officer.pk}, follow=True)

    assert [email.to for email in mailoutbox] == [["olive@example.org"]]
    assert review_path("/recommendations/1/update/") in mailoutbox[0].body
    assert "Head of Service was already reminded today" in again.content.decode()
    (reminder,) = Reminder.objects.all()
    assert (reminder.officer, reminder.sent_by, reminder.outstanding) == (
        quarter["olive"].officer,
        coordinator_user,
        1,
    )


def test_remind_everyone_skips_officers_without_an_account_and_says_so(quarter, coordinator_user):
    said = services.reminders_send_now(period=quarter["period"], by=coordinator_user)

    assert "Head of Service reminded of 1 item" in said
    assert "LH has no account to email: record their update on their behalf" in said


def test_the_quarters_and_close_pages_count_items_with_no_update(quarter, coordinator_client):
    period = quarter["period"]

    close = coordinator_client.get(
        review_url("recommendations:period-close", args=[period.pk])
    ).content.decode()

    assert parse(close).by_id("no-update").text.startswith("3 items had no update")


def test_only_the_coordinator_chases(quarter, officer_client):
    url = review_url("recommendations:period-chase", args=[quarter["period"].pk])
    assert officer_client.get(url).status_code == 403
    assert officer_client.post(url).status_code == 403
    assert not Reminder.objects.exists()


# Counts and notices ---------------------------------------------------------------------------


def navigation_count(html, label):
    for link in parse(html).by_id("navigation").find_all("a"):
        if link.text.startswith(label):
            count = link.find(class_="app-navigation__count")
            return count.text if count else ""
    raise AssertionError(f"no {label} in the navigation")


def test_the_navigation_counts_what_each_person_has_waiting(quarter, client, coordinator_user):
    first, _, _ = quarter["recommendations"]
    olive = quarter["olive"]
    factories.QuestionFactory(recommendation=first)
    client.force_login(olive)
    assert navigation_count(client.get(reverse("recommendations:my-work")).content.decode(), "My work") == "2"

    submitted(quarter, first, olive)
    client.force_login(coordinator_user)
    page = client.get(QUEUE).content.decode()

    assert navigation_count(page, "Review") == "1"
    assert "Review 1 update waiting for review" in parse(page).by_id("navigation").text


def test_an_officer_is_told_their_update_was_accepted(
    quarter, coordinator_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    first, _, _ = quarter["recommendations"]
    olive = quarter["olive"]
    update = submitted(quarter, first, olive)

    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_accept(update=update, by=coordinator_user)

    (email,) = [email for email in mailoutbox if "accepted" in email.subject]
    assert email.to == ["olive@example.org"]
    assert email.subject == "Your update was accepted: recommendation 1"
    client.force_login(olive)
    my_work = client.get(reverse("recommendations:my-work")).content.decode()
    reviewed = parse(my_work).by_id("recently-reviewed").following("ul").text
    assert "Your update on recommendation 1 was accepted by" in reviewed


def test_my_work_lists_questions_waiting_for_an_answer(quarter, client):
    first, _, _ = quarter["recommendations"]
    factories.QuestionFactory(recommendation=first, text="Who attended the training?")
    client.force_login(quarter["olive"])

    page = client.get(reverse("recommendations:my-work")).content.decode()

    assert "Who attended the training?" in parse(page).by_id("questions-waiting").following("ul").text


# Bulk review ------------------------------------------------------------------------------


def test_several_updates_are_accepted_together_each_as_it_would_be_alone(quarter, coordinator_client):
    first, second, third = quarter["recommendations"]
    coordinator = factories.UserFactory(role=Role.COORDINATOR)
    plain = submitted(quarter, first, quarter["olive"])
    on_behalf = submitted(quarter, second, coordinator, on_behalf_of=quarter["lh"])
    completion = submitted(
        quarter,
        third,
        coordinator,
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_links="https://example.org/x",
    )
    chosen = [f"{update.pk}:{update.version}" for update in (plain, on_behalf, completion)]

    response = coordinator_client.post(TOGETHER, {"updates": chosen, "decision": "accept"}, follow=True)

    html = parse(response.content.decode()).text
    assert "You accepted 2 updates: recommendation 1, recommendation 2." in html
    assert "Recommendation 3 was not accepted: a completion is accepted on its own page" in html
    states = {update.pk: update.state for update in ProgressUpdate.objects.all()}
    assert states == {plain.pk: State.ACCEPTED, on_behalf.pk: State.ACCEPTED, completion.pk: State.SUBMITTED}


def test_a_stale_choice_is_refused_for_that_update_alone(quarter, coordinator_client):
    first, second, _ = quarter["recommendations"]
    stale = submitted(quarter, first, quarter["olive"])
    fresh = submitted(
        quarter, second, factories.UserFactory(role=Role.COORDINATOR), on_behalf_of=quarter["lh"]
    )

    coordinator_client.post(
        TOGETHER,
        {"updates": [f"{stale.pk}:{stale.version - 1}", f"{fresh.pk}:{fresh.version}"], "decision": "accept"},
    )

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.state, fresh.state) == (State.SUBMITTED, State.ACCEPTED)


def test_returning_together_needs_one_reason_and_sends_it_with_each(quarter, coordinator_client):
    first, _, _ = quarter["recommendations"]
    update = submitted(quarter, first, quarter["olive"])
    chosen = [f"{update.pk}:{update.version}"]

    refused = coordinator_client.post(TOGETHER, {"updates": chosen, "decision": "return", "reason": ""})
    returned = coordinator_client.post(
        TOGETHER, {"updates": chosen, "decision": "return", "reason": "Add dates"}
    )

    assert ("#id_reason", "Enter why the updates are being returned.") in error_summary(
        refused.content.decode()
    )
    assert returned.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.review_reason) == (State.RETURNED, "Add dates")


def test_choosing_nothing_is_an_error_next_to_the_list(quarter, coordinator_client):
    response = coordinator_client.post(TOGETHER, {"decision": "accept"})

    assert ("#id_updates", "Select the updates to accept or return") in error_summary(
        response.content.decode()
    )


# An officer's own record ------------------------------------------------------------------------


def test_an_officer_sees_what_they_lead_and_their_past_updates(quarter, client):
    first, _, _ = quarter["recommendations"]
    olive = quarter["olive"]
    submitted(quarter, first, olive, narrative="Training delivered.")
    client.force_login(olive)

    led = client.get(reverse("recommendations:what-i-lead")).content.decode()
    past = client.get(reverse("recommendations:my-past-updates")).content.decode()

    assert "Recommendation 1" in parse(led).by_id("led-recommendations").following("ul").text
    assert "Training delivered." in past
    assert "2010/11 Q3" in past
