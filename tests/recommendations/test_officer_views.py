"""Officers record quarterly progress: My work, the update form, conflicts, evidence downloads."""

import datetime
import html as html_lib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import services
from recommendations.models import (
    EvidenceFile,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
    Status,
)
from recommendations.timescales import TimescaleError, parse_timescale
from tests import factories
from tests.helpers import (
    Element,
    checked_values,
    conflict_screen,
    element,
    error_summary,
    links_in,
    parse,
    review_path,
    review_url,
    tags_in,
    text_of,
)
from tracker.models import Role

pytestmark = pytest.mark.django_db

State = ProgressUpdate.State

MY_WORK = reverse("recommendations:my-work")
LOGIN = reverse("login")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
DOCX = b"PK\x03\x04\x14\x00\x06\x00word/document.xml"
FAR_FUTURE = datetime.date(2999, 12, 31)
LONG_AGO = datetime.date(2010, 4, 30)


def update_url(recommendation, action=None):
    if action is not None:
        return review_url(
            "recommendations:action-update", kwargs={"ref": recommendation.ref, "position": action.position}
        )
    return review_url("recommendations:recommendation-update", kwargs={"ref": recommendation.ref})


def page_markup(response) -> str:
    """The page's markup (not its words: see tests.helpers.text_of) with whitespace collapsed and
    entities decoded, for assertions on phrases that span tags."""
    return html_lib.unescape(" ".join(response.content.decode().split()))


def task_list_items(response) -> list[Element]:
    """The items of My work's task list, in order."""
    return parse(response).find_all("li", class_="govuk-task-list__item")


def form_data(**values):
    data = {
        "narrative": "Chronologies audited in six schools.",
        "status": Status.IN_PROGRESS,
        "rag": Rag.AMBER,
        "revised_timescale": "",
        "evidence_links": "",
        "version": "0",
        "intent": "draft",
    }
    data.update(values)
    return data


