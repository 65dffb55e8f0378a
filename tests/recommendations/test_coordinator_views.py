"""The coordinator's pages: reporting quarters, lead officers, the review queue and reviewing."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from recommendations import services
from recommendations.models import (
    EvidenceFile,
    ProgressUpdate,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
)
from tests import factories
from tests.helpers import (
    at,
    conflict_screen,
    element,
    error_summary,
    field_value,
    officer_with_account,
    parse,
    select_options,
    summary_rows,
    summary_value_after,
    tags_in,
)
from tracker.models import QueuedEmail, Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State
PERIOD_LIST = reverse("recommendations:period-list")
PERIOD_OPEN = reverse("recommendations:period-open")
REVIEW_QUEUE = reverse("recommendations:review-queue")


def close_url(period):
    return reverse("recommendations:period-close", kwargs={"pk": period.pk})


def lead_officer_url(recommendation):
    return reverse("recommendations:lead-officer-assign", kwargs={"ref": recommendation.ref})


def review_url(update):
    return reverse("recommendations:review-update", kwargs={"pk": update.pk})


def row(html, element_id) -> str:
    """The markup of the table row with this id."""
    found = element(html, element_id)
    return (found if found.tag == "tr" else found.ancestor("tr")).markup


def numbers_in(row_markup) -> list[str]:
    """The figures in the row's numeric cells."""
    return [cell.text for cell in parse(row_markup).find_all("td", class_="govuk-table__cell--numeric")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what services leave for after the commit (emails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def review():
    return factories.ReviewFactory(name="Kirklees Safeguarding Commission")


@pytest.fixture
def lead_officer(review):
    return officer_with_account("LH", username="lhughes", first_name="Lynne", last_name="Hughes")


@pytest.fixture
def recommendation(review, lead_officer):
    return factories.InProgressRecommendationFactory(
        theme=factories.ThemeFactory(review=review),
        ref=21,
        text="Clarify the location of responsibility for the assessment of Children in Need",
        progress="An audit of Children in Need cases began in June.",
        lead_officer=lead_officer,
    )


@pytest.fixture
def last_quarter(review):
    return factories.ClosedReportingPeriodFactory(review=review)


@pytest.fixture
def open_quarter(review):
    return factories.OpenReportingPeriodFactory(review=review)


@pytest.fixture
def accepted_last_quarter(recommendation, last_quarter):
    return factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        period=last_quarter,
        narrative="An audit of Children in Need cases began in June.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )


@pytest.fixture
def submitted(recommendation, open_quarter, accepted_last_quarter):
    """This quarter's update on recommendation 21: still in progress, now green, new narrative."""
    return factories.SubmittedUpdateFactory(
        recommendation=recommendation,
        period=open_quarter,
        author=recommendation.lead_officer.user,
        narrative="An audit of Children in Need cases finished in June.",
        status=Status.IN_PROGRESS,
        rag=Rag.GREEN,
        submitted_at=at(2010, 12, 20),
    )


@pytest.fixture
def completion_claim(recommendation, open_quarter):
    return factories.SubmittedUpdateFactory(
        recommendation=recommendation,
        period=open_quarter,
        author=recommendation.lead_officer.user,
        narrative="The protocol was agreed and is in use. Completed.",
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_links="https://intranet.example.org/protocol.pdf",
    )


def accept(client, update, **fields):
    data = {"decision": "accept", **{f"accept-{name}": value for name, value in fields.items()}}
    return client.post(review_url(update), data)


def give_back(client, update, reason):
    return client.post(review_url(update), {"decision": "return", "return-reason": reason})


# Reporting quarters ----------------------------------------------------------------------


def test_quarters_page_lists_every_quarter_with_its_dates_deadline_state_and_updates_by_state(
    panel_member_client, review, recommendation, last_quarter, open_quarter
):
    factories.AcceptedUpdateFactory(recommendation=recommendation, period=last_quarter)
    factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        action=factories.ProposedActionFactory(recommendation=recommendation),
        period=last_quarter,
    )
    for ref, factory in ((1, factories.DraftUpdateFactory), (2, factories.SubmittedUpdateFactory)):
        factory(
            recommendation=factories.RecommendationFactory(theme=recommendation.theme, ref=ref),
            period=open_quarter,
        )
    factories.ReturnedUpdateFactory(recommendation=recommendation, period=open_quarter)

    response = panel_member_client.get(PERIOD_LIST)

    assert response.status_code == 200
    html = response.content.decode()
    open_row = row(html, f"quarter-{open_quarter.pk}")
    assert "2010/11 Q3" in open_row
    assert "1 Oct 2010 to 31 Dec 2010" in open_row
    assert "14 January 2011" in open_row
    assert '<strong class="govuk-tag govuk-tag--green">Open</strong>' in open_row
    counts = numbers_in(open_row)
    # no update (the recommendation's action), draft, submitted, returned, accepted
    assert counts == ["1", "1", "1", "1", "0"]
    closed_row = row(html, f"quarter-{last_quarter.pk}")
    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in closed_row
    # a closed quarter's items are not counted for chasing; then draft, submitted, returned, accepted
    assert numbers_in(closed_row) == ["–not counted: the quarter is not open", "0", "0", "0", "2"]
    assert html.index("2010/11 Q3") < html.index("2010/11 Q2"), "newest quarter first"


def test_quarters_page_offers_opening_and_closing_only_to_those_who_manage_quarters(
    client, coordinator_user, panel_member_user, last_quarter, open_quarter
):
    client.force_login(coordinator_user)
    html = client.get(PERIOD_LIST).content.decode()
    assert f'href="{PERIOD_OPEN}"' in html
    assert f'href="{close_url(open_quarter)}"' in html
    assert f'href="{close_url(last_quarter)}"' not in html, "a closed quarter has nothing to close"

    client.force_login(panel_member_user)
    html = client.get(PERIOD_LIST).content.decode()
    assert f'href="{PERIOD_OPEN}"' not in html
    assert f'href="{close_url(open_quarter)}"' not in html


def test_quarters_page_query_count_does_not_grow_with_the_number_of_quarters(
    coordinator_client, review, recommendation
):
    def add_quarters(first_year, count):
        for year in range(first_year, first_year + count):
            period = factories.ReportingPeriodFactory(
                review=review,
                name=f"{year} Q1",
                starts=datetime.date(year, 1, 1),
                ends=datetime.date(year, 3, 31),
                state=ReportingPeriod.State.CLOSED,
            )
            factories.AcceptedUpdateFactory(recommendation=recommendation, period=period)

    add_quarters(2000, 2)
    with CaptureQueriesContext(connection) as with_two:
        assert coordinator_client.get(PERIOD_LIST).status_code == 200
    add_quarters(2010, 6)
    with CaptureQueriesContext(connection) as with_eight:
        html = coordinator_client.get(PERIOD_LIST).content.decode()

    assert html.count('id="quarter-') == 8
    assert len(with_eight) == len(with_two)


# Opening a quarter -----------------------------------------------------------------------


def open_form_data(**overrides):
    data = {
        "name": "2010/11 Q3",
        "starts_day": "1",
        "starts_month": "10",
        "starts_year": "2010",
        "ends_day": "31",
        "ends_month": "12",
        "ends_year": "2010",
        "deadline_day": "14",
        "deadline_month": "1",
        "deadline_year": "2011",
    }
    return {**data, **overrides}


def test_opening_a_quarter_emails_each_officer_with_items_due_a_link_to_my_work(
    coordinator_client, coordinator_user, committed, mailoutbox, review, recommendation, last_quarter
):
    officer_with_account("CP", username="cparker")  # leads nothing: no email

    with committed():
        response = coordinator_client.post(PERIOD_OPEN, open_form_data())

    assert response.status_code == 302
    assert response.url == PERIOD_LIST
    period = ReportingPeriod.objects.get(name="2010/11 Q3")
    assert (period.review, period.state) == (review, ReportingPeriod.State.OPEN)
    assert (period.starts, period.ends, period.deadline) == (
        datetime.date(2010, 10, 1),
        datetime.date(2010, 12, 31),
        datetime.date(2011, 1, 14),
    )
    assert period.history.first().history_user == coordinator_user
    assert [email.to for email in mailoutbox] == [[recommendation.lead_officer.user.email]]
    assert f"{settings.SITE_URL}{reverse('recommendations:my-work')}" in mailoutbox[0].body
    banner = coordinator_client.get(PERIOD_LIST).content.decode()
    assert "2010/11 Q3 is open for updates. 1 officer with updates due will be emailed" in banner


def test_opening_a_quarter_does_not_wait_on_the_mail_server(
    coordinator_client, committed, review, recommendation, last_quarter, settings
):
    # A mail server that is down: the request only queues, so the quarter opens all the same.
    settings.EMAIL_BACKEND = "tests.helpers.RefusingEmailBackend"
    with committed():
        response = coordinator_client.post(PERIOD_OPEN, open_form_data())
    assert response.status_code == 302
    assert QueuedEmail.objects.get().recipients == [recommendation.lead_officer.user.email]
    assert QueuedEmail.objects.get().state == QueuedEmail.State.WAITING


def test_the_coordinator_is_told_when_no_officer_will_be_emailed(
    coordinator_client, committed, review, last_quarter
):
    factories.InProgressRecommendationFactory(theme=factories.ThemeFactory(review=review), ref=3)
    with committed():
        coordinator_client.post(PERIOD_OPEN, open_form_data())
    banner = coordinator_client.get(PERIOD_LIST).content.decode()
    assert "No officer with an account has updates due: no one was emailed" in banner


def test_the_coordinator_is_told_when_emails_could_not_be_queued(
    coordinator_client, committed, review, recommendation, last_quarter, monkeypatch
):
    from recommendations import notifications

    def broken(period):
        raise RuntimeError("database full")

    monkeypatch.setattr(notifications, "quarter_opened", broken)
    with committed():
        coordinator_client.post(PERIOD_OPEN, open_form_data())
    banner = " ".join(coordinator_client.get(PERIOD_LIST).content.decode().split())
    assert "the emails to officers could not be queued" in banner
    assert "will be emailed" not in banner


def test_email_subjects_are_plain_text_on_one_line(
    coordinator_client, committed, mailoutbox, review, recommendation, last_quarter
):
    review.name = "Support & Protection"
    review.save()
    with committed():
        coordinator_client.post(PERIOD_OPEN, open_form_data(name="Q3 & Q4 <2010>"))
    assert [email.subject for email in mailoutbox] == ["Q3 & Q4 <2010> is open for progress updates"]
    assert "&amp;" not in mailoutbox[0].body
    assert "Q3 & Q4 <2010>" in mailoutbox[0].body


@pytest.mark.parametrize("name", ["2010/11\nQ3", "2010/11\rQ3", "Q3\x0bnow", "Q3\u2028now", "Q3\x00"])
def test_a_quarter_name_with_a_line_break_or_control_character_is_refused(
    coordinator_client, review, last_quarter, name
):
    response = coordinator_client.post(PERIOD_OPEN, open_form_data(name=name))
    assert response.status_code == 200
    assert ReportingPeriod.objects.count() == 1
    assert not QueuedEmail.objects.exists()
    assert [link for link, _ in error_summary(response.content.decode())] == ["#id_name"]


def test_open_form_asks_which_review_only_when_there_is_more_than_one(coordinator_client, review):
    assert 'name="review"' not in coordinator_client.get(PERIOD_OPEN).content.decode()
    other = factories.ReviewFactory(name="Adult Social Care Review")

    refused = coordinator_client.post(PERIOD_OPEN, open_form_data())
    coordinator_client.post(PERIOD_OPEN, open_form_data(review=other.pk))

    html = refused.content.decode()
    assert ("#id_review", "Select the review the quarter reports on") in error_summary(html)
    assert 'for="id_review">Adult Social Care Review</label>' in html
    assert ReportingPeriod.objects.get().review == other


def test_open_form_accepts_months_written_as_words(coordinator_client, review):
    coordinator_client.post(PERIOD_OPEN, open_form_data(starts_month="Oct", ends_month="December"))

    period = ReportingPeriod.objects.get(name="2010/11 Q3")
    assert (period.starts, period.ends) == (datetime.date(2010, 10, 1), datetime.date(2010, 12, 31))


@pytest.mark.parametrize(
    ("typed", "message", "boxes_in_error"),
    [
        ({"deadline_day": "", "deadline_month": "", "deadline_year": ""}, "Enter the deadline", "all"),
        ({"deadline_month": ""}, "Deadline must include a month", ["month"]),
        ({"deadline_day": "", "deadline_year": ""}, "Deadline must include a day and year", ["day", "year"]),
        ({"deadline_day": "31", "deadline_month": "2"}, "Deadline must be a real date", ["day"]),
        ({"deadline_month": "13"}, "Deadline must be a real date", ["month"]),
        ({"deadline_day": "first"}, "Deadline must be a real date", ["day"]),
        ({"deadline_year": "11"}, "Year of the deadline must include 4 numbers", ["year"]),
        ({"starts_day": "0"}, "Start date must be a real date", ["day"]),
        ({"ends_month": "", "ends_year": ""}, "End date must include a month and year", ["month", "year"]),
    ],
)
def test_open_form_says_what_is_wrong_with_a_date_and_marks_only_the_boxes_concerned(
    coordinator_client, review, typed, message, boxes_in_error
):
    response = coordinator_client.post(PERIOD_OPEN, open_form_data(**typed))

    assert response.status_code == 200
    assert not ReportingPeriod.objects.exists()
    html = response.content.decode()
    field = next(iter(typed)).split("_")[0]
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in html
    boxes = ["day", "month", "year"] if boxes_in_error == "all" else boxes_in_error
    for box in ("day", "month", "year"):
        marked = "govuk-input--error" in element(html, f"id_{field}_{box}").classes
        assert marked == (box in boxes), f"{field} {box}"
    assert (f"#id_{field}_{boxes[0]}", message) in error_summary(html)
    assert "<title>Error: Add a reporting quarter" in html
    # What was typed is kept.
    assert element(html, "id_name").attrs["value"] == "2010/11 Q3"


def test_open_form_shows_a_refusal_on_the_field_it_concerns(coordinator_client, review, open_quarter):
    response = coordinator_client.post(
        PERIOD_OPEN,
        open_form_data(
            name="2010/11 Q4",
            starts_day="1",
            starts_month="1",
            starts_year="2011",
            ends_day="31",
            ends_month="3",
            ends_year="2011",
            deadline_day="14",
            deadline_month="4",
            deadline_year="2011",
        ),
    )

    html = response.content.decode()
    assert 'id="id_name-error"' in html
    assert "Close 2010/11 Q3 before opening another quarter." in html
    assert ("#id_name", "Close 2010/11 Q3 before opening another quarter.") in error_summary(html)
    assert ReportingPeriod.objects.count() == 1


def test_open_form_shows_an_end_before_the_start_on_the_end_date(coordinator_client, review):
    response = coordinator_client.post(
        PERIOD_OPEN, open_form_data(ends_day="30", ends_month="9", ends_year="2010")
    )

    html = response.content.decode()
    assert ("#id_ends_day", "The quarter must end after it starts.") in error_summary(html)
    assert "govuk-input--error" in element(html, "id_ends_year").classes
    assert not ReportingPeriod.objects.exists()


# Closing a quarter -----------------------------------------------------------------------


def test_closing_asks_for_confirmation_then_closes_the_quarter(
    coordinator_client, coordinator_user, open_quarter
):
    confirmation = coordinator_client.get(close_url(open_quarter)).content.decode()
    assert ">Close 2010/11 Q3</button>" in confirmation
    open_quarter.refresh_from_db()
    assert open_quarter.state == ReportingPeriod.State.OPEN, "GET changes nothing"

    response = coordinator_client.post(close_url(open_quarter))

    assert response.status_code == 302
    assert response.url == PERIOD_LIST
    open_quarter.refresh_from_db()
    assert open_quarter.state == ReportingPeriod.State.CLOSED
    assert open_quarter.history.first().history_user == coordinator_user
    assert "2010/11 Q3 is closed" in coordinator_client.get(PERIOD_LIST).content.decode()


def test_closing_is_refused_while_updates_wait_for_review(coordinator_client, submitted, open_quarter):
    response = coordinator_client.post(close_url(open_quarter))

    assert response.status_code == 200
    html = response.content.decode()
    message = "Accept or return the 1 submitted update before closing 2010/11 Q3."
    assert (REVIEW_QUEUE, message) in error_summary(html)
    open_quarter.refresh_from_db()
    assert open_quarter.state == ReportingPeriod.State.OPEN


# Only the coordinator (and administrators) ------------------------------------------------


@pytest.fixture
def coordinator_pages(review, recommendation, submitted, open_quarter):
    """Every coordinator page, with a request that would change something if allowed."""
    other_officer = officer_with_account("CP", username="cparker")
    return [
        ("get", PERIOD_OPEN, {}),
        ("post", PERIOD_OPEN, open_form_data(name="2010/11 Q4")),
        ("get", close_url(open_quarter), {}),
        ("post", close_url(open_quarter), {}),
        ("get", lead_officer_url(recommendation), {}),
        (
            "post",
            lead_officer_url(recommendation),
            {"officer": other_officer.pk, "version": recommendation.version},
        ),
        ("get", REVIEW_QUEUE, {}),
        ("get", review_url(submitted), {}),
        ("post", review_url(submitted), {"decision": "accept", "accept-note": "Fine"}),
        ("post", review_url(submitted), {"decision": "return", "return-reason": "Say more"}),
    ]


def snapshot():
    return (
        list(ReportingPeriod.objects.order_by("pk").values_list("name", "state")),
        list(Recommendation.objects.order_by("pk").values_list("lead_officer", "status", "rag", "version")),
        list(ProgressUpdate.objects.order_by("pk").values_list("state", "version")),
    )


@pytest.mark.parametrize("role", [Role.LEAD_OFFICER, Role.PANEL_MEMBER])
def test_other_roles_are_refused_every_coordinator_page_and_nothing_changes(
    client, role, coordinator_pages, committed, mailoutbox
):
    client.force_login(factories.UserFactory(role=role))
    before = snapshot()

    with committed():
        statuses = {
            (method, url, data.get("decision", "")): getattr(client, method)(url, data).status_code
            for method, url, data in coordinator_pages
        }

    assert set(statuses.values()) == {403}, statuses
    assert snapshot() == before
    assert mailoutbox == []


def test_the_recommendations_lead_officer_is_refused_the_review_of_their_own_update(
    client, submitted, recommendation
):
    client.force_login(recommendation.lead_officer.user)

    response = accept(client, submitted, note="Looks right to me")

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


# Lead officers ---------------------------------------------------------------------------


def test_coordinator_assigns_a_lead_officer(coordinator_client, coordinator_user, recommendation):
    chosen = officer_with_account("CP", username="cparker", first_name="Chris", last_name="Parker")
    page = coordinator_client.get(lead_officer_url(recommendation)).content.decode()
    assert field_value(page, "version") == str(recommendation.version)
    options = select_options(page, "id_officer")
    assert [value for value, selected, _ in options if selected] == [str(recommendation.lead_officer.pk)]
    assert options[0][::2] == ("", "No lead officer"), "a select of officers, no lead officer first"

    response = coordinator_client.post(
        lead_officer_url(recommendation), {"officer": chosen.pk, "version": recommendation.version}
    )

    assert response.status_code == 302
    assert response.url == recommendation.get_absolute_url()
    recommendation.refresh_from_db()
    assert recommendation.lead_officer == chosen
    latest = recommendation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        coordinator_user,
        "Lead officer assigned: CP",
    )
    detail = coordinator_client.get(recommendation.get_absolute_url()).content.decode()
    assert "CP (Chris Parker) now leads recommendation 21." in detail


