"""The panel's questions to a recommendation's lead officers, and their answers."""

from django.db import transaction
from django.utils import timezone

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import save_with_history

from .. import notifications
from ..models import Question, Recommendation


@transaction.atomic
def question_ask(*, recommendation: Recommendation, by: User, text: str) -> Question:
    """Put a panel member's question to the recommendation's lead officer."""
    if not text.strip():
        raise WorkflowError("Enter your question.", field="text")
    question = Question(
        recommendation=recommendation, text=text.strip(), asked_by=by, asked_at=timezone.now()
    )
    save_with_history(question, reason="Question asked", by=by)
    transaction.on_commit(lambda: notifications.question_asked(question), robust=True)
    return question


@transaction.atomic
def question_answer(*, question: Question, by: User, answer: str) -> Question:
    """Record the lead officer's answer to a question."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise WorkflowError("This question has already been answered.")
    if not answer.strip():
        raise WorkflowError("Enter your answer.", field="answer")
    question.answer = answer.strip()
    question.answered_by = by
    question.answered_at = timezone.now()
    save_with_history(question, reason="Question answered", by=by)
    transaction.on_commit(lambda: notifications.question_answered(question), robust=True)
    return question
