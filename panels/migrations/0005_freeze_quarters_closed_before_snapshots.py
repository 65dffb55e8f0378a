"""Quarters closed before quarters kept snapshots: each is frozen as the record stood when it closed.

When it closed is the time of the history row that closed it (for the seed's 2010/11 Q2, the day
its progress was reported, 16 September 2010), or else the end of its last day.
"""

import datetime

from django.db import migrations
from django.utils import timezone

FROZEN = [
    ("recommendations", "Recommendation", "review_id"),
    ("recommendations", "ProposedAction", "recommendation__review_id"),
    ("panels", "PanelRecommendation", "report__panel__reviews"),
]


def freeze_closed_quarters(apps, schema_editor):
    ReportingPeriod = apps.get_model("recommendations", "ReportingPeriod")
    HistoricalReportingPeriod = apps.get_model("recommendations", "HistoricalReportingPeriod")
    SnapshotRow = apps.get_model("recommendations", "SnapshotRow")
    for period in ReportingPeriod.objects.filter(state="closed", closed_at__isnull=True):
        closing = (
            HistoricalReportingPeriod.objects.filter(id=period.pk, state="closed")
            .order_by("history_date", "history_id")
            .first()
        )
        if closing is not None:
            period.closed_at = closing.history_date
        else:
            period.closed_at = timezone.make_aware(datetime.datetime.combine(period.ends, datetime.time.max))
        period.save(update_fields=["closed_at"])
        rows = []
        for app_label, model_name, review_lookup in FROZEN:
            model = apps.get_model(app_label, model_name)
            history = apps.get_model(app_label, f"Historical{model_name}")
            records = model.objects.filter(**{review_lookup: period.review_id}).values("pk")
            latest = {}
            versions = history.objects.filter(id__in=records, history_date__lte=period.closed_at)
            for record_id, history_id, history_type in versions.order_by("history_date", "history_id").values_list(
                "id", "history_id", "history_type"
            ):
                latest[record_id] = (history_id, history_type)
            rows += [
                SnapshotRow(
                    period=period,
                    record_type=f"{app_label}.{model_name}".lower(),
                    record_id=record_id,
                    history_id=history_id,
                )
                for record_id, (history_id, history_type) in latest.items()
                if history_type != "-"
            ]
        SnapshotRow.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0004_panel_recommendation_updates"),
        ("recommendations", "0004_snapshots_corrections_and_quarter_states"),
    ]

    operations = [migrations.RunPython(freeze_closed_quarters, migrations.RunPython.noop)]
