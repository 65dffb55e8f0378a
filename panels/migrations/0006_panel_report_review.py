"""Each panel report says which review it reports on (until now, implied by the panel)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_review_from_panel(apps, schema_editor):
    """A report reports on its panel's first review: the panels in use oversee one review each."""
    for model_name in ("PanelReport", "HistoricalPanelReport"):
        model = apps.get_model("panels", model_name)
        Panel = apps.get_model("panels", "Panel")
        for panel in Panel.objects.all():
            first = panel.reviews.order_by("pk").first()
            if first is not None:
                model.objects.filter(panel_id=panel.pk, review__isnull=True).update(review=first)


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0005_freeze_quarters_closed_before_snapshots"),
        ("recommendations", "0008_review_archived"),
    ]

    operations = [
        migrations.AddField(
            model_name="panelreport",
            name="review",
            field=models.ForeignKey(
                null=True,
                help_text="The review it reports on.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="panel_reports",
                to="recommendations.review",
            ),
        ),
        migrations.AddField(
            model_name="historicalpanelreport",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The review it reports on.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="recommendations.review",
            ),
        ),
        migrations.RunPython(fill_review_from_panel, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="panelreport",
            name="review",
            field=models.ForeignKey(
                help_text="The review it reports on.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="panel_reports",
                to="recommendations.review",
            ),
        ),
    ]
