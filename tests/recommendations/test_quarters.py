"""Reporting quarters follow one another, and a mistake in one can be put right."""

import datetime

import pytest

from recommendations import services
from recommendations.models import ReportingPeriod
from tests import factories
from tests.helpers import review_url
from tracker.errors import WorkflowError
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ReportingPeriod.State

D = datetime.date


@pytest.fixture
def coordinator():
    return factories.UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def review():
    return factories.ReviewFactory()


@pytest.fixture
def q2(review, coordinator):
    period = services.reporting_period_open(
        review=review,
        name="2010/11 Q2",
        starts=D(2010, 7, 1),
        ends=D(2010, 9, 30),
        deadline=None,
        by=coordinator,
    )
    return services.reporting_period_close(period=period, by=coordinator)


def add(review, coordinator, name, starts, ends, *, plan=False, deadline=None):
    service = services.reporting_period_plan if plan else services.reporting_period_open
    return service(review=review, name=name, starts=starts, ends=ends, deadline=deadline, by=coordinator)


def test_the_next_quarter_suggested_is_the_financial_quarter_after_the_latest(review, q2):
    assert services.next_quarter(review, today=D(2026, 12, 1)) == {
        "name": "2010/11 Q3",
        "starts": D(2010, 10, 1),
        "ends": D(2010, 12, 31),
        "deadline": D(2011, 1, 14),
    }


def test_a_review_with_no_quarters_is_offered_the_quarter_of_today(review):
    assert services.next_quarter(review, today=D(2026, 12, 1))["name"] == "2026/27 Q3"


@pytest.mark.parametrize(
    ("starts", "ends", "field", "words"),
    [
        (D(2010, 9, 1), D(2010, 12, 31), "starts", "overlap 2010/11 Q2"),
        (D(2010, 11, 1), D(2010, 12, 31), "starts", "Start the quarter on 1 October 2010"),
        (D(2010, 4, 1), D(2010, 6, 30), "starts", "A new quarter follows the latest one, 2010/11 Q2"),
        (D(2010, 12, 31), D(2010, 10, 1), "ends", "must end after it starts"),
    ],
)
def test_overlapping_gapped_or_backwards_quarters_are_refused_and_nothing_is_saved(
    review, coordinator, q2, starts, ends, field, words
):
    with pytest.raises(WorkflowError, match=words) as refused:
        add(review, coordinator, "2010/11 Q3", starts, ends)
    assert refused.value.field == field
    assert ReportingPeriod.objects.filter(review=review).count() == 1


def test_a_quarter_opens_only_once_every_earlier_one_has_closed(review, coordinator, q2):
    q3 = add(review, coordinator, "2010/11 Q3", D(2010, 10, 1), D(2010, 12, 31), plan=True)
    q4 = add(review, coordinator, "2010/11 Q4", D(2011, 1, 1), D(2011, 3, 31), plan=True)

    with pytest.raises(WorkflowError, match="Open and close 2010/11 Q3 before opening 2010/11 Q4"):
        services.reporting_period_open_planned(period=q4, by=coordinator)
    services.reporting_period_open_planned(period=q3, by=coordinator)
    with pytest.raises(WorkflowError, match="Close 2010/11 Q3 before opening 2010/11 Q4"):
        services.reporting_period_open_planned(period=q4, by=coordinator)

    q3.refresh_from_db()
    assert (q3.state, ReportingPeriod.objects.get(pk=q4.pk).state) == (State.OPEN, State.PLANNED)


def test_a_planned_or_unused_open_quarter_can_be_corrected_and_the_latest_deleted(review, coordinator, q2):
    q3 = add(review, coordinator, "2010/11 Q3 (wrong)", D(2010, 10, 1), D(2010, 12, 30))

    services.reporting_period_edit(
        period=q3,
        name="2010/11 Q3",
        starts=D(2010, 10, 1),
        ends=D(2010, 12, 31),
        deadline=D(2011, 1, 14),
        by=coordinator,
    )
    q3.refresh_from_db()
    assert (q3.name, q3.ends, q3.deadline) == ("2010/11 Q3", D(2010, 12, 31), D(2011, 1, 14))
    assert q3.history.first().history_change_reason == "Corrected"

    services.reporting_period_delete(period=q3, by=coordinator)
    assert not ReportingPeriod.objects.filter(pk=q3.pk).exists()


def test_a_quarter_with_an_update_started_cannot_be_corrected_or_deleted(review, coordinator, q2):
    q3 = add(review, coordinator, "2010/11 Q3", D(2010, 10, 1), D(2010, 12, 31))
    factories.DraftUpdateFactory(
        recommendation=factories.RecommendationFactory(theme__review=review), period=q3
    )

    with pytest.raises(WorkflowError, match="Updates have been started in 2010/11 Q3"):
        services.reporting_period_delete(period=q3, by=coordinator)
    with pytest.raises(WorkflowError, match="Updates have been started in 2010/11 Q3"):
        services.reporting_period_edit(
            period=q3,
            name="2010/11 Q3",
            starts=D(2010, 10, 1),
            ends=D(2010, 12, 30),
            deadline=None,
            by=coordinator,
        )
    assert ReportingPeriod.objects.get(pk=q3.pk).ends == D(2010, 12, 31)


