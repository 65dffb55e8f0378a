"""The recommendation list's filters, and the choice of which tracker they filter.

The URL parameter names are a contract: the dashboard links to this list with them.
`RecommendationFilter` filters either the tracker now (`Recommendation.objects`) or the tracker as
it stood at the end of a quarter (`as_at.snapshot(period).recommendations()`, a historical
QuerySet with the same reads); `QuarterForm` reads `as_at` to choose between them.
"""

import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, TextChoices, Value, When
from django.http import QueryDict
from django.utils import dateformat

from tracker.forms import GovukFormMixin
from tracker.rendering import CheckboxGroup

from .as_at import Snapshot
from .models import (
    CLOSED_STATUSES,
    Assignee,
    Officer,
    ProposedAction,
    Question,
    Rag,
    Recommendation,
    Review,
    Status,
    Theme,
)

SEARCH_CONFIG = "english"


def search_vector() -> SearchVector:
    """The English words of a recommendation's or a proposed action's text and progress, as
    PostgreSQL's full-text search reads them. Migration 0010 indexes this very expression on both
    tables (GIN), so a search reads the index; a different expression here would read every row."""
    return SearchVector("text", "progress", config=SEARCH_CONFIG)


YES = [("yes", "Yes")]
YES_OR_NO = [("yes", "Yes"), ("no", "No")]
SEARCH_MAX_LENGTH = 200


class Sort(TextChoices):
    REF = "ref", "Number"
    REF_DESCENDING = "-ref", "Number, highest first"
    THEME = "theme", "Theme, A to Z"
    STATUS = "status", "Status"
    DUE = "due", "Next action due"


# The report's order: its themes in turn, each recommendation by number (the report numbers them
# through its themes, so this is number order too).
REPORT_ORDER = ("review__name", "theme__position", "ref")
# Sorts under which the list stays grouped by theme; the others are one table.
GROUPED_SORTS = {Sort.REF, Sort.THEME}


class RecommendationFilterForm(GovukFormMixin, forms.Form):
    """How the list draws its filters: small checkboxes and radios, with the page's words where
    they are not the filter's own label (which names it in "Selected filters")."""

    field_defaults = {**GovukFormMixin.field_defaults, "small": True}
    field_options = {
        "q": {"hint": "Words in the recommendation, its actions or their progress"},
        "rag": {"label": "RAG rating"},
        "focus": {"item_ids": "value"},
        "lead_officer": {"hint": "Leading it, or one of its actions"},
        "open": {"item_label": "Open (not completed or superseded)"},
        "overdue": {"item_label": "Overdue"},
        "open_question": {"item_label": "With an unanswered question"},
    }


def _choice_error(noun: str) -> dict:
    return {"invalid_choice": f"Select {noun} from the list", "invalid_list": f"Select {noun} from the list"}


