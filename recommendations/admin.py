from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["name", "published_text"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "review"]
    list_filter = ["review"]


@admin.register(models.Assignee)
class AssigneeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


@admin.register(models.Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class ProposedActionInline(admin.StackedInline):
    model = models.ProposedAction
    extra = 0
    autocomplete_fields = ["lead_officers"]


@admin.register(models.Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "short_text", "theme", "status", "rag", "focus"]
    list_filter = ["review", "theme", "status", "rag", "focus"]
    search_fields = ["text", "assigned_to_text"]
    list_select_related = ["theme"]
    autocomplete_fields = ["assignees", "cross_references", "lead_officer"]
    inlines = [ProposedActionInline]

    @admin.display(description="recommendation")
    def short_text(self, recommendation):
        return recommendation.text[:90]


@admin.register(models.ProposedAction)
class ProposedActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lead_officer_text", "timescale", "due_date", "status"]
    list_filter = ["status", "recommendation__theme"]
    search_fields = ["text", "progress", "lead_officer_text"]
    list_select_related = ["recommendation"]
    autocomplete_fields = ["lead_officers"]


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "starts", "ends", "deadline", "state"]
    list_filter = ["state", "review"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "status", "rag", "author"]
    list_filter = ["state", "period", "status", "rag"]
    search_fields = ["narrative"]
    list_select_related = ["recommendation", "action", "period", "author"]
    raw_id_fields = ["recommendation", "action"]
    readonly_fields = ["version"]


@admin.register(models.EvidenceFile)
class EvidenceFileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "update", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_select_related = ["update__recommendation", "update__period", "update__action", "uploaded_by"]
    raw_id_fields = ["update"]


@admin.register(models.Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "asked_by", "asked_at", "answered_by", "answered_at"]
    list_filter = ["answered_at"]
    search_fields = ["text", "answer"]
    list_select_related = ["recommendation", "asked_by", "answered_by"]
    raw_id_fields = ["recommendation"]
