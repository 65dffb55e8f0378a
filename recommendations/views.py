from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from panels.models import Finding, PanelRecommendation, PanelReport
from tracker.permissions import (
    can_answer_question,
    can_ask_questions,
    can_assign_lead_officers,
    can_manage_periods,
    can_review_updates,
    can_write_update,
    officer_of,
    require,
    role_required,
)
from tracker.public import is_public_view

from . import services
from .dashboard import dashboard_for
from .exports import write_appendix_csv
from .filters import REPORT_ORDER, QuarterForm, RecommendationFilter
from .forms import (
    AnswerForm,
    LeadOfficerForm,
    ProgressUpdateForm,
    QuestionForm,
    ReportingPeriodOpenForm,
    UpdateAcceptForm,
    UpdateReturnForm,
    officer_label,
)
from .models import (
    EvidenceFile,
    ProgressUpdate,
    ProposedAction,
    Question,
    Recommendation,
    ReportingPeriod,
    Review,
    Status,
)
from .public import offer_only_published_lead_officers, public_timeline
from .reviewing import compare_update, update_history
from .slippage import action_slippage
from .timeline import recommendation_timeline
from .versions import version_comparison
from .work import work_items


class RecommendationListView(FilterView):
    """The recommendations, filtered and sorted (`filters.RecommendationFilter`), now or as they
    stood at the end of a quarter (`?as_at=`); grouped by theme in report order when sorted so.

    A bad parameter shows its error and no recommendations, never a list that only looks filtered.
    """

    model = Recommendation
    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        # One review in practice: its figures and its quarters; with several, neither is ambiguous.
        reviews = list(Review.objects.all()[:2])
        self.review = reviews[0] if len(reviews) == 1 else None
        self.quarter_form = QuarterForm(request.GET, review=self.review)
        self.snapshot = self.quarter_form.snapshot()
        self.filterset = self.get_filterset(self.get_filterset_class())
        if is_public_view(request):
            offer_only_published_lead_officers(self.filterset)
        self.is_valid = self.filterset.is_valid() and self.quarter_form.is_valid()
        return self.respond()

    def respond(self):
        self.object_list = self.filterset.qs if self.is_valid else self.filterset.queryset.none()
        return self.render_to_response(self.get_context_data(filter=self.filterset))

    def get_queryset(self):
        recommendations = Recommendation.objects if self.snapshot is None else self.snapshot.recommendations()
        return recommendations.order_by(*REPORT_ORDER)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so no parameters at all is a valid (empty) choice of filters.
        kwargs["data"] = self.request.GET
        public = is_public_view(self.request)
        return {**kwargs, "snapshot": self.snapshot, "today": timezone.localdate(), "public": public}

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, never an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendations = list(context["object_list"])
        prefetch_related_objects(recommendations, "theme")
        page = context["page_obj"]
        context.update(
            recommendations=recommendations,
            count=page.paginator.count,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            quarter_form=self.quarter_form,
            snapshot=self.snapshot,
            errors=form_error_links(self.filterset.form) + form_error_links(self.quarter_form),
            **_list_queries(self.request.GET),
        )
        if self.review is not None:
            review = self.review
            context["review"] = review
            # The report's own completion figure sits beside the record's (now, or as it stood).
            context["stated_report"] = PanelReport.objects.stating_completion_for(review).first()
            context["recorded_completed"] = self.get_queryset().for_review(review).completed().count()
        return context


class RecommendationExportView(RecommendationListView):
    """The list as filtered, as CSV: Appendix 1's columns, one row per proposed action."""

    def respond(self):
        if not self.is_valid:
            # The list page shows what is wrong with the parameters.
            list_url = reverse("recommendations:recommendation-list")
            return redirect(f"{list_url}?{self.request.GET.urlencode()}")
        recommendations = self.filterset.qs
        if self.snapshot is not None:
            recommendations = self.snapshot.with_themes_and_actions(recommendations)
        response = HttpResponse(
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="recommendations.csv"'},
        )
        write_appendix_csv(response, recommendations)
        return response


def _list_queries(params) -> dict:
    """The list's links, each keeping the parameters it should: pages, quarters, clearing, CSV."""

    def without(*names):
        kept = params.copy()
        for name in names:
            kept.pop(name, None)
        return kept

    as_at = params.get("as_at", "")
    return {
        "page_query": without("page").urlencode(),
        "now_query": without("page", "as_at").urlencode(),
        "clear_query": f"as_at={as_at}" if as_at else "",
        "export_query": without("page").urlencode(),
        "quarter_hidden": [
            (name, value) for name, values in without("page", "as_at").lists() for value in values
        ],
    }


