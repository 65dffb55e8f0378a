"""The recommendation list and its CSV: filtered, sorted, now or as at a quarter."""

from django.db.models import prefetch_related_objects
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from tracker.forms import error_links
from tracker.public import is_public_view

from ..columns import NOW
from ..exports import appendix_rows, csv_lines, csv_text, in_batches, with_themes_and_actions
from ..filters import REPORT_ORDER, RecommendationFilter
from ..models import ProposedAction, Recommendation
from ..public import offer_only_published_lead_officers
from ..reviews import ReviewMixin, with_review
from ..rollup import rollups
from ..sections import RECOMMENDATION_LIST, sections_for
from .mixins import QuarterChoiceMixin, query_without


@method_decorator(require_safe, name="dispatch")
class RecommendationListView(ReviewMixin, QuarterChoiceMixin, FilterView):
    """The recommendations, filtered and sorted (`filters.RecommendationFilter`), now or as they
    stood at the end of a quarter (`?as_at=`); grouped by theme in report order when sorted so.

    A bad parameter shows its error and no recommendations, never a list that only looks filtered.
    """

    model = Recommendation
    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        self.choose_quarter(self.review)
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
        return recommendations.for_review(self.review).order_by(*REPORT_ORDER)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so no parameters at all is a valid (empty) choice of filters.
        kwargs["data"] = self.request.GET
        public = is_public_view(self.request)
        return {
            **kwargs,
            "review": self.review,
            "snapshot": self.snapshot,
            "today": timezone.localdate(),
            "public": public,
        }

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, never an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendations = with_review(list(context["object_list"]), self.review)
        prefetch_related_objects(recommendations, "theme")
        # What each one's actions say, beside its own status (derived: one query for the page).
        ids = [recommendation.pk for recommendation in recommendations]
        if self.snapshot is None:
            actions = ProposedAction.objects.filter(recommendation_id__in=ids)
        else:
            actions = self.snapshot.actions_of_ids(ids)
        by_recommendation = rollups(actions)
        for recommendation in recommendations:
            recommendation.rollup = by_recommendation.get(recommendation.pk)
        page = context["page_obj"]
        context.update(
            recommendations=recommendations,
            count=page.paginator.count,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            quarter_form=self.quarter_form,
            snapshot=self.snapshot,
            errors=error_links(self.filterset.form) + self.quarter_form.error_links(),
            **list_links(self.request.GET),
        )
        recorded_completed = self.get_queryset().completed().count()
        context["recorded_completed"] = recorded_completed
        context["sections"] = sections_for(
            RECOMMENDATION_LIST,
            request=self.request,
            review=self.review,
            snapshot=self.snapshot,
            recorded_completed=recorded_completed,
        )
        return context


class RecommendationExportView(RecommendationListView):
    """The list as filtered, as CSV: Appendix 1's columns, one row per proposed action.

    Streamed as it is written, the recommendations read a batch at a time, so a long list never
    sits whole in memory.
    """

    def respond(self):
        if not self.is_valid:
            # The list page shows what is wrong with the parameters.
            list_url = reverse("recommendations:recommendation-list", kwargs={"review": self.review.slug})
            return redirect(f"{list_url}?{self.request.GET.urlencode()}")
        if self.snapshot is None:
            quarter, read = NOW, with_themes_and_actions
        else:
            quarter, read = self.snapshot.period.name, self.snapshot.with_themes_and_actions_by_id
        recommendations = in_batches(self.filterset.qs, read)
        return StreamingHttpResponse(
            csv_text(csv_lines(appendix_rows(recommendations), quarter=quarter)),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{self.review.slug}-recommendations.csv"'},
        )


def list_links(params) -> dict:
    """The list's links, each keeping the parameters it should: pages, quarters, clearing, CSV."""
    as_at = params.get("as_at", "")
    return {
        "page_query": query_without(params, "page").urlencode(),
        "now_query": query_without(params, "page", "as_at").urlencode(),
        "clear_query": f"as_at={as_at}" if as_at else "",
        "export_query": query_without(params, "page").urlencode(),
        "quarter_hidden": [
            (name, value)
            for name, values in query_without(params, "page", "as_at").lists()
            for value in values
        ],
    }