def test_coordinator_removes_the_lead_officer(coordinator_client, recommendation):
    coordinator_client.post(
        lead_officer_url(recommendation), {"officer": "", "version": recommendation.version}
    )

    recommendation.refresh_from_db()
    assert recommendation.lead_officer is None
    assert recommendation.history.first().history_change_reason == "Lead officer removed"
    page = coordinator_client.get(lead_officer_url(recommendation)).content.decode()
    assert [label for _, selected, label in select_options(page, "id_officer") if selected] == [
        "No lead officer"
    ], "no lead officer is the choice shown now"


def test_assigning_on_an_out_of_date_page_says_who_is_assigned_now_and_lets_them_choose_again(
    coordinator_client, recommendation
):
    opened_on = recommendation.version
    chosen = officer_with_account("CP", username="cparker", first_name="Chris", last_name="Parker")
    meanwhile = officer_with_account("EC", username="ecollins", first_name="Erin", last_name="Collins")
    colleague = factories.UserFactory(role=Role.COORDINATOR, first_name="Sam", last_name="Jones")
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=meanwhile, by=colleague
    )

    response = coordinator_client.post(
        lead_officer_url(recommendation), {"officer": chosen.pk, "version": opened_on}
    )

    assert response.status_code == 200
    html = response.content.decode()
    message = (
        "Sam Jones changed recommendation 21 while you were choosing: its lead officer is now "
        "EC (Erin Collins). Choose again."
    )
    assert ("#newer-version", message) in error_summary(html)
    assert summary_rows(html)["Lead officer now"] == "EC (Erin Collins)"
    heading, differences = conflict_screen(html)
    assert heading.startswith("Sam Jones saved a newer version")
    assert differences["Who leads this recommendation?"] == ("EC (Erin Collins)", "CP (Chris Parker)")
    recommendation.refresh_from_db()
    assert recommendation.lead_officer == meanwhile
    assert field_value(html, "version") == str(recommendation.version)
    assert [v for v, selected, _ in select_options(html, "id_officer") if selected] == [str(chosen.pk)], (
        "their choice is kept"
    )

    coordinator_client.post(
        lead_officer_url(recommendation), {"officer": chosen.pk, "version": recommendation.version}
    )

    recommendation.refresh_from_db()
    assert recommendation.lead_officer == chosen


