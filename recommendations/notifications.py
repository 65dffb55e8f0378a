"""Emails of the quarterly workflow, queued for the email worker (tracker/outbox.py).

Each email names what happened and links straight to the page where the reader acts on it.
Services call these after their transaction commits; nothing here waits on the mail server.
Emails are plain text: their templates never HTML-escape, and a subject is one line whatever
the names in it hold.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.models import Role, User
from tracker.outbox import header_safe, queue
from tracker.passwords import invitation_link

from .models import Officer, ProgressUpdate, ProposedAction, Recommendation, ReportingPeriod
from .work import work_items

EDITABLE = ProgressUpdate.EDITABLE_STATES


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def update_form_url(recommendation: Recommendation, action: ProposedAction | None = None) -> str:
    """The update form of a recommendation, or of one of its actions."""
    if action is not None:
        path = reverse(
            "recommendations:action-update", kwargs={"ref": recommendation.ref, "position": action.position}
        )
    else:
        path = reverse("recommendations:recommendation-update", kwargs={"ref": recommendation.ref})
    return absolute(path)


def _message(template: str, context: dict, recipients: list[str]) -> EmailMessage | None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    context = {"service_name": settings.SERVICE_NAME, **context}
    subject = header_safe(render_to_string(f"emails/{template}_subject.txt", context))
    body = render_to_string(f"emails/{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def send(messages: list[EmailMessage]) -> int:
    """Queue prepared emails for the worker; how many were queued."""
    return queue(messages) if messages else 0


def _send(template: str, context: dict, recipients: list[str]) -> int:
    message = _message(template, context, recipients)
    return send([message]) if message else 0


def _officers_with_accounts(period: ReportingPeriod):
    led = Q(led_recommendations__review_id=period.review_id) | Q(
        actions__recommendation__review_id=period.review_id
    )
    return (
        Officer.objects.filter(led, user__isnull=False, user__is_active=True)
        .select_related("user")
        .distinct()
        .order_by("name")
    )


def _officer_messages(
    period: ReportingPeriod, template: str, *, outstanding_only: bool, today
) -> list[EmailMessage]:
    messages = []
    for officer in _officers_with_accounts(period):
        items = work_items(officer, period, today=today)
        if outstanding_only:
            items = [item for item in items if item.update is None or item.update.state in EDITABLE]
        if items:
            links = [(str(item), update_form_url(item.recommendation, item.action)) for item in items]
            context = {
                "period": period,
                "officer": officer,
                "items": links,
                "my_work": absolute(reverse("recommendations:my-work")),
            }
            messages.append(_message(template, context, [officer.user.email]))
    return [message for message in messages if message]


def quarter_opened(period: ReportingPeriod) -> int:
    """Tell each officer with items due that the quarter is open."""
    return send(
        _officer_messages(period, "quarter_opened", outstanding_only=False, today=timezone.localdate())
    )


def reminder_now(period: ReportingPeriod, officer, items) -> EmailMessage | None:
    """The reminder the coordinator sends an officer now, about their outstanding items."""
    links = [(str(item), update_form_url(item.recommendation, item.action)) for item in items]
    context = {
        "period": period,
        "officer": officer,
        "items": links,
        "my_work": absolute(reverse("recommendations:my-work")),
    }
    return _message("reminder", context, [officer.user.email])


def reminder_messages(period: ReportingPeriod, *, today) -> list[EmailMessage]:
    """Reminders for items with no update submitted for the period yet, ready to send."""
    return _officer_messages(period, "reminder", outstanding_only=True, today=today)


def update_submitted(update: ProgressUpdate) -> int:
    """Tell the coordinators an update waits for review."""
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("email", flat=True)
    link = absolute(reverse("recommendations:review-update", kwargs={"pk": update.pk}))
    return _send("update_submitted", {"update": update, "link": link}, list(coordinators))


def update_returned(update: ProgressUpdate) -> int:
    """Tell the author their update was returned, and why."""
    if update.author is None:
        return 0
    link = update_form_url(update.recommendation, update.action)
    return _send("update_returned", {"update": update, "link": link}, [update.author.email])


def update_accepted(update: ProgressUpdate) -> int:
    """Tell whoever the update is from that it was accepted: its author, or the officer the
    coordinator entered it for (if they have an account); not the coordinator who accepted it."""
    recipients = []
    if update.on_behalf_of_id and update.on_behalf_of.user_id and update.on_behalf_of.user.is_active:
        recipients.append(update.on_behalf_of.user.email)
    elif update.author is not None and update.author_id != update.reviewed_by_id:
        recipients.append(update.author.email)
    link = absolute(
        reverse("recommendations:recommendation-detail", kwargs={"ref": update.recommendation.ref})
    )
    return _send("update_accepted", {"update": update, "link": link}, recipients)


def question_asked(question) -> int:
    """Tell the recommendation's lead officers a panel member asked a question."""
    recommendation = question.recommendation
    officers = Officer.objects.filter(
        Q(led_recommendations=recommendation) | Q(actions__recommendation=recommendation),
        user__isnull=False,
        user__is_active=True,
    ).distinct()
    link = absolute(reverse("recommendations:recommendation-detail", kwargs={"ref": recommendation.ref}))
    return _send(
        "question_asked",
        {"question": question, "link": f"{link}#questions"},
        [officer.user.email for officer in officers.select_related("user")],
    )


def question_answered(question) -> int:
    """Tell the panel member their question was answered."""
    link = absolute(
        reverse("recommendations:recommendation-detail", kwargs={"ref": question.recommendation.ref})
    )
    return _send(
        "question_answered", {"question": question, "link": f"{link}#questions"}, [question.asked_by.email]
    )


def invitation_send(*, account: User, by: User) -> int:
    """Invite a new account's person to set their password and sign in."""
    officer = getattr(account, "officer", None)
    context = {
        "account": account,
        "by": by,
        "officer": officer,
        "link": invitation_link(account),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        "sign_in": absolute(reverse("login")),
    }
    return _send("invitation", context, [account.email])
