"""Questions to the lead officer on the recommendation page: asking, answering, who may, emails."""

import pytest
from django.urls import reverse

from recommendations.models import Question
from tests import factories
from tests.helpers import at, element, markup_of, review_url
from tracker.models import Role

pytestmark = pytest.mark.django_db


def detail_url(ref):
    return review_url("recommendations:recommendation-detail", kwargs={"ref": ref})


def ask_url(ref):
    return review_url("recommendations:question-ask", kwargs={"ref": ref})


def answer_url(question):
    return reverse("recommendations:question-answer", kwargs={"pk": question.pk})


def answer_field(question):
    return f"question-{question.pk}-answer"


@pytest.fixture
def lead_officer_user():
    """The officer who leads recommendation 18, with an account."""
    user = factories.UserFactory(
        username="cparker", first_name="Carol", last_name="Parker", role=Role.LEAD_OFFICER
    )
    factories.OfficerFactory(name="Assistant Director for Support & Protection", user=user)
    return user


@pytest.fixture
def action_officer_user():
    """An officer who leads one of recommendation 18's actions, with an account."""
    user = factories.UserFactory(username="ecoles", role=Role.LEAD_OFFICER)
    factories.OfficerFactory(name="EC", user=user)
    return user


@pytest.fixture
def recommendation(lead_officer_user, action_officer_user):
    recommendation = factories.RecommendationFactory(ref=18, lead_officer=lead_officer_user.officer)
    action = factories.ProposedActionFactory(recommendation=recommendation, position=1)
    action.lead_officers.add(action_officer_user.officer, factories.OfficerFactory(name="No account"))
    return recommendation


@pytest.fixture
def asker():
    return factories.UserFactory(
        username="cllr", first_name="Jean", last_name="Calvert", role=Role.PANEL_MEMBER
    )


@pytest.fixture
def question(recommendation, asker):
    return factories.QuestionFactory(
        recommendation=recommendation,
        asked_by=asker,
        asked_at=at(2010, 10, 4),
        text="Are chronologies now on every file?",
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Services email once their transaction commits: run those callbacks as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# The questions section ------------------------------------------------------------------


def test_questions_section_shows_who_asked_when_and_the_answer_or_awaiting_an_answer(
    panel_member_client, recommendation, question, lead_officer_user
):
    factories.AnsweredQuestionFactory(
        recommendation=recommendation,
        asked_at=at(2010, 9, 1),
        text="When will the audit report?",
        answer="The audit reports in November.",
        answered_by=lead_officer_user,
        answered_at=at(2010, 9, 20),
    )

    questions = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "questions")

    assert "Are chronologies now on every file?" in questions
    assert "Question from Jean Calvert" in questions
    assert "4 October 2010</time> by Jean Calvert" in questions
    assert "Awaiting an answer" in questions
    assert "The audit reports in November." in questions
    assert "20 September 2010</time> by Carol Parker" in questions
    assert questions.count("Awaiting an answer") == 1
    # The newest question first.
    assert questions.index("Are chronologies") < questions.index("When will the audit")


def test_questions_section_says_when_there_are_none(panel_member_client, recommendation):
    questions = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "questions")

    assert "No questions have been put to the lead officer" in questions


def test_panel_member_sees_the_form_to_ask_and_no_answer_form(panel_member_client, question):
    questions = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "questions")

    assert f'action="{ask_url(18)}"' in questions
    assert "Ask the lead officer a question" in questions
    assert answer_url(question) not in questions


@pytest.mark.parametrize("role", [Role.LEAD_OFFICER, Role.COORDINATOR])
def test_users_who_may_not_ask_see_no_form_to_ask(client, recommendation, role):
    client.force_login(factories.UserFactory(role=role))

    questions = markup_of(client.get(detail_url(18)).content.decode(), "questions")

    assert f'action="{ask_url(18)}"' not in questions
    assert "Ask the lead officer a question" not in questions


# Asking ---------------------------------------------------------------------------------


