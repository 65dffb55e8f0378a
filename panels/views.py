from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from recommendations.reviews import ReviewMixin, in_review
from recommendations.views.mixins import NearestPageMixin
from tracker.errors import WorkflowError
from tracker.permissions import can_record_panel_recommendations, role_required

from . import services
from .forms import (
    PanelRecommendationForm,
    PanelRecommendationResponseForm,
    PanelRecommendationUpdateForm,
)
from .models import Panel, PanelRecommendation, PanelRecommendationUpdate
from .timeline import panel_recommendation_timeline


@method_decorator(require_safe, name="dispatch")
class PanelDetailView(DetailView):
    """A panel: members, meetings, the reviews it oversees, its reports and each report's
    highlights and concerns."""

    model = Panel
    template_name = "panels/panel_detail.html"
    context_object_name = "panel"

    def get_queryset(self):
        return Panel.objects.with_members_meetings_and_findings()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = self.object.reports.all()
        context["can_record"] = can_record_panel_recommendations(self.request.user)
        return context


@method_decorator(require_safe, name="dispatch")
class ReviewPanelView(ReviewMixin, TemplateView):
    """The panel overseeing a review, with its reports on that review and their findings; where
    several panels oversee it, each in turn."""

    template_name = "panels/panel_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = list(Panel.objects.with_members_meetings_and_findings().filter(reviews=self.review))
        panel = panels[0] if panels else None
        context.update(
            panel=panel,
            other_panels=panels[1:],
            reports=[report for report in panel.reports.all() if report.review_id == self.review.pk]
            if panel
            else [],
            can_record=can_record_panel_recommendations(self.request.user),
        )
        return context


def _panel_recommendations(review):
    return PanelRecommendation.objects.with_action_plan().filter(report__review=review)


@method_decorator(require_safe, name="dispatch")
class PanelRecommendationListView(ReviewMixin, NearestPageMixin, ListView):
    """The panel's own recommendations on a review, laid out like each report's Scrutiny Action
    Plan, a page at a time."""

    model = PanelRecommendation
    paginate_by = 25
    template_name = "panels/panel_recommendation_list.html"

    def get_queryset(self):
        return _panel_recommendations(self.review).in_action_plan_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_record"] = can_record_panel_recommendations(self.request.user)
        context["breadcrumbs"] = [
            ("Panel", reverse("panels:review-panel", kwargs={"review": self.review.slug}))
        ]
        return context


@method_decorator(require_safe, name="dispatch")
class PanelRecommendationDetailView(ReviewMixin, DetailView):
    """One panel recommendation: its action-plan response, progress by quarter and history."""

    model = PanelRecommendation
    template_name = "panels/panel_recommendation_detail.html"
    context_object_name = "panel_recommendation"

    def get_queryset(self):
        return _panel_recommendations(self.review)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panel_recommendation = self.object
        context["updates"] = list(
            panel_recommendation.updates.select_related("period", "recorded_by").newest_first()
        )
        context["timeline"] = panel_recommendation_timeline(panel_recommendation)
        slug = self.review.slug
        context["breadcrumbs"] = [
            ("Panel", reverse("panels:review-panel", kwargs={"review": slug})),
            (
                "Panel recommendations",
                f"{reverse('panels:panel-recommendation-list', kwargs={'review': slug})}"
                f"#report-{panel_recommendation.report_id}",
            ),
        ]
        context["can_record"] = can_record_panel_recommendations(self.request.user)
        if context["can_record"]:
            context["open_periods"] = list(self.review.reporting_periods.open().order_by("ends", "pk"))
        return context


def _render_form(request, template_name, form, **context):
    return render(request, template_name, {"form": form, "errors": form.error_links(), **context})


@role_required(can_record_panel_recommendations)
@require_http_methods(["GET", "POST"])
@in_review
def panel_recommendation_create(request, review):
    """Record one of the panel's own recommendations on the review."""
    form = PanelRecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            panel_recommendation = services.panel_recommendation_create(**form.cleaned_data, by=request.user)
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(request, f"{panel_recommendation} recorded")
            return redirect(panel_recommendation)
    return _render_form(request, "panels/panel_recommendation_form.html", form, review=review)


@role_required(can_record_panel_recommendations)
@require_http_methods(["GET", "POST"])
@in_review
def panel_recommendation_response(request, review, pk):
    """Record or revise the action-plan response to a panel recommendation."""
    panel_recommendation = get_object_or_404(_panel_recommendations(review), pk=pk)
    template_name = "panels/panel_recommendation_response_form.html"
    if request.method != "POST":
        form = PanelRecommendationResponseForm(
            initial=PanelRecommendationResponseForm.initial_from(panel_recommendation)
        )
        return _render_form(request, template_name, form, panel_recommendation=panel_recommendation)

    form = PanelRecommendationResponseForm(request.POST)
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.panel_recommendation_respond(
                panel_recommendation=panel_recommendation,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except WorkflowError as error:
            form.refuse(error)
            if form.conflict is not None:
                panel_recommendation = error.current
        else:
            messages.success(
                request, f"The response to panel recommendation {panel_recommendation.number} is saved"
            )
            return redirect(panel_recommendation)
    return _render_form(request, template_name, form, panel_recommendation=panel_recommendation)


@role_required(can_record_panel_recommendations)
@require_http_methods(["GET", "POST"])
@in_review
def panel_recommendation_progress(request, review, pk):
    """Record or revise a quarter's progress on a panel recommendation, for an open quarter."""
    panel_recommendation = get_object_or_404(_panel_recommendations(review), pk=pk)
    template_name = "panels/panel_recommendation_update_form.html"
    open_periods = list(review.reporting_periods.open().order_by("ends", "pk"))
    period = _chosen_period(request, open_periods)
    context = {"panel_recommendation": panel_recommendation, "period": period}
    if period is None:
        return render(request, template_name, {"form": None, "errors": [], **context})
    update = PanelRecommendationUpdate.objects.filter(
        panel_recommendation=panel_recommendation, period=period
    ).first()
    if request.method != "POST":
        form = PanelRecommendationUpdateForm(initial=PanelRecommendationUpdateForm.initial_from(update))
        return _render_form(request, template_name, form, update=update, **context)

    form = PanelRecommendationUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.panel_recommendation_record_update(
                panel_recommendation=panel_recommendation,
                period=period,
                by=request.user,
                narrative=form.cleaned_data["narrative"],
                status=form.cleaned_data["status"],
                rag=form.cleaned_data["rag"],
                expected_version=form.cleaned_data["version"],
            )
        except WorkflowError as error:
            form.refuse(error)
            if form.conflict is not None:
                update = error.current
        else:
            messages.success(request, f"Progress for {period.name} is saved")
            return redirect(panel_recommendation)
    return _render_form(request, template_name, form, update=update, **context)


def _chosen_period(request, open_periods):
    """The open quarter named by `?period=<id>`, or the only (or earliest-ending) open quarter."""
    chosen = request.GET.get("period", "")
    if not chosen:
        return open_periods[0] if open_periods else None
    for period in open_periods:
        if str(period.pk) == chosen:
            return period
    raise Http404("That reporting quarter is not open for this panel's updates.")