def test_recommendation_page_links_to_changing_the_lead_officer_only_for_those_allowed(
    client, coordinator_user, officer_user, recommendation
):
    link = f'href="{lead_officer_url(recommendation)}"'
    client.force_login(coordinator_user)
    assert link in client.get(recommendation.get_absolute_url()).content.decode()

    client.force_login(officer_user)
    assert link not in client.get(recommendation.get_absolute_url()).content.decode()


# The review queue ------------------------------------------------------------------------


def test_review_queue_lists_submitted_updates_oldest_first_with_what_they_claim(
    coordinator_client, review, recommendation, open_quarter, lead_officer
):
    action = factories.ProposedActionFactory(
        recommendation=recommendation, position=2, text="Audit a sample of Children in Need cases"
    )
    newer = factories.SubmittedUpdateFactory(
        recommendation=recommendation,
        period=open_quarter,
        submitted_at=at(2010, 12, 20),
        status=Status.IN_PROGRESS,
    )
    older = factories.SubmittedUpdateFactory(
        recommendation=recommendation,
        action=action,
        period=open_quarter,
        author=lead_officer.user,
        submitted_at=at(2010, 12, 3),
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
    )
    other_review = factories.RecommendationFactory(ref=7)
    elsewhere = factories.SubmittedUpdateFactory(recommendation=other_review, submitted_at=at(2010, 12, 10))
    factories.DraftUpdateFactory(
        recommendation=factories.RecommendationFactory(theme=recommendation.theme, ref=3)
    )

    html = coordinator_client.get(REVIEW_QUEUE).content.decode()

    order = [html.index(f'id="update-{update.pk}"') for update in (older, elsewhere, newer)]
    assert order == sorted(order)
    assert html.count('id="update-') == 3, "drafts are not queued"
    older_row = row(html, f"update-{older.pk}")
    assert f'href="{review_url(older)}"' in older_row
    assert "Recommendation 21, proposed action 2" in older_row
    assert "Clarify the location of responsibility" in older_row
    assert "Action: Audit a sample of Children in Need cases" in older_row
    assert "Lynne Hughes" in older_row
    assert "3 December 2010" in older_row
    assert ">Completed</strong>" in older_row
    assert ">Complete</strong>" in older_row
    assert "Completion claimed" in older_row
    newer_row = row(html, f"update-{newer.pk}")
    assert ">In progress</strong>" in newer_row
    assert ">Amber</strong>" in newer_row
    assert "Completion claimed" not in newer_row