class RecommendationFilter(django_filters.FilterSet):
    """Filters and sort for the recommendation list; all filters combine (AND).

    `snapshot` (an `as_at.Snapshot`) makes every filter read the tracker as it stood then: `overdue`
    counts from the quarter's last day, `open_question` means asked by then and not yet answered,
    `q` searches the texts and progress as they were. `today` is the day `overdue` counts from now.
    `public` (the public view) leaves out `open_question`: the public never sees questions.
    """

    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.order_by("review__name", "position"),
        empty_label="All themes",
        error_messages=_choice_error("a theme"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_error("a status"),
    )
    open = django_filters.ChoiceFilter(
        choices=YES,
        method="filter_open",
        label="Only open recommendations",
        error_messages=_choice_error("open recommendations"),
    )
    rag = django_filters.MultipleChoiceFilter(
        choices=Rag.choices,
        distinct=False,
        label="RAG",
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_error("a RAG rating"),
    )
    lead_officer = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.order_by("name"),
        method="filter_lead_officer",
        empty_label="Any lead officer",
        error_messages=_choice_error("a lead officer"),
    )
    assignee = django_filters.ModelChoiceFilter(
        queryset=Assignee.objects.order_by("name"),
        method="filter_assignee",
        label="Assigned to",
        empty_label="Anyone",
        error_messages=_choice_error("who it is assigned to"),
    )
    focus = django_filters.ChoiceFilter(
        choices=YES_OR_NO,
        method="filter_focus",
        label="EMG / I&E focus",
        empty_label="Either",
        widget=forms.RadioSelect,
        error_messages=_choice_error("yes or no for the EMG / I&E focus"),
    )
    overdue = django_filters.ChoiceFilter(
        choices=YES,
        method="filter_overdue",
        label="Only overdue recommendations",
        error_messages=_choice_error("overdue recommendations"),
    )
    open_question = django_filters.ChoiceFilter(
        choices=YES,
        method="filter_open_question",
        label="Only those with an unanswered question",
        error_messages=_choice_error("unanswered questions"),
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": f"Search for {SEARCH_MAX_LENGTH} characters or fewer"},
    )
    sort = django_filters.ChoiceFilter(
        choices=Sort.choices,
        method="filter_sort",
        label="Sort by",
        empty_label=None,
        error_messages=_choice_error("a sort order"),
    )

    class Meta:
        model = Recommendation
        fields = []  # every filter is declared above, in the order the form shows them
        form = RecommendationFilterForm

    def __init__(
        self,
        *args,
        review: Review | None = None,
        snapshot: Snapshot | None = None,
        today: datetime.date | None = None,
        public: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if review is not None:
            # Offer the review's own themes, officers and assignees, not every review's.
            self.filters["theme"].queryset = Theme.objects.filter(review=review).order_by("position")
            # Two lists of ids rather than one join through both: the join multiplied each
            # officer by their recommendations and their actions, over every review (250 ms).
            action_leads = ProposedAction.lead_officers.through.objects.filter(
                proposedaction__recommendation__review=review
            )
            self.filters["lead_officer"].queryset = Officer.objects.filter(
                Q(id__in=Recommendation.objects.filter(review=review).values("lead_officer_id"))
                | Q(id__in=action_leads.values("officer_id"))
            ).order_by("name")
            self.filters["assignee"].queryset = Assignee.objects.filter(
                id__in=Recommendation.objects.filter(review=review).values("assignees")
            ).order_by("name")
        if public:
            del self.filters["open_question"]
        self.snapshot = snapshot
        self.today = today or datetime.date.today()

    # Filters ----------------------------------------------------------------------------------

    def filter_open(self, queryset, name, value):
        return queryset.open()

    def filter_lead_officer(self, queryset, name, officer):
        return queryset.led_by(officer)

    def filter_assignee(self, queryset, name, assignee):
        # Assignments are not versioned: the tracker as at a quarter uses today's.
        return queryset.filter(id__in=Recommendation.objects.filter(assignees=assignee).values("id"))

    def filter_focus(self, queryset, name, value):
        return queryset.filter(focus=value == "yes")

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(on=self.overdue_on)

    def filter_open_question(self, queryset, name, value):
        if self.snapshot is None:
            questions = Question.objects.unanswered()
        else:
            moment = self.snapshot.moment
            questions = Question.objects.filter(asked_at__lte=moment).filter(
                Q(answered_at__isnull=True) | Q(answered_at__gt=moment)
            )
        return queryset.filter(id__in=questions.values("recommendation_id"))

    def filter_text(self, queryset, name, value):
        """The words in the recommendation's text or progress, or its actions' text or progress:
        PostgreSQL's English full-text search (stemmed, web-search syntax), elsewhere a plain
        case-insensitive match of the phrase."""
        value = value.strip()
        if not value:
            return queryset
        actions = self._actions()
        if connections[queryset.db].vendor == "postgresql":
            query = SearchQuery(value, config=SEARCH_CONFIG, search_type="websearch")
            words_match = Q(search=query)
            if self.snapshot is None:
                # Each recommendation's own actions, not every action in the tracker (a common
                # word is in tens of thousands of them).
                in_its_actions = Exists(
                    actions.filter(recommendation_id=OuterRef("id"))
                    .alias(search=search_vector())
                    .filter(words_match)
                )
            else:
                # As the quarter stood: the review's actions then, already only this review's.
                matching = actions.alias(search=search_vector()).filter(words_match)
                in_its_actions = Q(id__in=matching.values("recommendation_id"))
            # An alias, not an annotation: the words are matched, never read out with each row.
            return queryset.alias(search=search_vector()).filter(words_match | in_its_actions)
        matching_actions = actions.filter(Q(text__icontains=value) | Q(progress__icontains=value))
        return queryset.filter(
            Q(text__icontains=value)
            | Q(progress__icontains=value)
            | Q(id__in=matching_actions.values("recommendation_id"))
        )

    def filter_sort(self, queryset, name, value):
        if value == Sort.REF_DESCENDING:
            return queryset.order_by("review__name", "-ref")
        if value == Sort.THEME:
            return queryset.order_by("review__name", "theme__name", "ref")
        if value == Sort.STATUS:
            in_status_order = Case(
                *(When(status=status, then=Value(index)) for index, status in enumerate(Status.values))
            )
            return queryset.order_by(in_status_order, "review__name", "ref")
        if value == Sort.DUE:
            next_due = (
                self._actions()
                .filter(recommendation_id=OuterRef("id"), due_date__isnull=False)
                .exclude(status__in=CLOSED_STATUSES)
                .order_by("due_date")
                .values("due_date")[:1]
            )
            return queryset.annotate(next_due=Subquery(next_due)).order_by(
                F("next_due").asc(nulls_last=True), "review__name", "ref"
            )
        return queryset.order_by(*REPORT_ORDER)

    def _actions(self):
        """Proposed actions now, or as they stood at the snapshot."""
        if self.snapshot is None:
            return ProposedAction.objects.all()
        return self.snapshot.actions()

    # For the page ----------------------------------------------------------------------------

    @property
    def overdue_on(self) -> datetime.date:
        """The day `overdue` counts from: today, or the quarter's last day as at a quarter."""
        if self.snapshot is None:
            return self.today
        return self.snapshot.overdue_on(self.today)

    @property
    def sort_value(self) -> str:
        sort = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        return sort or Sort.REF

    @property
    def show_only(self) -> CheckboxGroup:
        """The yes-only filters, drawn together as checkboxes under "Show only"."""
        return CheckboxGroup(
            legend="Show only",
            fields=[
                self.form[name] for name in ("open", "overdue", "open_question") if name in self.form.fields
            ],
            hints={"overdue": f"An open action was due before {dateformat.format(self.overdue_on, 'j F Y')}"},
        )

    @property
    def is_grouped_by_theme(self) -> bool:
        return self.sort_value in GROUPED_SORTS

    @property
    def is_sorted_by_due(self) -> bool:
        """Sorted by the next action due: each recommendation carries its `next_due` to show."""
        return self.sort_value == Sort.DUE

    def selected(self) -> list[tuple[str, str]]:
        """Each filter in use as (what it is, the query string without it), for a removable tag."""
        if not self.is_valid():
            return []
        tags = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []):
                continue
            for one in value if isinstance(value, list) else [value]:
                raw = str(one.pk) if hasattr(one, "pk") else str(one)
                tags.append((self._describe(name, one), self._query_without(name, raw)))
        return tags

    def _describe(self, name: str, value) -> str:
        field = self.form.fields[name]
        if name in ("open", "overdue", "open_question"):
            return str(field.label)
        if name == "q":
            return f"Search: “{value}”"
        shown = str(value) if hasattr(value, "pk") else dict(field.choices).get(value, value)
        return f"{field.label}: {shown}"

    def _query_without(self, name: str, raw: str) -> str:
        params = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        params.setlist(name, [one for one in params.getlist(name) if one != raw])
        params.pop("page", None)
        return params.urlencode()