def test_a_closed_quarter_cannot_be_corrected_or_deleted_only_reopened(review, coordinator, q2):
    with pytest.raises(WorkflowError, match="only a planned or open quarter can be deleted"):
        services.reporting_period_delete(period=q2, by=coordinator)
    with pytest.raises(WorkflowError, match="Enter why"):
        services.reporting_period_reopen(period=q2, by=coordinator, reason="")


def test_only_the_latest_quarter_to_have_opened_can_reopen(review, coordinator, q2):
    q3 = add(review, coordinator, "2010/11 Q3", D(2010, 10, 1), D(2010, 12, 31))

    with pytest.raises(WorkflowError, match="2010/11 Q3 has opened since"):
        services.reporting_period_reopen(period=q2, by=coordinator, reason="A late update")
    services.reporting_period_close(period=q3, by=coordinator)
    services.reporting_period_reopen(period=q3, by=coordinator, reason="A late update")

    assert ReportingPeriod.objects.get(pk=q3.pk).state == State.REOPENED
    assert ReportingPeriod.objects.get(pk=q2.pk).state == State.CLOSED


def test_a_quarter_name_of_more_than_one_line_is_refused(review, coordinator, q2):
    with pytest.raises(WorkflowError, match="one line") as refused:
        add(review, coordinator, "2010/11\nQ3", D(2010, 10, 1), D(2010, 12, 31))
    assert refused.value.field == "name"


# The pages ------------------------------------------------------------------------------------


def test_the_add_page_suggests_the_next_quarter_and_can_plan_it(review, q2, coordinator_client):
    page = coordinator_client.get(review_url("recommendations:period-open")).content.decode()
    assert 'value="2010/11 Q3"' in page
    assert 'name="ends_day" type="text" inputmode="numeric" value="31"' in page

    response = coordinator_client.post(
        review_url("recommendations:period-open"),
        {
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
            "intent": "plan",
        },
    )

    assert response.status_code == 302
    assert ReportingPeriod.objects.get(name="2010/11 Q3").state == State.PLANNED


def test_an_overlapping_quarter_is_shown_next_to_its_field_and_nothing_is_saved(
    review, q2, coordinator_client
):
    response = coordinator_client.post(
        review_url("recommendations:period-open"),
        {
            "name": "2010/11 Q3",
            "starts_day": "1",
            "starts_month": "9",
            "starts_year": "2010",
            "ends_day": "31",
            "ends_month": "12",
            "ends_year": "2010",
            "deadline_day": "14",
            "deadline_month": "1",
            "deadline_year": "2011",
            "intent": "open",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_starts_day">These days overlap 2010/11 Q2' in html
    assert ReportingPeriod.objects.filter(review=review).count() == 1


def test_the_quarters_page_offers_what_each_quarter_allows(review, coordinator, q2, coordinator_client):
    add(review, coordinator, "2010/11 Q3", D(2010, 10, 1), D(2010, 12, 31), plan=True)

    html = coordinator_client.get(review_url("recommendations:period-list")).content.decode()

    q3 = ReportingPeriod.objects.get(name="2010/11 Q3")
    assert review_url("recommendations:period-start", args=[q3.pk]) in html
    assert review_url("recommendations:period-edit", args=[q3.pk]) in html
    assert review_url("recommendations:period-delete", args=[q3.pk]) in html
    assert review_url("recommendations:period-reopen", args=[q2.pk]) in html
    assert review_url("recommendations:period-edit", args=[q2.pk]) not in html


def test_reopening_needs_a_reason_on_the_page(review, q2, coordinator_client):
    url = review_url("recommendations:period-reopen", args=[q2.pk])

    refused = coordinator_client.post(url, {"reason": ""})
    reopened = coordinator_client.post(url, {"reason": "An update was accepted in error"})

    assert 'href="#id_reason">Enter why the quarter is being reopened.' in refused.content.decode()
    assert reopened.status_code == 302
    assert ReportingPeriod.objects.get(pk=q2.pk).state == State.REOPENED


@pytest.mark.parametrize("name", ["period-edit", "period-delete", "period-start", "period-reopen"])
def test_only_the_coordinator_manages_quarters(review, q2, officer_client, name):
    url = review_url(f"recommendations:{name}", args=[q2.pk])
    assert officer_client.get(url).status_code == 403
    assert officer_client.post(url, {"reason": "x"}).status_code == 403
    assert ReportingPeriod.objects.get(pk=q2.pk).state == State.CLOSED