def test_review_queue_query_count_does_not_grow_with_the_number_of_updates(coordinator_client, open_quarter):
    theme = factories.ThemeFactory(review=open_quarter.review)

    def submit(refs):
        for ref in refs:
            recommendation = factories.RecommendationFactory(theme=theme, ref=ref)
            factories.SubmittedUpdateFactory(
                recommendation=recommendation,
                action=factories.ProposedActionFactory(recommendation=recommendation),
                period=open_quarter,
                author=factories.UserFactory(role=Role.LEAD_OFFICER),
            )

    submit(range(1, 3))
    with CaptureQueriesContext(connection) as with_two:
        assert coordinator_client.get(REVIEW_QUEUE).status_code == 200
    submit(range(3, 11))
    with CaptureQueriesContext(connection) as with_ten:
        html = coordinator_client.get(REVIEW_QUEUE).content.decode()

    assert html.count('id="update-') == 10
    assert len(with_ten) == len(with_two)


# Reviewing an update ---------------------------------------------------------------------


def summary_row(html, label):
    """The markup of the value cell of the comparison's row with this label."""
    return summary_value_after(html, "what-it-reports", label).markup


def test_review_page_compares_the_update_with_the_last_accepted_update_and_the_official_record(
    coordinator_client, submitted
):
    html = coordinator_client.get(review_url(submitted)).content.decode()

    status = summary_row(html, "Status")
    assert "In progress" in status
    assert "Changed" not in status
    assert "2010/11 Q2 update: In progress" in status
    assert "Official record: In progress" in status
    rag = summary_row(html, "RAG")
    assert "Green" in rag
    assert '<strong class="govuk-tag govuk-tag--yellow app-comparison__changed">Changed</strong>' in rag
    assert "2010/11 Q2 update: Amber" in rag
    assert "Official record: Amber" in rag
    assert "Lynne Hughes" in html
    assert "20 December 2010" in html


