from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0007_officer_full_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="archived_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the review was archived: finished, read-only, still reportable.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="archived_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the review was archived: finished, read-only, still reportable.",
                null=True,
            ),
        ),
    ]