def test_panel_member_asks_a_question_and_returns_to_the_page_with_a_banner(
    panel_member_client, panel_member_user, recommendation
):
    response = panel_member_client.post(ask_url(18), {"text": "  Who audits the chronologies?  "})

    assert response.status_code == 302
    assert response.url == detail_url(18)
    question = Question.objects.get()
    assert question.recommendation == recommendation
    assert question.text == "Who audits the chronologies?"
    assert question.asked_by == panel_member_user
    assert question.history.get().history_change_reason == "Question asked"
    page = panel_member_client.get(response.url).content.decode()
    assert "govuk-notification-banner--success" in page
    assert "Your question was sent to the lead officer." in page
    assert f'<a class="govuk-notification-banner__link" href="#question-{question.pk}">' in page
    assert "Awaiting an answer" in markup_of(page, "questions")


def test_asking_emails_the_lead_officers_with_accounts_a_link_to_the_questions(
    panel_member_client, recommendation, lead_officer_user, action_officer_user, mailoutbox, committed
):
    factories.RecommendationFactory(
        ref=19, lead_officer=factories.OfficerFactory(user=factories.UserFactory())
    )

    with committed():
        panel_member_client.post(ask_url(18), {"text": "Who audits the chronologies?"})

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == sorted([lead_officer_user.email, action_officer_user.email])
    assert email.subject == "A panel member asked a question on recommendation 18"
    assert "Who audits the chronologies?" in email.body
    assert f"http://127.0.0.1:8000{detail_url(18)}#questions" in email.body


def test_a_blank_question_shows_an_error_next_to_the_field_and_saves_nothing(
    panel_member_client, recommendation, mailoutbox, committed
):
    with committed():
        response = panel_member_client.post(ask_url(18), {"text": "   "})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Recommendation 18 – Recommendation tracker</title>" in html
    assert '<a href="#id_text">Enter your question.</a>' in html  # the error summary
    group = element(html, "questions").find(class_="govuk-form-group")
    assert "govuk-form-group--error" in group.classes
    assert '<p id="id_text-error" class="govuk-error-message">' in html
    # The character count's message, the hint and the error describe the box.
    assert element(html, "id_text").attrs["aria-describedby"] == "id_text-info id_text-hint id_text-error"
    assert not Question.objects.exists()
    assert mailoutbox == []


def test_a_question_too_long_is_refused_with_the_typed_text_kept(panel_member_client, recommendation):
    text = "Why? " * 500

    response = panel_member_client.post(ask_url(18), {"text": text})

    html = response.content.decode()
    assert "Your question must be 2,000 characters or fewer" in html
    assert "Why? Why? Why?" in markup_of(html, "questions")
    assert not Question.objects.exists()


@pytest.mark.parametrize("role", [Role.LEAD_OFFICER, Role.COORDINATOR])
def test_users_who_may_not_ask_are_refused_and_nothing_is_saved(
    client, recommendation, lead_officer_user, role, mailoutbox, committed
):
    user = lead_officer_user if role == Role.LEAD_OFFICER else factories.UserFactory(role=role)
    client.force_login(user)

    with committed():
        response = client.post(ask_url(18), {"text": "May I ask?"})

    assert response.status_code == 403
    assert not Question.objects.exists()
    assert mailoutbox == []