def test_review_page_shows_the_narrative_difference_word_by_word(coordinator_client, submitted):
    html = coordinator_client.get(review_url(submitted)).content.decode()

    assert "Changes from the 2010/11 Q2 update" in html
    assert (
        '<del class="app-diff__deleted"><span class="govuk-visually-hidden">[deleted: </span>began'
        '<span class="govuk-visually-hidden">]</span></del>'
    ) in html
    assert (
        '<ins class="app-diff__inserted"><span class="govuk-visually-hidden">[inserted: </span>finished'
        '<span class="govuk-visually-hidden">]</span></ins>'
    ) in html


def test_review_page_without_an_earlier_accepted_update_compares_with_the_official_record(
    coordinator_client, recommendation, open_quarter
):
    update = factories.SubmittedUpdateFactory(
        recommendation=recommendation, period=open_quarter, status=Status.NO_PROGRESS, rag=Rag.RED
    )

    html = coordinator_client.get(review_url(update)).content.decode()

    assert "Changes from the official record" in html
    status = summary_row(html, "Status")
    assert "Changed" in status
    assert "Official record: In progress" in status
    assert "update:" not in status


def test_review_page_links_evidence_files_and_web_addresses_but_no_other_text(
    coordinator_client, submitted, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    submitted.evidence_links = "https://intranet.example.org/audit.pdf\njavascript:alert(1)"
    submitted.save()
    evidence = EvidenceFile.objects.create(
        update=submitted,
        file=SimpleUploadedFile("audit-findings.pdf", b"%PDF-1.4"),
        name="audit-findings.pdf",
        size=8,
        content_type="application/pdf",
        uploaded_by=submitted.author,
    )

    evidence_cell = summary_row(coordinator_client.get(review_url(submitted)).content.decode(), "Evidence")

    assert '<a class="govuk-link" href="https://intranet.example.org/audit.pdf"' in evidence_cell
    download = reverse("recommendations:evidence-download", kwargs={"pk": evidence.pk})
    assert f'<a class="govuk-link" href="{download}">audit-findings.pdf</a>' in evidence_cell
    assert "javascript:alert(1)" in evidence_cell
    assert 'href="javascript:' not in evidence_cell
    assert "Changed" in evidence_cell, "the 2010/11 Q2 update gave no evidence"


def test_accepting_makes_the_update_the_official_record_with_the_coordinator_and_reason_in_history(
    coordinator_client, coordinator_user, submitted, recommendation
):
    response = accept(coordinator_client, submitted, note="Checked against the audit report.")

    assert response.status_code == 302
    assert response.url == REVIEW_QUEUE
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by) == (State.ACCEPTED, coordinator_user)
    assert submitted.review_reason == "Checked against the audit report."
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.IN_PROGRESS, Rag.GREEN)
    assert recommendation.progress == "An audit of Children in Need cases finished in June."
    latest = recommendation.history.first()
    assert latest.history_user == coordinator_user
    assert latest.history_change_reason == "2010/11 Q3 update accepted"
    queue = coordinator_client.get(REVIEW_QUEUE).content.decode()
    assert "You accepted the 2010/11 Q3 update on recommendation 21." in queue
    assert f'id="update-{submitted.pk}"' not in queue