class RecommendationDetailView(DetailView):
    """One recommendation: its text, assignment, actions, cross-references and timeline."""

    model = Recommendation

    def get_queryset(self):
        return Recommendation.objects.select_related("review", "theme", "lead_officer").prefetch_related(
            *_recommendation_page_relations(),
            Prefetch(
                "actions",
                queryset=ProposedAction.objects.prefetch_related("lead_officers").order_by("position"),
            ),
        )

    def get_object(self, queryset=None):
        # One review exists in practice, so a ref names one recommendation; should a second
        # review repeat a ref, the first review's is shown rather than failing.
        queryset = self.get_queryset() if queryset is None else queryset
        recommendation = queryset.numbered(self.kwargs["ref"])
        if recommendation is None:
            raise Http404("No recommendation has that number.")
        return recommendation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_public_view(self.request):
            # Accepted progress only: no questions, workflow moves or names (tracker/public.py).
            context["timeline"] = public_timeline(self.object)
            return context | _as_at_and_slippage(self.request, self.object, context)
        context.update(questions_and_timeline(self.request, self.object, **kwargs))
        context["may_assign_lead_officer"] = can_assign_lead_officers(self.request.user)
        return context | _as_at_and_slippage(self.request, self.object, context)


def _recommendation_page_relations(*, published_by=None) -> list[Prefetch]:
    """What the recommendation page shows beside its record: cross-references both ways, the
    panel's findings on it (with their report) and the panel recommendations concerning it; only
    those of reports published by `published_by`, when given (the page as at a quarter)."""
    in_ref_order = Recommendation.objects.order_by("ref")
    # Report by report; in each, the highlights before the areas of concern, as on the panel page.
    findings = Finding.objects.select_related("report").order_by(
        "report__published", "report_id", "-kind", "number"
    )
    panel_recommendations = PanelRecommendation.objects.select_related("report").in_action_plan_order()
    if published_by is not None:
        findings = findings.filter(report__published__lte=published_by)
        panel_recommendations = panel_recommendations.filter(report__published__lte=published_by)
    return [
        Prefetch("cross_references", queryset=in_ref_order),
        Prefetch("referred_to_by", queryset=in_ref_order),
        Prefetch("findings", queryset=findings),
        Prefetch("panel_recommendations", queryset=panel_recommendations),
    ]


def _as_at_and_slippage(request, recommendation, context) -> dict:
    """The recommendation page now, or as it stood at the end of a quarter (`?as_at=`: the record
    and its actions then, the timeline up to then), with each action's timescales over time."""
    quarter_form = QuarterForm(request.GET, review=recommendation.review)
    snapshot = quarter_form.snapshot()
    today = timezone.localdate()
    page = {
        "quarter_form": quarter_form,
        "snapshot": snapshot,
        "page_errors": context.get("page_errors", []) + form_error_links(quarter_form),
        "now_query": _list_queries(request.GET)["now_query"],
    }
    if snapshot is not None:
        page["timeline"] = snapshot.timeline(context["timeline"])
        then = snapshot.recommendation(recommendation.pk)
        if then is None:
            page["not_yet_recorded"] = True
        else:
            relations = _recommendation_page_relations(published_by=snapshot.period.ends)
            prefetch_related_objects([then], *relations)
            recommendation = page["object"] = page["recommendation"] = then
    page["slippage"] = action_slippage(
        recommendation.actions.all(),
        on=min(snapshot.period.ends, today) if snapshot else today,
        until=snapshot.moment if snapshot else None,
    )
    return page


def dashboard(request):
    """The review at a glance, now or (`?as_at=<quarter>`) as at the end of a quarter."""
    review = Review.objects.order_by("pk").first()  # one review in practice
    if review is None:
        return render(request, "recommendations/dashboard.html", {"dashboard": None})
    form = QuarterForm(request.GET, review=review)  # the list's quarter selector
    as_at = form.cleaned_data["as_at"] if form.is_valid() else None
    figures = dashboard_for(review, as_at=as_at, today=timezone.localdate(), public=is_public_view(request))
    return render(
        request,
        "recommendations/dashboard.html",
        {"dashboard": figures, "form": form, "errors": form_error_links(form)},
    )


