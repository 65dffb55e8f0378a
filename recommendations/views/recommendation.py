"""A recommendation's page (now or as at a quarter) and the questions asked on it."""

from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView

from tracker.errors import WorkflowError
from tracker.permissions import (
    can_answer_question,
    can_ask_questions,
    can_assign_lead_officers,
    can_write_update,
    require,
)
from tracker.public import is_public_view

from .. import services
from ..forms import AnswerForm, QuestionForm
from ..models import ProposedAction, Question, Recommendation, ReportingPeriod
from ..public import public_timeline
from ..reviews import in_review, recommendation_in
from ..rollup import rollup_of
from ..sections import RECOMMENDATION_PAGE, sections_for
from ..slippage import action_slippage
from ..timeline import recommendation_timeline
from .mixins import QuarterChoiceMixin, RecommendationMixin, query_without


@method_decorator(require_safe, name="dispatch")
class RecommendationDetailView(RecommendationMixin, QuarterChoiceMixin, DetailView):
    """One recommendation: its text, assignment, actions, cross-references and timeline, now or as
    it stood at the end of a quarter (`?as_at=`: the record and its actions then, the timeline up
    to then), with each action's timescales over time."""

    model = Recommendation

    def get_queryset(self):
        # Its cross-references and actions are read once the page knows which record it shows: as
        # at a quarter, the record then (`get_context_data`), not the current one as well.
        return Recommendation.objects.select_related("review", "theme", "lead_officer")

    def get_context_data(self, *, question_form=None, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.object
        self.choose_quarter(recommendation.review)
        then = self.snapshot.recommendation(recommendation.pk) if self.snapshot is not None else None
        if then is None:
            prefetch_related_objects([recommendation], *cross_references(), current_actions())
        public = is_public_view(self.request)
        if public:
            # Accepted progress only: no questions, workflow moves or names (tracker/public.py).
            context["timeline"] = public_timeline(recommendation)
            errors = []
        else:
            context.update(questions_on(self.request, recommendation, question_form, answer_form))
            context["timeline"] = recommendation_timeline(recommendation, questions=context["questions"])
            context["may_assign_lead_officer"] = can_assign_lead_officers(self.request.user)
            if self.snapshot is None:  # as at a quarter, the page offers no update to write
                context.update(self.update_links(recommendation))
            errors = [
                link
                for form in (question_form, answer_form)
                if form is not None
                for link in form.error_links(non_field_anchor="#questions")
            ]
        today = timezone.localdate()
        context.update(
            quarter_form=self.quarter_form,
            snapshot=self.snapshot,
            errors=errors + self.quarter_form.error_links(),
            now_query=query_without(self.request.GET, "page", "as_at").urlencode(),
        )
        if self.snapshot is not None:
            context["timeline"] = self.snapshot.timeline(context["timeline"])
            if then is None:
                context["not_yet_recorded"] = True
            else:
                prefetch_related_objects([then], *cross_references())
                recommendation = context["object"] = context["recommendation"] = then
        context["rollup"] = rollup_of(recommendation.actions.all())
        context["slippage"] = action_slippage(
            recommendation.actions.all(),
            on=self.snapshot.overdue_on(today) if self.snapshot else today,
            until=self.snapshot.moment if self.snapshot else None,
        )
        context["sections"] = sections_for(
            RECOMMENDATION_PAGE, request=self.request, recommendation=recommendation, snapshot=self.snapshot
        )
        list_url = reverse("recommendations:recommendation-list", kwargs={"review": self.review.slug})
        context["breadcrumbs"] = [
            ("Recommendations", list_url),
            (recommendation.theme.name, f"{list_url}#theme-{recommendation.theme.pk}"),
        ]
        return context

    def update_links(self, recommendation) -> dict:
        """Where the user may write this quarter's update: the recommendation's, and each action's."""
        period = ReportingPeriod.objects.open().filter(review_id=recommendation.review_id).first()
        if period is None:
            return {"open_period": None}
        user = self.request.user
        for action in recommendation.actions.all():
            action.may_write_update = can_write_update(user, recommendation, action)
        return {"open_period": period, "may_write_update": can_write_update(user, recommendation)}


def cross_references() -> list[Prefetch]:
    """A recommendation's cross-references both ways, by number."""
    in_ref_order = Recommendation.objects.select_related("review").order_by("ref")
    return [
        Prefetch("cross_references", queryset=in_ref_order),
        Prefetch("referred_to_by", queryset=in_ref_order),
    ]


def current_actions() -> Prefetch:
    """A recommendation's proposed actions as they are now, in order, with their lead officers."""
    return Prefetch(
        "actions", queryset=ProposedAction.objects.prefetch_related("lead_officers").order_by("position")
    )


def render_recommendation_page(request, recommendation, **forms):
    """The recommendation page again, showing a failed form with its errors."""
    view = RecommendationDetailView()
    request._review_in_view = recommendation.review
    view.setup(request, review=recommendation.review.slug, ref=recommendation.ref)
    view.object = view.get_object()
    return view.render_to_response(view.get_context_data(object=view.object, **forms))


# Questions to the lead officer ------------------------------------------------------------


def answer_form_prefix(question) -> str:
    return f"question-{question.pk}"


def questions_on(request, recommendation, question_form=None, answer_form=None) -> dict:
    """The recommendation's questions, with the forms the user may use on them;
    `question_form` / `answer_form` are bound forms that failed, shown with their errors."""
    questions = list(
        recommendation.questions.select_related("asked_by", "answered_by").order_by("-asked_at", "-pk")
    )
    may_ask = can_ask_questions(request.user)
    # Who may answer depends on the recommendation, not the question: one check serves them all.
    may_answer = can_answer_question(request.user, Question(recommendation=recommendation))
    for question in questions:
        question.answer_form = None
        if may_answer and question.answered_at is None:
            failed = answer_form is not None and answer_form.prefix == answer_form_prefix(question)
            question.answer_form = answer_form if failed else AnswerForm(prefix=answer_form_prefix(question))
    if may_ask and question_form is None:
        question_form = QuestionForm()
    return {"questions": questions, "may_ask": may_ask, "question_form": question_form}


def _question_sent(message: str, question) -> str:
    # Back to the top of the page, where the success banner takes the focus and is announced
    # (a #fragment would scroll away from it); the banner links on to the question itself.
    return format_html(
        '{} <a class="govuk-notification-banner__link" href="#question-{}">See the question</a>',
        message,
        question.pk,
    )


@require_POST
@in_review
def question_ask(request, review, ref):
    """A panel member puts a question to the recommendation's lead officer."""
    recommendation = recommendation_in(review, ref)
    require(can_ask_questions(request.user))
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.question_ask(
                recommendation=recommendation, by=request.user, text=form.cleaned_data["text"]
            )
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(request, _question_sent("Your question was sent to the lead officer.", question))
            return redirect(recommendation.get_absolute_url())
    return render_recommendation_page(request, recommendation, question_form=form)


@require_POST
def question_answer(request, pk):
    """The lead officer answers a question on a recommendation they lead."""
    question = get_object_or_404(Question.objects.select_related("recommendation__review", "asked_by"), pk=pk)
    require(can_answer_question(request.user, question))
    form = AnswerForm(request.POST, prefix=answer_form_prefix(question))
    if form.is_valid():
        try:
            services.question_answer(question=question, by=request.user, answer=form.cleaned_data["answer"])
        except WorkflowError as error:
            form.refuse(error)
        else:
            sent = _question_sent(f"Your answer was sent to {question.asked_by}.", question)
            messages.success(request, sent)
            return redirect(question.recommendation.get_absolute_url())
    return render_recommendation_page(request, question.recommendation, answer_form=form)
