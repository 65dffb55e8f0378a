"""Reporting quarters: adding, correcting and reopening one, and choosing the quarter the pages
show the tracker as at."""

from django import forms

from tracker.date_input import DateInputField
from tracker.forms import GovukFormMixin

from ..as_at import Snapshot, snapshot
from ..models import ReportingPeriod, Review
from ..services import reporting_period_problems


class ReportingPeriodForm(GovukFormMixin, forms.Form):
    """A reporting quarter of `review`: its name, the days it covers and when updates are due; new,
    or corrected (`period`).

    Every rule the service enforces (no overlap, no gap, a unique name) is shown at once, each
    next to its field.
    """

    name = forms.CharField(
        label="Name",
        max_length=50,
        help_text="For example, 2010/11 Q3",
        error_messages={
            "required": "Enter a name for the quarter",
            "max_length": "Name must be 50 characters or fewer",
        },
    )
    starts = DateInputField(noun="start date", label="Start date", help_text="For example, 1 10 2010")
    ends = DateInputField(
        noun="end date",
        label="End date",
        help_text="The quarter's last day: progress is reported as at this date. For example, 31 12 2010",
    )
    deadline = DateInputField(
        noun="deadline",
        label="Deadline for updates",
        help_text="Officers are reminded a week before. For example, 14 1 2011",
    )

    field_options = {"name": {"width": 10}}

    def __init__(self, *args, review: Review, period: ReportingPeriod | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.period = period

    def clean(self):
        cleaned_data = super().clean()
        days = [cleaned_data.get(name) for name in ("name", "starts", "ends")]
        if all(value is not None for value in days):
            self.add_problems(
                reporting_period_problems(
                    review=self.review,
                    name=cleaned_data["name"],
                    starts=cleaned_data["starts"],
                    ends=cleaned_data["ends"],
                    deadline=cleaned_data.get("deadline"),
                    period=self.period,
                )
            )
        return cleaned_data

    def values(self) -> dict:
        """What the quarter is, as the services take it."""
        return {name: self.cleaned_data.get(name) for name in ("name", "starts", "ends", "deadline")}

    @property
    def planning(self) -> bool:
        """Whether "Plan it" was pressed rather than "Open it now"."""
        return self.data.get("intent") == "plan"


class ReportingPeriodReopenForm(GovukFormMixin, forms.Form):
    """Why a closed quarter is being reopened: kept on its history."""

    reason = forms.CharField(
        label="Why are you reopening it?",
        help_text="Kept with the quarter's history. For example, an update was accepted in error",
        required=False,  # reporting_period_reopen refuses a blank reason, with its own message
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "Reason must be 500 characters or fewer"},
    )

    field_options = {"reason": {"rows": 3}}


class QuarterForm(GovukFormMixin, forms.Form):
    """Which tracker to show: as it is now, or as it stood at the end of a reporting quarter.

    Beside the filters rather than among them because it decides what they filter.
    """

    as_at = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        required=False,
        empty_label="Now",
        label="Show the tracker as at",
        error_messages={"invalid_choice": "Select a quarter from the list: there is no such quarter"},
    )

    def __init__(self, data=None, *, review: Review | None = None):
        super().__init__(data)
        periods = ReportingPeriod.objects.exclude(state=ReportingPeriod.State.PLANNED)
        if review is not None:
            periods = periods.filter(review=review)
        field = self.fields["as_at"]
        field.queryset = periods.order_by("-ends", "-pk")
        field.label_from_instance = lambda period: period.as_at_label

    def snapshot(self) -> Snapshot | None:
        """The tracker as at the chosen quarter, or None for now (or a bad choice)."""
        if self.is_valid() and self.cleaned_data["as_at"] is not None:
            return snapshot(self.cleaned_data["as_at"])
        return None