def test_an_administrator_may_ask(client, admin_user_, recommendation):
    client.force_login(admin_user_)

    response = client.post(ask_url(18), {"text": "Is the audit on time?"})

    assert response.status_code == 302
    assert Question.objects.get().asked_by == admin_user_


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_saved(client, recommendation):
    response = client.post(ask_url(18), {"text": "Anyone there?"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Question.objects.exists()


def test_the_ask_address_answers_only_posts(panel_member_client, recommendation):
    assert panel_member_client.get(ask_url(18)).status_code == 405


def test_asking_on_an_unknown_recommendation_is_not_found(panel_member_client, recommendation):
    assert panel_member_client.post(ask_url(99), {"text": "Hello?"}).status_code == 404
    assert not Question.objects.exists()


# Answering ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead_officer_user", "action_officer_user"])
def test_lead_officers_see_an_answer_form_on_each_unanswered_question_only(
    client, request, recommendation, question, who
):
    answered = factories.AnsweredQuestionFactory(recommendation=recommendation)
    client.force_login(request.getfixturevalue(who))

    questions = markup_of(client.get(detail_url(18)).content.decode(), "questions")

    assert f'action="{answer_url(question)}"' in questions
    assert f'name="{answer_field(question)}"' in questions
    assert answer_url(answered) not in questions
    assert "to the question from Jean Calvert" in questions  # labels tell the forms apart


def test_an_officer_who_does_not_lead_it_sees_no_answer_form(client, question):
    other = factories.UserFactory(role=Role.LEAD_OFFICER)
    factories.OfficerFactory(user=other)
    client.force_login(other)

    questions = markup_of(client.get(detail_url(18)).content.decode(), "questions")

    assert answer_url(question) not in questions


def test_lead_officer_answers_and_the_asker_is_emailed(
    client, lead_officer_user, question, asker, mailoutbox, committed
):
    client.force_login(lead_officer_user)

    with committed():
        response = client.post(answer_url(question), {answer_field(question): "Yes, since September."})

    assert response.status_code == 302
    assert response.url == detail_url(18)
    question.refresh_from_db()
    assert question.answer == "Yes, since September."
    assert question.answered_by == lead_officer_user
    assert question.answered_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [asker.email]
    assert mailoutbox[0].subject == "Your question on recommendation 18 was answered"
    assert "Yes, since September." in mailoutbox[0].body
    assert f"{detail_url(18)}#questions" in mailoutbox[0].body
    page = client.get(response.url).content.decode()
    assert "Your answer was sent to Jean Calvert." in page
    assert "Awaiting an answer" not in markup_of(page, "questions")


def test_a_blank_answer_shows_an_error_next_to_that_question_and_saves_nothing(
    client, lead_officer_user, recommendation, question, mailoutbox, committed
):
    other = factories.QuestionFactory(recommendation=recommendation, asked_at=at(2010, 10, 1))
    client.force_login(lead_officer_user)

    with committed():
        response = client.post(answer_url(question), {answer_field(question): ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Recommendation 18 – Recommendation tracker</title>" in html
    assert f'<a href="#id_{answer_field(question)}">Enter your answer.</a>' in html
    assert f'id="id_{answer_field(question)}-error"' in html
    assert f'id="id_{answer_field(other)}-error"' not in html
    question.refresh_from_db()
    assert question.answered_at is None
    assert mailoutbox == []


@pytest.mark.parametrize("who", ["panel_member", "coordinator", "officer_not_leading"])
def test_users_who_may_not_answer_are_refused_and_nothing_changes(
    client, question, who, mailoutbox, committed
):
    if who == "officer_not_leading":
        user = factories.UserFactory(role=Role.LEAD_OFFICER)
        factories.OfficerFactory(user=user)
    else:
        user = factories.UserFactory(role=who)
    client.force_login(user)

    with committed():
        response = client.post(answer_url(question), {answer_field(question): "Not mine to say."})

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer == ""
    assert question.answered_at is None
    assert mailoutbox == []


def test_answering_an_answered_question_is_refused_and_the_first_answer_kept(
    client, lead_officer_user, recommendation
):
    answered = factories.AnsweredQuestionFactory(recommendation=recommendation, answer="The first answer.")
    client.force_login(lead_officer_user)

    response = client.post(answer_url(answered), {answer_field(answered): "A second answer."})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#questions">This question has already been answered.</a>' in html
    answered.refresh_from_db()
    assert answered.answer == "The first answer."


def test_an_administrator_may_answer(client, admin_user_, question):
    client.force_login(admin_user_)

    response = client.post(answer_url(question), {answer_field(question): "Answered by the administrator."})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered_by == admin_user_


def test_answering_an_unknown_question_is_not_found(client, lead_officer_user):
    client.force_login(lead_officer_user)

    assert client.post("/questions/999/answer/", {"question-999-answer": "?"}).status_code == 404
