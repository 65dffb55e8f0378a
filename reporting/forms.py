"""Choosing a paper: the quarter it shows and, for Appendix 1, its layout."""

from urllib.parse import urlencode

from django import forms

from recommendations.forms import QuarterForm
from recommendations.models import ReportingPeriod
from tracker.forms import GovukFormMixin

COUNCIL, WITH_STATUS = "council", "status"


class PaperForm(QuarterForm):
    """Which quarter (or now) a paper shows, and whether Appendix 1 adds status and RAG.

    With no quarter asked for, the papers show the review's latest quarter (open or closed)."""

    layout = forms.ChoiceField(
        choices=[(COUNCIL, "The council's layout"), (WITH_STATUS, "With status and RAG columns")],
        required=False,
        widget=forms.RadioSelect,
        label="Appendix 1 layout",
        error_messages={"invalid_choice": "Select the council's layout or the one with status and RAG"},
    )

    field_options = {"layout": {"inline": False, "small": True}}

    def __init__(self, data=None, *, review=None):
        data = data.copy() if data is not None else {}
        if "as_at" not in data:
            latest = self._latest(review)
            data["as_at"] = str(latest.pk) if latest else ""
        data.setdefault("layout", COUNCIL)
        super().__init__(data, review=review)
        self.fields["as_at"].label = "Quarter"
        self.fields["as_at"].empty_label = "Now (the tracker as it is today)"

    @staticmethod
    def _latest(review) -> ReportingPeriod | None:
        periods = ReportingPeriod.objects.exclude(state=ReportingPeriod.State.PLANNED)
        if review is not None:
            periods = periods.filter(review=review)
        return periods.order_by("-ends", "-pk").first()

    @property
    def period(self) -> ReportingPeriod | None:
        return self.cleaned_data.get("as_at") if self.is_valid() else None

    @property
    def with_status_and_rag(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("layout") == WITH_STATUS

    def query(self, **changes) -> str:
        """The chosen quarter and layout as a query string, for links between the papers."""
        period = self.period
        values = {
            "as_at": str(period.pk) if period else "",
            "layout": self.cleaned_data.get("layout") or COUNCIL,
        }
        values.update(changes)
        return urlencode(values)


class CompareForm(GovukFormMixin, forms.Form):
    """Which earlier quarter the change report compares the chosen one with."""

    against = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        required=False,
        empty_label="The quarter before",
        label="Compare with",
        error_messages={
            "invalid_choice": "Select an earlier quarter from the list: there is no such quarter"
        },
    )

    def __init__(self, data=None, *, period: ReportingPeriod):
        super().__init__(data)
        field = self.fields["against"]
        field.queryset = (
            ReportingPeriod.objects.filter(review_id=period.review_id, ends__lt=period.starts)
            .exclude(state=ReportingPeriod.State.PLANNED)
            .order_by("-ends")
        )
        field.label_from_instance = lambda quarter: quarter.as_at_label

    @property
    def earlier_quarter(self) -> ReportingPeriod | None:
        """The quarter chosen, or None for the quarter before (or a bad choice, shown as an error)."""
        return self.cleaned_data.get("against") if self.is_valid() else None
