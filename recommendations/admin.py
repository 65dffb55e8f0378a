"""The admin of the record. Updates, evidence, questions and quarters are read-only here: they
change only through the workflow's pages, and an accepted update only by a recorded correction.
Elsewhere the fields the workflow sets (status, RAG, progress, timescales) are read-only."""

from django.contrib import admin

from tracker.admin import RecordAdmin, RecordInline

from . import models


@admin.register(models.Review)
class ReviewAdmin(RecordAdmin):
    list_display = ["name", "published_text"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Theme)
class ThemeAdmin(RecordAdmin):
    list_display = ["name", "position", "review"]
    list_filter = ["review"]


@admin.register(models.Assignee)
class AssigneeAdmin(RecordAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


@admin.register(models.Officer)
class OfficerAdmin(RecordAdmin):
    list_display = ["name", "user"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


ACTION_WORKFLOW_FIELDS = ("timescale", "due_date", "original_due_date", "progress", "status")


class ProposedActionInline(RecordInline):
    model = models.ProposedAction
    extra = 0
    autocomplete_fields = ["lead_officers"]
    workflow_fields = ACTION_WORKFLOW_FIELDS


@admin.register(models.Recommendation)
class RecommendationAdmin(RecordAdmin):
    list_display = ["ref", "short_text", "theme", "status", "rag", "focus"]
    list_filter = ["review", "theme", "status", "rag", "focus"]
    search_fields = ["text", "assigned_to_text"]
    list_select_related = ["theme"]
    autocomplete_fields = ["assignees", "cross_references", "lead_officer"]
    inlines = [ProposedActionInline]
    workflow_fields = ("status", "rag", "progress")

    @admin.display(description="recommendation")
    def short_text(self, recommendation):
        return recommendation.text[:90]


@admin.register(models.ProposedAction)
class ProposedActionAdmin(RecordAdmin):
    list_display = ["__str__", "lead_officer_text", "timescale", "due_date", "status"]
    list_filter = ["status", "recommendation__theme"]
    search_fields = ["text", "progress", "lead_officer_text"]
    list_select_related = ["recommendation"]
    autocomplete_fields = ["lead_officers"]
    workflow_fields = ACTION_WORKFLOW_FIELDS


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(RecordAdmin):
    list_display = ["name", "starts", "ends", "deadline", "state", "closed_at"]
    list_filter = ["state", "review"]
    view_only = True  # quarters are planned, opened, corrected, closed and reopened on the Quarters pages


@admin.register(models.SnapshotRow)
class SnapshotRowAdmin(admin.ModelAdmin):
    list_display = ["period", "record_type", "record_id", "history_id"]
    list_filter = ["period", "record_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["officer", "period", "sent_on", "sent_by", "outstanding"]
    list_filter = ["period", "sent_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    list_display = ["__str__", "state", "status", "rag", "author"]
    list_filter = ["state", "period", "status", "rag"]
    search_fields = ["narrative"]
    list_select_related = ["recommendation", "action", "period", "author"]
    view_only = True


@admin.register(models.EvidenceFile)
class EvidenceFileAdmin(RecordAdmin):
    list_display = ["name", "update", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_select_related = ["update__recommendation", "update__period", "update__action", "uploaded_by"]
    view_only = True


@admin.register(models.Question)
class QuestionAdmin(RecordAdmin):
    list_display = ["__str__", "asked_by", "asked_at", "answered_by", "answered_at"]
    list_filter = ["answered_at"]
    search_fields = ["text", "answer"]
    list_select_related = ["recommendation", "asked_by", "answered_by"]
    view_only = True