def test_accepting_an_action_update_revises_the_actions_timescale_and_due_date(
    coordinator_client, recommendation, open_quarter
):
    action = factories.ProposedActionFactory(
        recommendation=recommendation,
        position=1,
        timescale="April 2010",
        due_date=datetime.date(2010, 4, 30),
        status=Status.IN_PROGRESS,
    )
    update = factories.SubmittedUpdateFactory(
        recommendation=recommendation,
        action=action,
        period=open_quarter,
        status=Status.IN_PROGRESS,
        revised_timescale="March 2011",
        revised_due_date=datetime.date(2011, 3, 31),
        narrative="Delayed by the restructure.",
    )
    html = coordinator_client.get(review_url(update)).content.decode()
    timescale = summary_row(html, "Revised timescale")
    assert "March 2011 (due 31 March 2011)" in timescale
    assert "Official record: April 2010 (due 30 April 2010)" in timescale
    assert "Changed" in timescale

    accept(coordinator_client, update)

    action.refresh_from_db()
    assert (action.timescale, action.due_date) == ("March 2011", datetime.date(2011, 3, 31))
    assert action.original_due_date == datetime.date(2010, 4, 30)
    assert action.progress == "Delayed by the restructure."
    recommendation.refresh_from_db()
    assert recommendation.rag == Rag.AMBER, "an action's update leaves the recommendation's RAG"


