from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class PanelMemberInline(admin.TabularInline):
    model = models.PanelMember
    extra = 0


@admin.register(models.Panel)
class PanelAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    inlines = [PanelMemberInline]


@admin.register(models.PanelMember)
class PanelMemberAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "panel", "kind", "is_lead"]
    list_filter = ["panel", "kind"]


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date"]
    list_filter = ["panel"]


@admin.register(models.PanelReport)
class PanelReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "published_text", "stated_completed", "stated_total"]


@admin.register(models.Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "report", "kind"]
    list_filter = ["kind", "report"]
    autocomplete_fields = ["recommendations"]


@admin.register(models.PanelRecommendation)
class PanelRecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "report", "agreed", "responsible", "timescale", "status"]
    list_filter = ["report", "status"]
    autocomplete_fields = ["recommendations"]


@admin.register(models.PanelRecommendationUpdate)
class PanelRecommendationUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "period", "status", "rag", "recorded_by", "recorded_at"]
    list_filter = ["period", "status", "rag"]
    list_select_related = ["panel_recommendation", "period", "recorded_by"]
    raw_id_fields = ["panel_recommendation", "recorded_by"]
    readonly_fields = ["version"]
