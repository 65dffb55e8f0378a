"""Comparing two recorded versions of a recommendation, or of one of its proposed actions."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from ..forms import VersionCompareForm
from ..models import ProposedAction, Recommendation
from ..versions import changed_fields, version_label
from .mixins import RecommendationMixin


@method_decorator(require_safe, name="dispatch")
class RecommendationCompareView(RecommendationMixin, DetailView):
    """Every field that differs between two recorded versions of a recommendation, or of one of
    its proposed actions (`?action=<position>`); long text word by word.

    Without a choice, the latest change is compared. A bad choice is an error on the page, never a
    failure.
    """

    model = Recommendation
    template_name = "recommendations/recommendation_compare.html"

    def get_queryset(self):
        return Recommendation.objects.select_related("review", "theme").prefetch_related(
            Prefetch("actions", queryset=ProposedAction.objects.order_by("position"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.object
        query = self.request.GET
        actions = list(recommendation.actions.all())
        record, action, errors = recommendation, None, []
        asked_for = query.get("action", "").strip()
        if asked_for:
            action = next((candidate for candidate in actions if str(candidate.position) == asked_for), None)
            if action is None:
                errors.append(
                    (
                        "#compare-record",
                        f"Recommendation {recommendation.ref} has no proposed action “{asked_for[:20]}”: "
                        "choose what to compare from the list",
                    )
                )
            else:
                record = action
        related = ("history_user",) if action else ("history_user", "theme", "lead_officer")
        versions = list(record.history.select_related(*related).order_by("history_date", "history_id"))
        numbered = {version.history_id: (number, version) for number, version in enumerate(versions, 1)}
        choices = [
            (version.history_id, version_label(version, number))
            for number, version in reversed(list(enumerate(versions, 1)))
        ]
        record_name = (
            f"proposed action {action.position}" if action else f"recommendation {recommendation.ref}"
        )
        # The latest change, until the user chooses others (and in place of a bad choice).
        latest = (
            {"from": versions[-2].history_id, "to": versions[-1].history_id} if len(versions) >= 2 else {}
        )

        if errors:
            data = None
        elif "from" in query or "to" in query:
            data = query
        else:
            data = latest or None
        form = VersionCompareForm(data, versions=choices, record_name=record_name)

        comparison = None
        if form.is_bound and form.is_valid():
            old_number, old = numbered[form.cleaned_data["from"]]
            new_number, new = numbered[form.cleaned_data["to"]]
            comparison = {
                "old_label": version_label(old, old_number),
                "new_label": version_label(new, new_number),
                "changes": changed_fields(old, new, with_word_diff=True),
            }
        errors += form.error_links()
        selected = {
            name: str(form.data[name] if form.is_bound and name not in form.errors else latest.get(name, ""))
            for name in ("from", "to")
        }
        context.update(
            actions=actions,
            action=action,
            record_name=record_name,
            versions=versions,
            form=form,
            choices=[(str(history_id), label) for history_id, label in choices],
            selected=selected,
            errors=errors,
            comparison=comparison,
            breadcrumbs=[
                (
                    "Recommendations",
                    reverse("recommendations:recommendation-list", kwargs={"review": self.review.slug}),
                ),
                (f"Recommendation {recommendation.ref}", recommendation.get_absolute_url()),
            ],
        )
        return context