def pdf(name="minutes.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def recorded_rows():
    """Everything a save writes: updates, evidence files and their history."""
    return {
        "updates": ProgressUpdate.objects.count(),
        "update history": ProgressUpdate.history.count(),
        "evidence files": EvidenceFile.objects.count(),
        "evidence history": EvidenceFile.history.count(),
    }


def stored_files():
    return sorted(path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def is_checked(response, name, value) -> bool:
    return value in checked_values(response, name)


def textarea_value(response, name) -> str:
    textarea = parse(response).find("textarea", name=name)
    assert textarea is not None, f"no textarea {name}"
    # A newline right after <textarea> is not part of the value (HTML parsing rules).
    return "".join(child for child in textarea.children if isinstance(child, str)).removeprefix("\n")


def hidden_version(response) -> str:
    version = parse(response).find("input", type="hidden", name="version")
    assert version is not None, "no hidden version"
    return version.attrs["value"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files land in a temporary folder, never the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def review():
    return factories.ReviewFactory(name="Kirklees Safeguarding Commission")


@pytest.fixture
def theme(review):
    return factories.ThemeFactory(review=review, name="Assessment", position=2)


@pytest.fixture
def period(review):
    return factories.OpenReportingPeriodFactory(review=review, name="2010/11 Q3")


@pytest.fixture
def officer_user():
    """A lead officer linked to their officer record (overrides conftest's, so `officer_client`
    signs in as this officer)."""
    return factories.OfficerUserFactory(
        username="kscott", first_name="Kim", last_name="Scott", email="kim@example.org"
    )


@pytest.fixture
def other_officer_user():
    return factories.OfficerUserFactory(username="cpowell", first_name="Chris", last_name="Powell")


@pytest.fixture
def recommendation(theme, officer_user):
    return factories.InProgressRecommendationFactory(
        theme=theme,
        ref=21,
        text="Clarify the location of responsibility for the assessment of Children in Need.",
        lead_officer=officer_user.officer,
    )


@pytest.fixture
def action(recommendation):
    return factories.ProposedActionFactory(
        recommendation=recommendation,
        position=1,
        text="Audit the chronologies held on case files.",
        timescale="April 2010",
        due_date=LONG_AGO,
    )


def led_recommendation(theme, officer, ref, *, due_date=None, **fields):
    recommendation = factories.RecommendationFactory(theme=theme, ref=ref, lead_officer=officer, **fields)
    if due_date is not None:
        factories.ProposedActionFactory(recommendation=recommendation, position=1, due_date=due_date)
    return recommendation


# My work: the list ---------------------------------------------------------------------------


def test_signed_in_pages_link_to_my_work_in_the_header(officer_client):
    recommendations_page = officer_client.get(review_url("recommendations:recommendation-list"))
    my_work_page = officer_client.get(MY_WORK)

    def my_work_links(response):
        links = parse(response).find_all("a", class_="govuk-service-navigation__link", href="/my-work/")
        return [(link.text, link.attrs.get("aria-current")) for link in links]

    assert my_work_links(recommendations_page) == [("My work", None)]
    assert my_work_links(my_work_page) == [("My work", "page")]


def test_anonymous_visitor_to_my_work_is_sent_to_sign_in(client):
    response = client.get(MY_WORK)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={MY_WORK}"


def test_my_work_lists_what_the_officer_leads_linking_to_each_update_form(
    officer_client, officer_user, other_officer_user, theme, period
):
    led_recommendation(theme, officer_user.officer, 3, text="Review the thresholds document.")
    someone_elses = led_recommendation(theme, other_officer_user.officer, 30)
    led_action = factories.ProposedActionFactory(
        recommendation=someone_elses, position=2, text="Train duty staff in the new protocol."
    )
    led_action.lead_officers.add(officer_user.officer)
    led_recommendation(theme, other_officer_user.officer, 40)

    response = officer_client.get(MY_WORK)

    page = page_markup(response)
    assert response.status_code == 200
    assert "<title>My work – Recommendation tracker</title>" in page
    assert "Updates for 2010/11 Q3, to 31 December 2010, are due by <strong>14 January 2011</strong>." in page
    items = task_list_items(response)
    assert len(items) == 2
    assert (review_path("/recommendations/3/update/"), "Recommendation 3") in links_in(items[0])
    assert "Review the thresholds document." in items[0].text
    assert (
        review_path("/recommendations/30/actions/2/update/"),
        "Recommendation 30, action 2",
    ) in links_in(items[1])
    assert "Train duty staff in the new protocol." in items[1].text
    assert review_path("/recommendations/40/") not in page


def test_my_work_puts_overdue_items_first_and_marks_them_overdue(officer_client, officer_user, theme, period):
    led_recommendation(theme, officer_user.officer, 5, due_date=FAR_FUTURE)
    led_recommendation(theme, officer_user.officer, 9, due_date=LONG_AGO)
    late_action = factories.ProposedActionFactory(
        recommendation=led_recommendation(theme, None, 12), position=3, due_date=LONG_AGO
    )
    late_action.lead_officers.add(officer_user.officer)

    items = task_list_items(officer_client.get(MY_WORK))

    # What the officer leads: each recommendation they lead, and the action they lead with its
    # recommendation as a whole (which has no lead officer).
    assert [item.find("a").text for item in items] == [
        "Recommendation 9",
        "Recommendation 12",
        "Recommendation 12, action 3",
        "Recommendation 5",
    ]
    overdue = ("Overdue", "govuk-tag govuk-tag--red")
    assert [overdue in tags_in(item) for item in items] == [True, True, True, False]
    assert "Was due 30 April 2010." in items[2].text


def test_my_work_tags_each_item_with_where_its_update_stands(officer_client, officer_user, theme, period):
    recommendations = [led_recommendation(theme, officer_user.officer, ref) for ref in (1, 2, 3, 4, 5)]
    factories.DraftUpdateFactory(recommendation=recommendations[1], period=period)
    factories.SubmittedUpdateFactory(recommendation=recommendations[2], period=period)
    factories.ReturnedUpdateFactory(
        recommendation=recommendations[3], period=period, review_reason="Name the schools audited."
    )
    factories.AcceptedUpdateFactory(recommendation=recommendations[4], period=period)

    response = officer_client.get(MY_WORK)

    items = task_list_items(response)
    statuses = [
        item.find(class_="govuk-task-list__status").find("strong", class_="govuk-tag") for item in items
    ]
    tags = [(tag.attrs["class"].removeprefix("govuk-tag"), tag.text) for tag in statuses]
    assert tags == [
        (" govuk-tag--teal", "Not started"),
        (" govuk-tag--grey", "Draft"),
        ("", "Submitted"),
        (" govuk-tag--orange", "Returned"),
        (" govuk-tag--green", "Accepted"),
    ]
    assert "Returned by the coordinator: “Name the schools audited.”" in items[3].text
    assert not [item for item in items[:3] + items[4:] if "Returned by the coordinator" in item.text]
    assert "You have submitted 2 of 5 updates." in page_markup(response)


def test_my_work_says_no_quarter_is_open(officer_client, officer_user, theme, review):
    led_recommendation(theme, officer_user.officer, 1)
    factories.ReportingPeriodFactory(review=review, state=ReportingPeriod.State.CLOSED)

    response = officer_client.get(MY_WORK)

    assert "No quarter is open for updates." in page_markup(response)
    assert "govuk-task-list" not in page_markup(response)


def test_my_work_says_when_the_account_is_not_linked_to_an_officer(coordinator_client, period):
    response = coordinator_client.get(MY_WORK)

    page = page_markup(response)
    assert response.status_code == 200
    assert "Your account is not linked to a lead officer" in page
    assert "No quarter is open" not in page
    assert "govuk-task-list" not in page


def test_my_work_says_when_the_officer_leads_nothing_open(officer_client, officer_user, theme, period):
    factories.CompletedRecommendationFactory(theme=theme, ref=4, lead_officer=officer_user.officer)

    response = officer_client.get(MY_WORK)

    page = page_markup(response)
    assert (
        "You do not lead any open recommendations or proposed actions in a review with a quarter open."
        in page
    )
    assert "govuk-task-list" not in page


def test_my_work_query_count_does_not_grow_with_items(officer_client, officer_user, theme, period):
    def add_items(refs):
        for ref in refs:
            recommendation = led_recommendation(theme, officer_user.officer, ref, due_date=LONG_AGO)
            action = factories.ProposedActionFactory(
                recommendation=led_recommendation(theme, None, ref + 100), position=2, due_date=FAR_FUTURE
            )
            action.lead_officers.add(officer_user.officer)
            factories.ReturnedUpdateFactory(recommendation=recommendation, period=period)
            factories.DraftUpdateFactory(recommendation=action.recommendation, action=action, period=period)

    # Each ref adds a recommendation led, and an action led with its recommendation as a whole.
    add_items(range(1, 3))
    with CaptureQueriesContext(connection) as with_six:
        assert len(task_list_items(officer_client.get(MY_WORK))) == 6

    add_items(range(3, 11))
    with CaptureQueriesContext(connection) as with_thirty:
        assert len(task_list_items(officer_client.get(MY_WORK))) == 30

    assert len(with_thirty) == len(with_six)


# The update form: what it shows ---------------------------------------------------------------


def test_update_form_shows_the_recommendation_action_last_accepted_update_and_evidence(
    officer_client, recommendation, action, period, review, officer_user
):
    earlier = factories.ClosedReportingPeriodFactory(review=review)
    factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        action=action,
        period=earlier,
        narrative="Protocol agreed with Duty & Assessment.",
        status=Status.IN_PROGRESS,
    )
    draft = services.progress_update_save(
        recommendation=recommendation,
        action=action,
        period=period,
        by=officer_user,
        narrative="Audit under way.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        evidence_files=[pdf("audit plan.pdf")],
    )
    evidence = draft.evidence_files.get()

    response = officer_client.get(update_url(recommendation, action))

    page = page_markup(response)
    assert response.status_code == 200
    assert "<title>Update on Recommendation 21, action 1 – Recommendation tracker</title>" in page
    assert "Clarify the location of responsibility for the assessment of Children in Need." in page
    assert "Audit the chronologies held on case files." in page
    assert "Timescale: April 2010 (due 30 April 2010)" in page
    last_accepted = page.split('id="last-accepted"')[1].split("</section>")[0]
    assert "2010/11 Q2" in last_accepted
    assert "Protocol agreed with Duty & Assessment." in last_accepted
    assert f'<a class="govuk-link" href="/evidence/{evidence.pk}/">audit plan.pdf</a>' in page


def test_update_form_for_a_new_update_starts_empty_on_version_zero(officer_client, recommendation, period):
    response = officer_client.get(update_url(recommendation))

    assert response.status_code == 200
    assert textarea_value(response, "narrative") == ""
    assert " checked>" not in response.content.decode()
    assert hidden_version(response) == "0"
    assert "No update has been accepted yet." in page_markup(response)
    assert '<button type="submit" name="intent" value="draft"' in page_markup(response)
    assert '<button type="submit" name="intent" value="submit"' in page_markup(response)


def test_update_form_for_a_draft_is_filled_with_it_and_carries_its_version(
    officer_client, recommendation, period
):
    factories.DraftUpdateFactory(
        recommendation=recommendation,
        period=period,
        narrative="Half the schools audited.",
        status=Status.NO_PROGRESS,
        rag=Rag.RED,
        revised_timescale="Summer 2011",
        evidence_links="https://example.org/audit",
        version=4,
    )

    response = officer_client.get(update_url(recommendation))

    assert textarea_value(response, "narrative") == "Half the schools audited."
    assert is_checked(response, "status", "no_progress")
    assert is_checked(response, "rag", "red")
    assert 'name="revised_timescale" type="text" value="Summer 2011"' in page_markup(response)
    assert textarea_value(response, "evidence_links") == "https://example.org/audit"
    assert hidden_version(response) == "4"


# The update form: saving and submitting ------------------------------------------------------


def test_saving_a_draft_creates_the_update_and_says_so_on_my_work(
    officer_client, officer_user, recommendation, action, period
):
    response = officer_client.post(
        update_url(recommendation, action),
        form_data(narrative="Audit started.", revised_timescale="Summer 2011"),
        follow=True,
    )

    assert response.redirect_chain == [(MY_WORK, 302)]
    update = ProgressUpdate.objects.get()
    assert (update.recommendation, update.action, update.period) == (recommendation, action, period)
    assert (update.state, update.narrative, update.author) == (State.DRAFT, "Audit started.", officer_user)
    assert update.revised_due_date == datetime.date(2011, 8, 31)
    assert update.version == 1
    page = page_markup(response)
    assert "govuk-notification-banner--success" in page
    assert (
        "Your update on Recommendation 21, action 1 was saved as a draft. "
        "It is not sent for review until you submit it."
    ) in page


def test_a_revised_timescale_before_the_quarter_began_is_saved_with_a_warning(
    officer_client, recommendation, action, period
):
    response = officer_client.post(
        update_url(recommendation, action),
        form_data(narrative="Audit started.", revised_timescale="Mar-10"),
        follow=True,
    )

    update = ProgressUpdate.objects.get()
    assert update.revised_due_date == datetime.date(2010, 3, 31), "a warning, not a refusal"
    banners = [
        text_of(banner.markup) for banner in parse(response).find_all(class_="govuk-notification-banner")
    ]
    assert any(
        f"The revised timescale “Mar-10” is due 31 March 2010, before {period.name} began "
        f"({period.starts.day} {period.starts:%B %Y})." in banner
        for banner in banners
    ), banners


def test_a_council_timescale_is_understood_and_a_later_one_brings_no_warning(
    officer_client, recommendation, action, period
):
    response = officer_client.post(
        update_url(recommendation, action),
        form_data(narrative="Audit started.", revised_timescale="Q4 2030/31"),
        follow=True,
    )

    assert ProgressUpdate.objects.get().revised_due_date == datetime.date(2031, 3, 31)
    assert "revised timescale" not in page_markup(response)


def test_saving_a_draft_keeps_evidence_links_and_files(officer_client, recommendation, period, media_root):
    response = officer_client.post(
        update_url(recommendation),
        form_data(
            evidence_links=" https://example.org/audit \n\nhttp://intranet.example.org/minutes\n",
            evidence_files=[
                pdf("minutes.pdf"),
                SimpleUploadedFile("chart.png", PNG),
                SimpleUploadedFile("plan.docx", DOCX),
            ],
        ),
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_links == "https://example.org/audit\nhttp://intranet.example.org/minutes"
    assert sorted(update.evidence_files.values_list("name", flat=True)) == [
        "chart.png",
        "minutes.pdf",
        "plan.docx",
    ]
    assert len(stored_files()) == 3
    assert "minutes.pdf" not in stored_files()  # stored under a random name, never the uploader's


def test_submitting_sends_the_update_for_review(officer_client, recommendation, period):
    response = officer_client.post(update_url(recommendation), form_data(intent="submit"), follow=True)

    update = ProgressUpdate.objects.get()
    assert update.state == State.SUBMITTED
    assert update.submitted_at is not None
    assert response.redirect_chain == [(MY_WORK, 302)]
    assert (
        "Your update on Recommendation 21 was submitted. The programme coordinator will review it."
        in page_markup(response)
    )


def test_submitting_emails_the_coordinator_a_link_to_the_review_page(
    officer_client, recommendation, period, mailoutbox, django_capture_on_commit_callbacks
):
    factories.UserFactory(role=Role.COORDINATOR, email="coordinator@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(update_url(recommendation), form_data(intent="submit"))

    update = ProgressUpdate.objects.get()
    assert [message.to for message in mailoutbox] == [["coordinator@example.org"]]
    review_link = settings.SITE_URL + reverse("recommendations:review-update", kwargs={"pk": update.pk})
    assert review_link in mailoutbox[0].body


def test_saving_a_draft_sends_no_email(
    officer_client, recommendation, period, mailoutbox, django_capture_on_commit_callbacks
):
    factories.UserFactory(role=Role.COORDINATOR, email="coordinator@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(update_url(recommendation), form_data())

    assert ProgressUpdate.objects.get().state == State.DRAFT
    assert mailoutbox == []


def test_submitting_without_a_narrative_keeps_it_as_a_draft_and_shows_the_error(
    officer_client, recommendation, period
):
    response = officer_client.post(update_url(recommendation), form_data(narrative="", intent="submit"))

    page = page_markup(response)
    update = ProgressUpdate.objects.get()
    assert response.status_code == 200
    assert update.state == State.DRAFT
    assert '<a href="#id_narrative">Enter the progress made this quarter before submitting.</a>' in page
    assert 'id="id_narrative-error"' in page
    assert "Your changes were saved as a draft, but the update was not submitted for review." in page
    assert hidden_version(response) == str(update.version)
    assert "<title>Error: Update on Recommendation 21 – Recommendation tracker</title>" in page


def test_submitting_a_completion_without_evidence_shows_the_error_on_evidence_links(
    officer_client, recommendation, period
):
    response = officer_client.post(
        update_url(recommendation), form_data(status=Status.COMPLETED, rag=Rag.COMPLETE, intent="submit")
    )

    assert ProgressUpdate.objects.get().state == State.DRAFT
    assert (
        '<a href="#id_evidence_links">A completed recommendation needs evidence: '
        "add a link or a file before submitting.</a>"
    ) in page_markup(response)


def test_a_completion_with_an_evidence_file_is_submitted(officer_client, recommendation, period):
    response = officer_client.post(
        update_url(recommendation),
        form_data(status=Status.COMPLETED, rag=Rag.COMPLETE, intent="submit", evidence_files=[pdf()]),
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.state, update.evidence_files.count()) == (State.SUBMITTED, 1)


def test_returned_update_shows_the_reason_and_can_be_revised_and_resubmitted(
    officer_client, recommendation, period
):
    returned = factories.ReturnedUpdateFactory(
        recommendation=recommendation, period=period, review_reason="Say which schools were audited."
    )

    page = officer_client.get(update_url(recommendation))

    assert element(page, "return-reason").text == "Say which schools were audited."
    assert "Revise it below and submit it for review again." in page_markup(page)
    response = officer_client.post(
        update_url(recommendation),
        form_data(narrative="Schools A, B and C audited.", intent="submit", version=hidden_version(page)),
    )
    returned.refresh_from_db()
    assert response.status_code == 302
    assert (returned.state, returned.narrative) == (State.SUBMITTED, "Schools A, B and C audited.")


# The update form: bad input changes nothing ----------------------------------------------------


def timescale_message(text):
    with pytest.raises(TimescaleError) as refused:
        parse_timescale(text)
    return str(refused.value)


# Each case: what is posted (files are made afresh for each test), the field, its message.
INVALID_INPUT = {
    "timescale": (
        lambda: {"revised_timescale": "When the money comes"},
        "id_revised_timescale",
        timescale_message("When the money comes"),
    ),
    "bad link line": (
        lambda: {"evidence_links": "https://example.org/audit\nintranet/minutes"},
        "id_evidence_links",
        "Line 2, “intranet/minutes”, is not a web address: enter the full address, starting https:// or http://",
    ),
    "link not on the web": (
        lambda: {"evidence_links": "javascript:alert(1)"},
        "id_evidence_links",
        "Line 1, “javascript:alert(1)”, is not a web address: enter the full address, starting https:// "
        "or http://",
    ),
    "oversized file": (
        lambda: {"evidence_files": [pdf("big.pdf", PDF.ljust(101, b"x"))]},
        "id_evidence_files",
        "“big.pdf” must be 100 bytes or smaller",
    ),
    "wrong extension": (
        lambda: {"evidence_files": [SimpleUploadedFile("tool.exe", b"MZ\x90\x00")]},
        "id_evidence_files",
        "“tool.exe” must be a PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, CSV, TXT, PNG, JPG or JPEG file",
    ),
    "spoofed content": (
        lambda: {"evidence_files": [pdf("report.pdf", b"<html><script>alert(1)</script></html>")]},
        "id_evidence_files",
        "“report.pdf” is not a valid PDF: its contents do not match its name",
    ),
    "spoofed office file": (
        lambda: {"evidence_files": [SimpleUploadedFile("budget.xlsx", PDF)]},
        "id_evidence_files",
        "“budget.xlsx” is not a valid Excel spreadsheet: its contents do not match its name",
    ),
    "empty file": (
        lambda: {"evidence_files": [SimpleUploadedFile("notes.txt", b"")]},
        "id_evidence_files",
        "“notes.txt” is empty: choose the file again, or a different one",
    ),
    "a program named as text": (
        lambda: {"evidence_files": [SimpleUploadedFile("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00")]},
        "id_evidence_files",
        "“notes.txt” is not a valid text file: its contents are not text",
    ),
    "a narrative too long": (
        lambda: {"narrative": "x" * 20_001},
        "id_narrative",
        "The progress must be 20,000 characters or fewer",
    ),
}


@pytest.mark.parametrize(("values", "field_id", "message"), INVALID_INPUT.values(), ids=INVALID_INPUT.keys())
@pytest.mark.parametrize("intent", ["draft", "submit"])
def test_invalid_input_shows_its_error_and_changes_nothing(
    officer_client, recommendation, period, settings, values, field_id, message, intent
):
    settings.EVIDENCE_MAX_BYTES = 100
    before = recorded_rows()

    response = officer_client.post(
        update_url(recommendation),
        form_data(**{"narrative": "Audit of six schools.", "intent": intent, **values()}),
    )

    page = page_markup(response)
    assert response.status_code == 200
    assert f'<a href="#{field_id}">{message}</a>' in page
    assert f'<p id="{field_id}-error" class="govuk-error-message">' in page
    assert message in page.split(f'<p id="{field_id}-error"')[1].split("</p>")[0]
    assert recorded_rows() == before
    assert stored_files() == []
    typed = values().get("narrative", "Audit of six schools.")
    assert textarea_value(response, "narrative") == typed


def test_a_draft_saves_without_a_status_or_rag_and_submitting_asks_for_them(
    officer_client, recommendation, period
):
    drafted = officer_client.post(update_url(recommendation), form_data(status="", rag=""))

    assert drafted.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.state, update.status, update.rag) == (State.DRAFT, "", "")

    submitted = officer_client.post(
        update_url(recommendation), form_data(status="", rag="", intent="submit", version=str(update.version))
    )

    html = submitted.content.decode()
    assert ("#id_status", "Select the status of the work before submitting.") in error_summary(html)
    update.refresh_from_db()
    assert update.state == State.DRAFT


def test_a_new_update_starts_from_the_last_accepted_status_and_rag(
    officer_client, recommendation, period, review
):
    factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        period=factories.ClosedReportingPeriodFactory(review=review),
        status=Status.NO_PROGRESS,
        rag=Rag.RED,
    )

    page = officer_client.get(update_url(recommendation))

    assert checked_values(page.content.decode(), "status") == [Status.NO_PROGRESS]
    assert checked_values(page.content.decode(), "rag") == [Rag.RED]


def test_an_evidence_file_can_be_removed_from_a_draft(
    officer_client, recommendation, period, django_capture_on_commit_callbacks
):
    officer_client.post(update_url(recommendation), form_data(evidence_files=[pdf("wrong.pdf")]))
    update = ProgressUpdate.objects.get()
    evidence = update.evidence_files.get()
    assert stored_files() != []

    page = officer_client.get(update_url(recommendation)).content.decode()
    assert "wrong.pdf" in element(page, "id_remove_evidence").ancestor("fieldset").text
    with_removal = form_data(version=str(update.version), remove_evidence=[str(evidence.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(update_url(recommendation), with_removal)

    assert response.status_code == 302
    assert not update.evidence_files.exists()
    assert stored_files() == []
    assert EvidenceFile.history.filter(id=evidence.pk, history_type="-").get().history_change_reason == (
        "Evidence removed from the draft"
    )


def test_the_narrative_counts_its_characters_on_the_page(officer_client, recommendation, period):
    page = officer_client.get(update_url(recommendation)).content.decode()

    group = element(page, "id_narrative").ancestor("div")
    assert "govuk-character-count" in group.classes
    assert group.attrs["data-maxlength"] == "20000"
    assert element(page, "id_narrative-info").text == "You can enter up to 20,000 characters"


def test_an_error_keeps_everything_typed_and_asks_for_good_files_again(
    officer_client, recommendation, period
):
    response = officer_client.post(
        update_url(recommendation),
        form_data(
            narrative="Six schools audited;\nthree to go.",
            status=Status.NO_PROGRESS,
            rag=Rag.RED,
            revised_timescale="Whenever",
            evidence_links="https://example.org/audit",
            evidence_files=[pdf("minutes.pdf"), SimpleUploadedFile("tool.exe", b"MZ")],
        ),
    )

    page = page_markup(response)
    assert textarea_value(response, "narrative") == "Six schools audited;\nthree to go."
    assert is_checked(response, "status", "no_progress")
    assert is_checked(response, "rag", "red")
    assert 'name="revised_timescale" type="text" value="Whenever"' in page
    assert textarea_value(response, "evidence_links") == "https://example.org/audit"
    assert (
        "Choose “minutes.pdf” again: files are not kept when there is a problem with the form, "
        "and your browser cannot fill them in for you"
    ) in page
    assert "“tool.exe” must be a" in page
    assert EvidenceFile.objects.count() == 0
    assert stored_files() == []


def test_invalid_input_leaves_an_existing_draft_as_it_was(officer_client, recommendation, period):
    draft = factories.DraftUpdateFactory(recommendation=recommendation, period=period, narrative="Kept.")
    history_before = draft.history.count()

    officer_client.post(
        update_url(recommendation),
        form_data(narrative="Changed.", revised_timescale="Never ever", version=draft.version),
    )

    draft.refresh_from_db()
    assert (draft.narrative, draft.version, draft.history.count()) == ("Kept.", 1, history_before)


def test_a_form_without_its_version_is_refused(officer_client, recommendation, period):
    response = officer_client.post(update_url(recommendation), form_data(version="not a number"))

    assert '<a href="#update-form">This form is out of date: open the update again from My work</a>' in (
        page_markup(response)
    )
    assert ProgressUpdate.objects.count() == 0


# Who may write an update ---------------------------------------------------------------------


@pytest.mark.parametrize("on_action", [False, True], ids=["recommendation", "action"])
def test_lead_officer_cannot_open_or_post_another_officers_form(
    client, other_officer_user, recommendation, action, period, on_action
):
    draft = factories.DraftUpdateFactory(recommendation=recommendation, period=period, narrative="Mine.")
    before = recorded_rows()
    client.force_login(other_officer_user)
    url = update_url(recommendation, action if on_action else None)

    opened = client.get(url)
    posted = client.post(url, form_data(narrative="Not yours.", version=draft.version))

    assert (opened.status_code, posted.status_code) == (403, 403)
    assert "You cannot view this page" in page_markup(posted)
    draft.refresh_from_db()
    assert draft.narrative == "Mine."
    assert recorded_rows() == before


def test_panel_members_cannot_open_or_post_the_form(panel_member_client, recommendation, period):
    opened = panel_member_client.get(update_url(recommendation))
    posted = panel_member_client.post(update_url(recommendation), form_data())

    assert (opened.status_code, posted.status_code) == (403, 403)
    assert ProgressUpdate.objects.count() == 0


def test_the_coordinator_records_an_update_on_the_lead_officers_behalf(
    coordinator_client, coordinator_user, recommendation, period, officer_user
):
    page = coordinator_client.get(update_url(recommendation)).content.decode()
    assert "Whose update is this?" in page
    lead = officer_user.officer

    response = coordinator_client.post(
        update_url(recommendation), form_data(on_behalf_of=str(lead.pk), intent="submit")
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.author, update.on_behalf_of, update.state) == (coordinator_user, lead, State.SUBMITTED)
    assert update.reported_by == f"{coordinator_user} on behalf of {lead}"


def test_the_coordinator_must_say_whose_update_it_is(coordinator_client, recommendation, period):
    response = coordinator_client.post(update_url(recommendation), form_data())

    html = response.content.decode()
    assert ("#id_on_behalf_of", "Select the lead officer you are recording this update for") in error_summary(
        html
    )
    assert not ProgressUpdate.objects.exists()


def test_an_actions_lead_officer_writes_its_update(
    client, other_officer_user, recommendation, action, period
):
    action.lead_officers.add(other_officer_user.officer)
    client.force_login(other_officer_user)

    response = client.post(update_url(recommendation, action), form_data(narrative="Chronologies audited."))

    assert response.status_code == 302
    assert ProgressUpdate.objects.get().author == other_officer_user


def test_a_missing_recommendation_or_action_is_not_found(officer_client, recommendation, period):
    assert (
        officer_client.get(
            review_url("recommendations:recommendation-update", kwargs={"ref": 99})
        ).status_code
        == 404
    )
    missing_action = review_url(
        "recommendations:action-update", kwargs={"ref": recommendation.ref, "position": 9}
    )
    assert officer_client.get(missing_action).status_code == 404


# Read-only updates -----------------------------------------------------------------------------


def test_closed_quarter_shows_the_saved_update_read_only(officer_client, recommendation, period):
    factories.DraftUpdateFactory(recommendation=recommendation, period=period, narrative="Audit half done.")
    period.state = ReportingPeriod.State.CLOSED
    period.save()

    response = officer_client.get(update_url(recommendation))

    page = page_markup(response)
    assert response.status_code == 200
    assert (
        "No quarter is open for updates. 2010/11 Q3 is closed: its updates can no longer be changed." in page
    )
    assert "Audit half done." in page
    assert 'id="update-form"' not in page
    assert "<textarea" not in page


def test_the_form_says_no_quarter_is_open_when_none_ever_was(officer_client, recommendation):
    response = officer_client.get(update_url(recommendation))

    assert response.status_code == 200
    assert "No quarter is open for updates." in page_markup(response)
    assert 'id="update-form"' not in page_markup(response)


def test_posting_when_the_quarter_is_closed_is_refused_changes_nothing_and_shows_what_was_typed(
    officer_client, recommendation, period
):
    draft = factories.DraftUpdateFactory(recommendation=recommendation, period=period, narrative="Kept.")
    period.state = ReportingPeriod.State.CLOSED
    period.save()
    before = recorded_rows()

    response = officer_client.post(
        update_url(recommendation),
        form_data(narrative="Typed after closing.", version=draft.version, evidence_files=[pdf()]),
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.narrative == "Kept."
    assert recorded_rows() == before
    assert stored_files() == []
    entered = page_markup(response).split('id="entered"')[1]
    assert "Typed after closing." in entered


@pytest.mark.parametrize(
    ("factory", "explanation"),
    [
        (factories.SubmittedUpdateFactory, "It can be changed only if the programme coordinator returns it."),
        (factories.AcceptedUpdateFactory, "It is part of the official record and can no longer be changed."),
    ],
    ids=["submitted", "accepted"],
)
def test_submitted_and_accepted_updates_are_shown_read_only(
    officer_client, recommendation, period, factory, explanation
):
    update = factory(recommendation=recommendation, period=period, narrative="Audit complete.")

    response = officer_client.get(update_url(recommendation))

    page = page_markup(response)
    assert response.status_code == 200
    assert explanation in page
    assert f">{update.get_state_display()}</strong>" in page
    assert "Audit complete." in page
    assert 'id="update-form"' not in page


def test_a_submitted_update_cannot_be_changed_by_post(officer_client, recommendation, period):
    submitted = factories.SubmittedUpdateFactory(
        recommendation=recommendation, period=period, narrative="As submitted."
    )
    before = recorded_rows()

    response = officer_client.post(
        update_url(recommendation),
        form_data(narrative="Sneaky change.", version=submitted.version, intent="submit"),
    )

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert (submitted.state, submitted.narrative, submitted.version) == (State.SUBMITTED, "As submitted.", 2)
    assert recorded_rows() == before
    assert "Your changes were not saved" in page_markup(response)


# No lost updates -------------------------------------------------------------------------------


@pytest.fixture
def two_writers(recommendation, action, other_officer_user, officer_user):
    """The recommendation's lead and the action's lead, each signed in: both may write its update."""
    action.lead_officers.add(other_officer_user.officer)
    first, second = Client(), Client()
    first.force_login(officer_user)
    second.force_login(other_officer_user)
    return first, second


def test_two_saves_on_the_same_version_the_second_is_shown_both_versions_and_overwrites_nothing(
    two_writers, recommendation, action, period
):
    factories.DraftUpdateFactory(recommendation=recommendation, action=action, period=period, version=1)
    first, second = two_writers
    url = update_url(recommendation, action)
    first_version = hidden_version(first.get(url))
    second_version = hidden_version(second.get(url))

    saved = first.post(url, form_data(narrative="Kim: six schools audited.", version=first_version))
    conflict = second.post(
        url, form_data(narrative="Chris: training booked.", rag=Rag.GREEN, version=second_version)
    )

    assert saved.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.narrative, update.version) == ("Kim: six schools audited.", 2)
    html = conflict.content.decode()
    assert conflict.status_code == 200
    assert (
        "#newer-version",
        "Someone else saved a newer version while you were editing. "
        "Their version is shown beside yours: merge the two and save again.",
    ) in error_summary(html)
    heading, differences = conflict_screen(html)
    assert heading.startswith("Kim Scott saved a newer version")
    assert differences["Progress this quarter"] == ("Kim: six schools audited.", "Chris: training booked.")
    assert differences["RAG rating"] == ("Amber", "Green")
    assert textarea_value(conflict, "narrative") == "Chris: training booked."
    assert is_checked(conflict, "rag", "green")
    assert hidden_version(conflict) == "2"

    merged = "Kim: six schools audited. Chris: training booked."
    resaved = second.post(url, form_data(narrative=merged, version=hidden_version(conflict)))

    assert resaved.status_code == 302
    update.refresh_from_db()
    assert (update.narrative, update.version) == (merged, 3)


def test_two_first_drafts_the_second_is_shown_the_first_and_its_files_are_asked_for_again(
    two_writers, recommendation, action, period
):
    first, second = two_writers
    url = update_url(recommendation, action)

    first.post(url, form_data(narrative="Kim's first draft.", version="0"))
    conflict = second.post(
        url, form_data(narrative="Chris's first draft.", version="0", evidence_files=[pdf("rota.pdf")])
    )

    page = page_markup(conflict)
    _, differences = conflict_screen(conflict.content.decode())
    assert differences["Progress this quarter"] == ("Kim's first draft.", "Chris's first draft.")
    assert "Choose “rota.pdf” again" in page
    assert ProgressUpdate.objects.get().narrative == "Kim's first draft."
    assert EvidenceFile.objects.count() == 0
    assert stored_files() == []
    assert hidden_version(conflict) == "1"


# Evidence downloads ----------------------------------------------------------------------------


@pytest.fixture
def evidence(recommendation, period, officer_user):
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=period,
        by=officer_user,
        narrative="Audit complete.",
        status=Status.COMPLETED,
        rag=Rag.COMPLETE,
        evidence_files=[pdf("Audit report (final).pdf")],
    )
    # Submitted, so part of the record: a draft's evidence is its writer's own (test_drafts.py).
    services.progress_update_submit(update=update, by=officer_user, expected_version=update.version)
    return update.evidence_files.get()


def test_evidence_download_streams_the_file_as_an_attachment(panel_member_client, evidence):
    response = panel_member_client.get(
        reverse("recommendations:evidence-download", kwargs={"pk": evidence.pk})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Audit report (final).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_evidence_download_sends_anonymous_visitors_to_sign_in(client, evidence):
    url = reverse("recommendations:evidence-download", kwargs={"pk": evidence.pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"


def test_evidence_files_have_no_public_address(panel_member_client, evidence):
    assert evidence.file.name.startswith(f"evidence/{evidence.update_id}/")

    response = panel_member_client.get(settings.MEDIA_URL + evidence.file.name)

    assert response.status_code == 404


def test_evidence_download_of_a_missing_file_is_not_found(panel_member_client, evidence):
    evidence.file.delete(save=False)

    response = panel_member_client.get(
        reverse("recommendations:evidence-download", kwargs={"pk": evidence.pk})
    )

    assert response.status_code == 404
