"""Officers' names in full, where the report spells them out.

A database loaded from the seed before this migration gets the same values the seed now carries
(fixtures/appendix.json; every mapping and where in the report it comes from is in
fixtures/README.md, "Officers' names in full"), on the officer and on the seed's own history rows
of that officer, as a new column's default would be: loading the seed again then changes nothing.
Only an officer still named as the seed names it, whose full name is still blank, is filled.
"""

from django.db import migrations, models

# The seed's officers: pk, name as the report writes it, full name, where in the report.
SEED_FULL_NAMES = [
    (
        18,
        "EC",
        "Safeguarding Officer for Schools",
        "Rec 31, Lead Officer cell: “Safeguarding Officer for Schools (EC)” (source line 299)",
    ),
    (
        20,
        "JB",
        "Principal School Improvement manager, Strategy Planning and Resources",
        "Rec 32, Lead Officer cell: “Principal School Improvement manager, Strategy Planning and Resources (JB)” (source line 303)",
    ),
    (
        11,
        "E&E Workstream",
        "Evaluation and Effectiveness Workstream",
        "Rec 6 progress: “The Evaluation and Effectiveness Workstream” (source line 209); rec 13 (line 251)",
    ),
    (
        10,
        "L&D Workstream",
        "Learning & Development Workstream",
        "Rec 46: “Learning & Development Strategy”, “L&D Officers to review strategy” (source line 338)",
    ),
    (
        13,
        "L&D Officers",
        "Learning & Development Officers",
        "Rec 46: “Learning & Development Strategy”, “L&D Officers to review strategy” (source line 338)",
    ),
    (
        1,
        "KSCB manager",
        "Kirklees Safeguarding Children Board manager",
        "KSCB: the appendix heading “Kirklees Safeguarding Children Board” (source line 328)",
    ),
]


def fill_full_names(apps, schema_editor):
    Officer = apps.get_model("recommendations", "Officer")
    HistoricalOfficer = apps.get_model("recommendations", "HistoricalOfficer")
    for pk, name, full_name, source in SEED_FULL_NAMES:
        filled = Officer.objects.filter(pk=pk, name=name, full_name="").update(
            full_name=full_name, full_name_source=source
        )
        if filled:
            HistoricalOfficer.objects.filter(id=pk, name=name, full_name="", history_user=None).update(
                full_name=full_name, full_name_source=source
            )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_reminders_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalofficer",
            name="full_name",
            field=models.CharField(
                blank=True,
                help_text="The name in full where the report spells it out: the post it gives for initials, or an abbreviation written out. Blank where the report does not.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="historicalofficer",
            name="full_name_source",
            field=models.CharField(
                blank=True, help_text="Where in the report the full name comes from.", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="officer",
            name="full_name",
            field=models.CharField(
                blank=True,
                help_text="The name in full where the report spells it out: the post it gives for initials, or an abbreviation written out. Blank where the report does not.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="officer",
            name="full_name_source",
            field=models.CharField(
                blank=True, help_text="Where in the report the full name comes from.", max_length=200
            ),
        ),
        migrations.RunPython(fill_full_names, migrations.RunPython.noop),
    ]