# Questions to the lead officer ------------------------------------------------------------


def answer_form_prefix(question) -> str:
    return f"question-{question.pk}"


def questions_and_timeline(
    request, recommendation, *, question_form=None, answer_form=None, **kwargs
) -> dict:
    """The recommendation page's questions (with the forms the user may use) and its timeline.

    `question_form` / `answer_form` are bound forms that failed, shown with their errors.
    """
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
    errors = []
    for form in (question_form, answer_form):
        if form is not None and form.is_bound:
            errors += [
                (f"#{form[name].id_for_label}" if name != NON_FIELD_ERRORS else "#questions", message)
                for name, messages_ in form.errors.items()
                for message in messages_
            ]
    return {
        "questions": questions,
        "may_ask": may_ask,
        "question_form": question_form,
        "page_errors": errors,
        "timeline": recommendation_timeline(recommendation, questions=questions),
    }


def _recommendation_page(request, recommendation, **forms):
    """The recommendation page again, showing a failed form with its errors."""
    view = RecommendationDetailView()
    view.setup(request, ref=recommendation.ref)
    view.object = view.get_queryset().get(pk=recommendation.pk)
    return view.render_to_response(view.get_context_data(object=view.object, **forms))


def _question_sent(message: str, question) -> str:
    # Back to the top of the page, where the success banner takes the focus and is announced
    # (a #fragment would scroll away from it); the banner links on to the question itself.
    return format_html(
        '{} <a class="govuk-notification-banner__link" href="#question-{}">See the question</a>',
        message,
        question.pk,
    )


def _add_refusal(form, error: services.WorkflowError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_POST
def question_ask(request, ref):
    """A panel member puts a question to the recommendation's lead officer."""
    recommendation = Recommendation.objects.numbered(ref)
    if recommendation is None:
        raise Http404("No recommendation has that number.")
    require(can_ask_questions(request.user))
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.question_ask(
                recommendation=recommendation, by=request.user, text=form.cleaned_data["text"]
            )
        except services.WorkflowError as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _question_sent("Your question was sent to the lead officer.", question))
            return redirect(recommendation.get_absolute_url())
    return _recommendation_page(request, recommendation, question_form=form)


@require_POST
def question_answer(request, pk):
    """The lead officer answers a question on a recommendation they lead."""
    question = get_object_or_404(Question.objects.select_related("recommendation", "asked_by"), pk=pk)
    require(can_answer_question(request.user, question))
    form = AnswerForm(request.POST, prefix=answer_form_prefix(question))
    if form.is_valid():
        try:
            services.question_answer(question=question, by=request.user, answer=form.cleaned_data["answer"])
        except services.WorkflowError as error:
            _add_refusal(form, error)
        else:
            sent = _question_sent(f"Your answer was sent to {question.asked_by}.", question)
            messages.success(request, sent)
            return redirect(question.recommendation.get_absolute_url())
    return _recommendation_page(request, question.recommendation, answer_form=form)


# Comparing two versions ---------------------------------------------------------------------


