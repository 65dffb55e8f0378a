from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView, ListView

from panels.models import PanelReport

from .models import ProposedAction, Recommendation, Review
from .timeline import recommendation_timeline


class RecommendationListView(ListView):
    """Every recommendation, grouped by theme in report order."""

    model = Recommendation

    def get_queryset(self):
        return Recommendation.objects.select_related("review", "theme").order_by(
            "review__name", "theme__position", "ref"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The report's own completion figure sits beside the record's only when the page is
        # about one review (as it is in practice); with several, it would be ambiguous.
        reviews = list(Review.objects.all()[:2])
        if len(reviews) == 1:
            review = reviews[0]
            context["review"] = review
            context["stated_report"] = PanelReport.objects.stating_completion_for(review).first()
            context["recorded_completed"] = Recommendation.objects.for_review(review).completed().count()
        return context


class RecommendationDetailView(DetailView):
    """One recommendation: its text, assignment, actions, cross-references and timeline."""

    model = Recommendation

    def get_queryset(self):
        in_ref_order = Recommendation.objects.order_by("ref")
        return Recommendation.objects.select_related("review", "theme", "lead_officer").prefetch_related(
            Prefetch("cross_references", queryset=in_ref_order),
            Prefetch("referred_to_by", queryset=in_ref_order),
            Prefetch(
                "actions",
                queryset=ProposedAction.objects.prefetch_related("lead_officers").order_by("position"),
            ),
        )

    def get_object(self, queryset=None):
        # One review exists in practice, so a ref names one recommendation; should a second
        # review repeat a ref, the first review's is shown rather than failing.
        queryset = self.get_queryset() if queryset is None else queryset
        recommendation = queryset.filter(ref=self.kwargs["ref"]).order_by("review_id").first()
        if recommendation is None:
            raise Http404("No recommendation has that number.")
        return recommendation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = recommendation_timeline(self.object)
        return context
