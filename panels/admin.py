"""The panels' admin: through `tracker.admin.RecordAdmin`, like every tracked record. A panel
recommendation's status, RAG and progress come from its quarterly updates (read-only here)."""

from django.contrib import admin

from tracker.admin import RecordAdmin

from . import models


class PanelMemberInline(admin.TabularInline):
    model = models.PanelMember
    extra = 0


@admin.register(models.Panel)
class PanelAdmin(RecordAdmin):
    list_display = ["name"]
    inlines = [PanelMemberInline]


@admin.register(models.PanelMember)
class PanelMemberAdmin(RecordAdmin):
    list_display = ["__str__", "panel", "kind", "is_lead"]
    list_filter = ["panel", "kind"]


@admin.register(models.Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = ["__str__", "date"]
    list_filter = ["panel"]


@admin.register(models.PanelReport)
class PanelReportAdmin(RecordAdmin):
    list_display = ["title", "published_text", "stated_completed", "stated_total"]


@admin.register(models.Finding)
class FindingAdmin(RecordAdmin):
    list_display = ["__str__", "report", "kind"]
    list_filter = ["kind", "report"]
    autocomplete_fields = ["recommendations"]


@admin.register(models.PanelRecommendation)
class PanelRecommendationAdmin(RecordAdmin):
    list_display = ["__str__", "report", "agreed", "responsible", "timescale", "status"]
    list_filter = ["report", "status"]
    autocomplete_fields = ["recommendations"]
    workflow_fields = ("due_date", "status", "rag", "progress")


@admin.register(models.PanelRecommendationUpdate)
class PanelRecommendationUpdateAdmin(RecordAdmin):
    list_display = ["__str__", "period", "status", "rag", "recorded_by", "recorded_at"]
    list_filter = ["period", "status", "rag"]
    list_select_related = ["panel_recommendation", "period", "recorded_by"]
    view_only = True