class RecommendationCompareView(DetailView):
    """Every field that differs between two recorded versions of a recommendation, or of one of
    its proposed actions (`?action=<position>`); long text word by word."""

    model = Recommendation
    template_name = "recommendations/recommendation_compare.html"
    get_object = RecommendationDetailView.get_object  # the same ref, the same recommendation

    def get_queryset(self):
        return Recommendation.objects.select_related("review", "theme").prefetch_related(
            Prefetch("actions", queryset=ProposedAction.objects.order_by("position"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(version_comparison(self.object, self.request.GET))
        return context


# Officers' quarterly updates ---------------------------------------------------------------


def my_work(request):
    """What the signed-in officer leads, and where each update for the open quarter stands."""
    officer = officer_of(request.user)
    # One review in practice: the quarter open for it, if any.
    period = ReportingPeriod.objects.open().select_related("review").order_by("review_id").first()
    items = work_items(officer, period, today=timezone.localdate()) if officer and period else []
    context = {
        "officer": officer,
        "period": period,
        "items": items,
        "sent_count": sum(not item.needs_update for item in items),
    }
    return render(request, "recommendations/work_item_list.html", context)


def _update_target(ref, position):
    """The recommendation (found by its number as its page finds it) and, if given, its action."""
    recommendation = Recommendation.objects.select_related("review").numbered(ref)
    if recommendation is None:
        raise Http404("No recommendation has that number.")
    if position is None:
        return recommendation, None
    action = get_object_or_404(ProposedAction, recommendation=recommendation, position=position)
    action.recommendation = recommendation
    return recommendation, action


def _update_in(period, recommendation, action):
    """The update on the recommendation (or action) for the period, if one was started."""
    if period is None:
        return None
    return (
        ProgressUpdate.objects.filter(period=period, recommendation=recommendation, action=action)
        .select_related("reviewed_by")
        .prefetch_related("evidence_files")
        .first()
    )


def _update_page_context(*, recommendation, action, period, update) -> dict:
    """What the update pages show above the form: the work, its last accepted update, the evidence."""
    last_accepted = (
        ProgressUpdate.objects.accepted()
        .filter(recommendation=recommendation, action=action)
        .exclude(pk=update.pk if update else None)
        .select_related("period")
        .order_by("-period__ends", "-pk")
        .first()
    )
    return {
        "recommendation": recommendation,
        "action": action,
        "subject": str(action or recommendation),
        "period": period,
        "update": update,
        "last_accepted": last_accepted,
        "evidence_files": list(update.evidence_files.all()) if update else [],
    }


def _save_and_submit(form, *, by, recommendation, action, period):
    """Save the update and, if asked, submit it: (the update, None), or on a refusal (None, what the
    page needs to show it). A refused submit leaves the draft saved; the form then carries its
    new version, as it carries the newer version after a conflict, so the next save succeeds."""
    try:
        update = services.progress_update_save(
            recommendation=recommendation,
            action=action,
            period=period,
            by=by,
            evidence_files=form.cleaned_data["evidence_files"],
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )
    except services.ConflictError as conflict:
        form.refuse(conflict, files_saved=False)
        form.carry_version(conflict.current.version)
        return None, {"their_version": conflict.current}
    except services.WorkflowError as error:
        form.refuse(error, files_saved=False)
        return None, {}
    if not form.submitting:
        return update, None
    try:
        return services.progress_update_submit(update=update, by=by, expected_version=update.version), None
    except services.ConflictError as conflict:
        form.refuse(conflict, files_saved=True)
        form.carry_version(conflict.current.version)
        return None, {"their_version": conflict.current, "saved_as_draft": True}
    except services.WorkflowError as error:
        form.refuse(error, files_saved=True)
        form.carry_version(update.version)
        return None, {"saved_as_draft": True}


def _saved_message(update, subject: str) -> str:
    if update.state == ProgressUpdate.State.SUBMITTED:
        return f"Your update on {subject} was submitted. The programme coordinator will review it."
    if update.state == ProgressUpdate.State.RETURNED:
        return (
            f"Your changes to the returned update on {subject} were saved. "
            "Submit it for review when it is ready."
        )
    return f"Your update on {subject} was saved as a draft. It is not sent for review until you submit it."


def progress_update_edit(request, ref, position=None):
    """The open quarter's update on a recommendation or one of its actions: save it as a draft or
    submit it for review. With no quarter open, or once submitted, the update is read-only."""
    recommendation, action = _update_target(ref, position)
    require(can_write_update(request.user, recommendation, action))
    target = {"recommendation": recommendation, "action": action}
    period = ReportingPeriod.objects.open().filter(review_id=recommendation.review_id).first()
    if period is None:
        closed = (
            ReportingPeriod.objects.closed()
            .filter(review_id=recommendation.review_id)
            .order_by("-ends")
            .first()
        )
        return _read_only_update_page(request, **target, period=closed, quarter_open=False)
    update = _update_in(period, recommendation, action)
    if update is not None and not update.is_editable:
        return _read_only_update_page(request, **target, period=period, quarter_open=True)

    if request.method != "POST":
        form = ProgressUpdateForm(initial=ProgressUpdateForm.initial_for(update))
        return _update_form_page(request, form, **target, period=period)
    form = ProgressUpdateForm(request.POST, request.FILES)
    refusal = {}
    if form.is_valid():
        update, refusal = _save_and_submit(form, by=request.user, **target, period=period)
        if update is not None:
            messages.success(request, _saved_message(update, str(action or recommendation)))
            return redirect("recommendations:my-work")
    return _update_form_page(request, form, **target, period=period, **refusal)


def _update_form_page(
    request, form, *, recommendation, action, period, their_version=None, saved_as_draft=False
):
    # Read again: a refused submit or someone else's save may have changed it since the form was bound.
    update = _update_in(period, recommendation, action)
    context = _update_page_context(recommendation=recommendation, action=action, period=period, update=update)
    context.update(
        form=form,
        errors=form.error_links(non_field_anchor="#their-version" if their_version else "#update-form"),
        saved_as_draft=saved_as_draft,
        their_version=their_version,
        their_save=their_version.history.select_related("history_user").first() if their_version else None,
        your_version=form.entered_update() if their_version else None,
    )
    return render(request, "recommendations/progressupdate_form.html", context)


def _read_only_update_page(request, *, recommendation, action, period, quarter_open: bool):
    """The update as saved, with why it cannot be changed; a POST is refused (403), and what was
    typed is shown back so it is not lost."""
    update = _update_in(period, recommendation, action)
    context = _update_page_context(recommendation=recommendation, action=action, period=period, update=update)
    posted = request.method == "POST"
    context.update(
        quarter_open=quarter_open,
        refused=posted,
        entered=ProgressUpdateForm(request.POST).entered_update() if posted else None,
    )
    return render(
        request, "recommendations/progressupdate_detail.html", context, status=403 if posted else 200
    )


@login_required
def evidence_download(request, pk):
    """An evidence file, to signed-in users only, always as a download (never shown inline)."""
    evidence = get_object_or_404(EvidenceFile, pk=pk)
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The evidence file is missing.") from missing
    response = FileResponse(stream, as_attachment=True, filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Reporting quarters -------------------------------------------------------------------------


class ReportingPeriodListView(ListView):
    """Every reporting quarter: its days, deadline and state, and its updates counted by state."""

    model = ReportingPeriod

    def get_queryset(self):
        return (
            ReportingPeriod.objects.select_related("review")
            .with_update_counts()
            .order_by("review__name", "-ends")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_manage_periods"] = can_manage_periods(self.request.user)
        context["may_review_updates"] = can_review_updates(self.request.user)
        return context


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_open(request):
    """The coordinator opens a quarter for updates; officers with updates due are emailed."""
    form = ReportingPeriodOpenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            period = services.reporting_period_open(by=request.user, **form.cleaned_data)
        except services.WorkflowError as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request, f"{period.name} is open for updates. Officers with updates due have been emailed."
            )
            return redirect("recommendations:period-list")
    return render(
        request, "recommendations/reportingperiod_open.html", {"form": form, "errors": form_error_links(form)}
    )


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_close(request, pk):
    """Asks the coordinator to confirm, then closes the quarter; refused while updates wait."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("review").with_update_counts(), pk=pk)
    errors = []
    if request.method == "POST":
        try:
            services.reporting_period_close(period=period, by=request.user)
        except services.WorkflowError as error:
            # Updates waiting for review are what stops a close: the summary links to them.
            anchor = reverse("recommendations:review-queue") if period.submitted_count else "#main-content"
            errors = [(anchor, error.message)]
        else:
            messages.success(request, f"{period.name} is closed: its updates can no longer be changed.")
            return redirect("recommendations:period-list")
    return render(request, "recommendations/reportingperiod_close.html", {"period": period, "errors": errors})


def form_error_links(form, *, non_field_anchor="#main-content") -> list[tuple[str, str]]:
    """A failed form's errors for the error summary, each linking to the field it concerns
    (errors of the whole form link to `non_field_anchor`)."""
    if form is None or not form.is_bound:
        return []
    links = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            anchor = non_field_anchor
        else:
            anchor = f"#{form[name].id_for_label or form[name].auto_id}"
        links += [(anchor, message) for message in errors]
    return links


# Lead officers ------------------------------------------------------------------------------


@role_required(can_assign_lead_officers)
@require_http_methods(["GET", "POST"])
def lead_officer_assign(request, ref):
    """The coordinator assigns a recommendation's lead officer, or removes it."""
    recommendation = Recommendation.objects.select_related("lead_officer").numbered(ref)
    if recommendation is None:
        raise Http404("No recommendation has that number.")
    if request.method == "POST":
        form = LeadOfficerForm(request.POST)
        if form.is_valid():
            try:
                recommendation = services.recommendation_assign_lead_officer(
                    recommendation=recommendation,
                    officer=form.cleaned_data["officer"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except services.ConflictError as conflict:
                recommendation = conflict.current
                form.show_newer_version(recommendation, _lead_officer_conflict(recommendation))
            else:
                officer = form.cleaned_data["officer"]
                messages.success(
                    request,
                    f"{officer_label(officer)} now leads recommendation {ref}."
                    if officer
                    else f"Recommendation {ref} no longer has a lead officer.",
                )
                return redirect(recommendation)
    else:
        form = LeadOfficerForm(
            initial={"officer": recommendation.lead_officer_id, "version": recommendation.version}
        )
    return render(
        request,
        "recommendations/recommendation_lead_officer.html",
        {
            "recommendation": recommendation,
            "current_lead_officer": officer_label(recommendation.lead_officer)
            if recommendation.lead_officer
            else "",
            "form": form,
            "errors": form_error_links(form),
        },
    )


def _lead_officer_conflict(recommendation) -> str:
    """Who changed the recommendation while the coordinator was choosing, and who leads it now."""
    latest = recommendation.history.select_related("history_user").first()
    who = str(latest.history_user) if latest is not None and latest.history_user_id else "Someone else"
    now = officer_label(recommendation.lead_officer) if recommendation.lead_officer else "no lead officer"
    return (
        f"{who} changed recommendation {recommendation.ref} while you were choosing: "
        f"its lead officer is now {now}. Choose again."
    )


# Reviewing updates --------------------------------------------------------------------------


@method_decorator(role_required(can_review_updates), name="dispatch")
class ReviewQueueView(ListView):
    """Submitted updates waiting for the coordinator, oldest first, whatever their quarter."""

    template_name = "recommendations/progressupdate_queue.html"
    context_object_name = "updates"

    def get_queryset(self):
        return (
            ProgressUpdate.objects.awaiting_review()
            .select_related("recommendation", "action", "author", "period")
            .order_by("submitted_at", "pk")
        )


REVIEW_DECISIONS = {
    "accept": (UpdateAcceptForm, services.progress_update_accept),
    "return": (UpdateReturnForm, services.progress_update_return),
}


@role_required(can_review_updates)
@require_http_methods(["GET", "POST"])
def review_update(request, pk):
    """One update beside what went before; while submitted, the forms to accept or return it."""
    update = _update_to_review(pk)
    failed_form, errors = None, []
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in REVIEW_DECISIONS:
            return HttpResponseBadRequest("Choose to accept or to return the update.")
        form_class, decide = REVIEW_DECISIONS[decision]
        form = form_class(request.POST, prefix=decision)
        if form.is_valid():
            choices = dict(form.cleaned_data)
            try:
                reviewed = decide(
                    update=update, by=request.user, expected_version=choices.pop("version"), **choices
                )
            except services.ConflictError:
                # Returned, revised and resubmitted since the page was opened: show what is there now.
                errors = [("#what-it-reports", STALE_REVIEW)]
            except services.WorkflowError as error:
                _add_refusal(form, error)
                failed_form = form
            else:
                messages.success(request, _reviewed_message(reviewed))
                return redirect("recommendations:review-queue")
            # Refused: someone may have reviewed it meanwhile, so show the update as it is now.
            update = _update_to_review(pk)
        else:
            failed_form = form
    forms_by_decision = {
        decision: failed_form
        if failed_form is not None and failed_form.prefix == decision
        else form_class(prefix=decision, initial={"version": update.version})
        for decision, (form_class, _) in REVIEW_DECISIONS.items()
    }
    return render(
        request,
        "recommendations/progressupdate_review.html",
        {
            "update": update,
            "comparison": compare_update(update),
            "history": update_history(update),
            "accept_form": forms_by_decision["accept"],
            "return_form": forms_by_decision["return"],
            "errors": errors or form_error_links(failed_form, non_field_anchor="#about-the-update"),
            "is_completion_claim": update.status == Status.COMPLETED,
        },
    )


STALE_REVIEW = (
    "This update was revised and submitted again while you were reviewing it. "
    "Nothing was changed: review it again as it is now."
)


def _update_to_review(pk):
    return get_object_or_404(
        ProgressUpdate.objects.select_related("recommendation", "action", "period", "author", "reviewed_by"),
        pk=pk,
    )


def _reviewed_message(update) -> str:
    subject = f"the {update.period.name} update on recommendation {update.recommendation.ref}"
    if update.action_id:
        subject += f", proposed action {update.action.position}"
    if update.state == ProgressUpdate.State.ACCEPTED:
        status = update.get_status_display().lower()
        return f"You accepted {subject}. The official record now shows it as {status}."
    to_whom = f" to {update.author}" if update.author else ""
    return f"You returned {subject}{to_whom}, with your reason."
