from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from recommendations.models import Rag, Recommendation, ReportingPeriod, Review, Status
from tracker.versioning import History, HistoryReadAsOf


class PanelQuerySet(models.QuerySet):
    def with_members_meetings_and_findings(self):
        """Panels with everything the panel page shows, in a fixed number of queries: each
        report's findings come as `highlights` and `concerns`, in the report's numbering."""
        in_ref_order = Prefetch(
            "recommendations", queryset=Recommendation.objects.select_related("review").order_by("ref")
        )
        findings = Finding.objects.order_by("number").prefetch_related(in_ref_order)
        return self.prefetch_related(
            "members",
            "meetings",
            Prefetch("reviews", queryset=Review.objects.order_by("name")),
            Prefetch(
                "reports",
                queryset=PanelReport.objects.select_related("review")
                .order_by("published", "pk")
                .prefetch_related(
                    Prefetch(
                        "findings",
                        queryset=findings.filter(kind=Finding.Kind.HIGHLIGHT),
                        to_attr="highlights",
                    ),
                    Prefetch(
                        "findings", queryset=findings.filter(kind=Finding.Kind.CONCERN), to_attr="concerns"
                    ),
                ),
            ),
        )


class Panel(models.Model):
    """A scrutiny panel of councillors and co-opted members."""

    name = models.CharField(max_length=200, unique=True)
    reviews = models.ManyToManyField(
        Review, blank=True, related_name="panels", help_text="Reviews it oversees."
    )

    history = History()
    objects = PanelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def open_periods(self):
        """Reporting quarters open for updates in the reviews the panel oversees."""
        return ReportingPeriod.objects.open().filter(review__panels=self).order_by("ends", "pk")


class PanelMember(models.Model):
    """A councillor or co-opted member of a panel."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co_opted", "Co-opted member"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200, help_text='As the report lists it, without the "Cllr" title.')
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_lead = models.BooleanField("lead member", default=False)
    position = models.PositiveSmallIntegerField(help_text="Order in the report's membership list.")

    history = History()

    class Meta:
        ordering = ["panel", "position"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "name"], name="member_unique_name"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(is_lead=True), name="member_one_lead_per_panel"
            ),
        ]

    def __str__(self):
        title = "Cllr " if self.kind == self.Kind.COUNCILLOR else ""
        return f"{title}{self.name}"


class Meeting(models.Model):
    """A meeting of a panel that a report names."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    summary = models.TextField(help_text="What the report says happened.")

    history = History()

    class Meta:
        ordering = ["panel", "date"]
        constraints = [models.UniqueConstraint(fields=["panel", "date"], name="meeting_unique_date")]

    def __str__(self):
        return f"{self.panel} meeting, {self.date:%-d %B %Y}"


class PanelReportQuerySet(models.QuerySet):
    def stating_completion_for(self, review):
        """Reports on `review` that state a completion figure, the latest first."""
        return self.filter(
            review=review, stated_completed__isnull=False, stated_total__isnull=False
        ).order_by("-published")


class PanelReport(models.Model):
    """A report a panel publishes: its findings and its own recommendations."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="reports")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="panel_reports", help_text="The review it reports on."
    )
    title = models.CharField(max_length=300)
    published = models.DateField(help_text="Month of publication (first day where only the month is known).")
    published_text = models.CharField(max_length=100, help_text='As the report gives it ("January 2011").')
    stated_completed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many recommendations the report states were completed."
    )
    stated_total = models.PositiveSmallIntegerField(null=True, blank=True)
    stated_on = models.DateField(
        null=True, blank=True, help_text="The date the report's stated figure refers to."
    )
    lead_scrutiny_officer = models.CharField(max_length=200, blank=True)

    history = History()
    objects = PanelReportQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "published"]

    def __str__(self):
        return f"{self.title} ({self.published_text})"


class Finding(models.Model):
    """A progress highlight or an area of concern in a panel report."""

    class Kind(models.TextChoices):
        HIGHLIGHT = "highlight", "Progress highlight"
        CONCERN = "concern", "Area of concern"

    report = models.ForeignKey(PanelReport, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(help_text="Its number in the report's list.")
    text = models.TextField()
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="findings", help_text="Recommendations it concerns."
    )

    history = History()

    class Meta:
        ordering = ["report", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "number"], name="finding_unique_number")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class PanelRecommendationQuerySet(models.QuerySet):
    def in_action_plan_order(self):
        """Panel recommendations by panel, report and number, as the action plans list them."""
        return self.order_by("report__panel__name", "report__published", "report_id", "number")

    def with_action_plan(self):
        """With their report, panel and the commission recommendations they concern, for listing."""
        return self.select_related("report__panel", "report__review").prefetch_related(
            Prefetch(
                "recommendations", queryset=Recommendation.objects.select_related("review").order_by("ref")
            )
        )


class PanelRecommendation(models.Model):
    """The panel's own follow-up recommendation with its action-plan response."""

    report = models.ForeignKey(PanelReport, on_delete=models.PROTECT, related_name="panel_recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    coordinators = models.TextField(
        "directorate and cabinet members",
        blank=True,
        help_text="Directorate and Cabinet Member(s) asked to coordinate the response.",
    )
    agreed = models.BooleanField(null=True, blank=True, help_text="Empty until the response is given.")
    not_agreed_reason = models.TextField(blank=True, help_text="Why not, where not agreed.")
    implementation = models.TextField("how it will be implemented", blank=True)
    responsible = models.CharField("who is responsible", max_length=300, blank=True)
    timescale = models.CharField("estimated timescale", max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)
    rag = models.CharField("RAG", max_length=20, choices=Rag.choices, default=Rag.NOT_ASSESSED)
    progress = models.TextField(blank=True)
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="panel_recommendations",
        help_text="The commission recommendations it concerns.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every edit, so a stale form cannot overwrite a newer one."
    )

    history = HistoryReadAsOf()
    objects = PanelRecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="panel_recommendation_unique_number")
        ]

    def __str__(self):
        return f"Panel recommendation {self.number}"

    def get_absolute_url(self):
        return reverse(
            "panels:panel-recommendation-detail", kwargs={"review": self.report.review.slug, "pk": self.pk}
        )


class PanelRecommendationUpdateQuerySet(models.QuerySet):
    def in_period(self, period):
        """Updates recorded for one reporting quarter."""
        return self.filter(period=period)

    def newest_first(self):
        """The latest quarter first."""
        return self.order_by("-period__ends", "-recorded_at", "-pk")


class PanelRecommendationUpdate(models.Model):
    """The progress recorded on a panel recommendation for one reporting quarter."""

    panel_recommendation = models.ForeignKey(
        PanelRecommendation, on_delete=models.PROTECT, related_name="updates"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="panel_recommendation_updates",
        verbose_name="reporting period",
    )
    narrative = models.TextField(help_text="The progress made in the quarter.")
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField("RAG", max_length=20, choices=Rag.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="panel_recommendation_updates",
        help_text="Who recorded it, or last revised it.",
    )
    recorded_at = models.DateTimeField(help_text="When it was recorded, or last revised.")
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, so a stale form cannot overwrite a newer one."
    )

    history = History()
    objects = PanelRecommendationUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["panel_recommendation", "period__ends"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel_recommendation", "period"],
                name="panel_recommendation_update_one_per_period",
            )
        ]

    def __str__(self):
        return f"{self.period.name} update on panel recommendation {self.panel_recommendation.number}"