def test_a_completion_cannot_be_accepted_without_the_verification_checkbox(
    coordinator_client, completion_claim, recommendation
):
    page = coordinator_client.get(review_url(completion_claim)).content.decode()
    assert "I have checked the evidence for this completion" in page
    completion = summary_value_after(page, None, "Completion")
    assert tags_in(completion)[0] == ("Claimed", "govuk-tag govuk-tag--purple")

    response = accept(coordinator_client, completion_claim)

    assert response.status_code == 200
    html = response.content.decode()
    message = "Confirm you have checked the evidence for this completion, or return the update."
    assert ("#id_accept-completion_verified", message) in error_summary(html)
    assert 'id="id_accept-completion_verified-error"' in html
    completion_claim.refresh_from_db()
    assert completion_claim.state == State.SUBMITTED
    recommendation.refresh_from_db()
    assert recommendation.status == Status.IN_PROGRESS

    accept(coordinator_client, completion_claim, completion_verified="on")

    completion_claim.refresh_from_db()
    assert (completion_claim.state, completion_claim.completion_verified) == (State.ACCEPTED, True)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.COMPLETED, Rag.COMPLETE)


def test_the_verification_checkbox_is_asked_only_for_a_completion(coordinator_client, submitted):
    html = coordinator_client.get(review_url(submitted)).content.decode()

    assert "I have checked the evidence for this completion" not in html


def test_returning_needs_a_reason(coordinator_client, submitted, committed, mailoutbox):
    with committed():
        response = give_back(coordinator_client, submitted, "   ")

    html = response.content.decode()
    assert ("#id_return-reason", "Enter why the update is being returned.") in error_summary(html)
    assert "govuk-textarea--error" in element(html, "id_return-reason").classes
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert mailoutbox == []


def test_returning_emails_the_author_a_link_to_the_form_and_leaves_the_record_unchanged(
    coordinator_client, coordinator_user, submitted, recommendation, committed, mailoutbox
):
    recorded = (recommendation.status, recommendation.rag, recommendation.progress, recommendation.version)

    with committed():
        response = give_back(coordinator_client, submitted, "Say which teams took part in the audit.")

    assert response.status_code == 302
    assert response.url == REVIEW_QUEUE
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by) == (State.RETURNED, coordinator_user)
    assert submitted.review_reason == "Say which teams took part in the audit."
    recommendation.refresh_from_db()
    assert (
        recommendation.status,
        recommendation.rag,
        recommendation.progress,
        recommendation.version,
    ) == recorded
    assert [email.to for email in mailoutbox] == [[submitted.author.email]]
    form_url = reverse("recommendations:recommendation-update", kwargs={"ref": 21})
    assert f"{settings.SITE_URL}{form_url}" in mailoutbox[0].body
    assert "Say which teams took part in the audit." in mailoutbox[0].body
    queue = coordinator_client.get(REVIEW_QUEUE).content.decode()
    assert "You returned the 2010/11 Q3 update on recommendation 21 to Lynne Hughes" in queue


def test_a_returned_completion_keeps_the_old_status(coordinator_client, completion_claim, recommendation):
    give_back(coordinator_client, completion_claim, "The protocol is not yet signed off by KSCB.")

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.IN_PROGRESS, Rag.AMBER)
    completion_claim.refresh_from_db()
    assert (completion_claim.state, completion_claim.completion_verified) == (State.RETURNED, False)


def test_an_update_not_waiting_for_review_is_shown_read_only_with_its_state_and_history(
    coordinator_client, coordinator_user, recommendation, open_quarter, lead_officer
):
    author = lead_officer.user
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=open_quarter,
        by=author,
        narrative="Audit under way.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    update = services.progress_update_submit(update=update, by=author)
    services.progress_update_return(update=update, by=coordinator_user, reason="Say which teams took part.")

    html = coordinator_client.get(review_url(update)).content.decode()

    assert 'name="decision"' not in html, "no accept or return form"
    assert '<strong class="govuk-tag govuk-tag--orange">Returned</strong>' in html
    history = html[html.index('id="history"') :]
    titles = [title.text for title in parse(history).find_all("h3", class_="app-timeline__title")]
    assert titles == ["Draft started", "Submitted for review", "Returned to its author"]
    assert "Lynne Hughes" in history
    assert escape(str(coordinator_user)) in history
    assert "Reason: Say which teams took part." in history
    assert '<h1 class="govuk-heading-l">Update on recommendation 21</h1>' in html


def test_reviewing_an_update_someone_already_reviewed_shows_why_nothing_happened(
    coordinator_client, submitted
):
    services.progress_update_accept(update=submitted, by=factories.UserFactory(role=Role.COORDINATOR))

    response = give_back(coordinator_client, submitted, "Too late")

    assert response.status_code == 200
    html = response.content.decode()
    assert ("#about-the-update", "This update is accepted and cannot be returned.") in error_summary(html)
    assert '<strong class="govuk-tag govuk-tag--green">Accepted</strong>' in html, "shown as it is now"
    assert 'name="decision"' not in html
    submitted.refresh_from_db()
    assert submitted.state == State.ACCEPTED


def test_a_decision_on_an_update_resubmitted_since_the_page_was_opened_is_refused_and_the_update_shown(
    coordinator_client, coordinator_user, recommendation, submitted
):
    page = coordinator_client.get(review_url(submitted)).content.decode()
    reviewed_version = submitted.version
    assert f'name="accept-version" value="{reviewed_version}"' in page
    # Meanwhile another coordinator returns it, and its author revises and resubmits it.
    services.progress_update_return(
        update=submitted, by=factories.UserFactory(role=Role.COORDINATOR), reason="More"
    )
    author = submitted.author
    revised = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=submitted.period,
        by=author,
        narrative="Nothing happened after all.",
        status=Status.NO_PROGRESS,
        rag=Rag.RED,
    )
    services.progress_update_submit(update=revised, by=author)

    response = accept(coordinator_client, submitted, version=reviewed_version)

    assert response.status_code == 200
    html = response.content.decode()
    messages = [message for _, message in error_summary(html)]
    assert any(
        "was revised and submitted again while you were reviewing it" in message for message in messages
    )
    heading, differences = conflict_screen(html)
    assert "saved a newer version" in heading
    assert differences["Narrative"] == ("Nothing happened after all.", submitted.narrative)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert f'name="accept-version" value="{submitted.version}"' in html
    recommendation.refresh_from_db()
    assert recommendation.rag == Rag.AMBER

    accept(coordinator_client, submitted, version=submitted.version)

    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by) == (State.ACCEPTED, coordinator_user)


def test_a_review_post_without_a_decision_is_a_bad_request(coordinator_client, submitted):
    response = coordinator_client.post(review_url(submitted), {"accept-note": "Fine"})

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
