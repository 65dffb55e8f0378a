"""Indexes for the list's full-text search, on PostgreSQL.

The search (`filters.RecommendationFilter.filter_text`) matches the English words of a
recommendation's, or a proposed action's, text and progress: `filters.search_vector()`. These GIN
indexes hold exactly that expression, so PostgreSQL finds the matching rows from the index rather
than reading every row's words. SQLite has no full-text vectors (its search is a plain match of the
phrase), so there the migration does nothing; the indexes are not in the models' state for the
same reason.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "recommendation": "recommendation_search",
    "proposedaction": "action_search",
}


def search_index(name: str) -> GinIndex:
    # The same expression as filters.search_vector(), written out: a migration does not change
    # when the code does.
    return GinIndex(SearchVector("text", "progress", config="english"), name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name in INDEXES.items():
        schema_editor.add_index(apps.get_model("recommendations", model_name), search_index(name))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name in INDEXES.items():
        schema_editor.remove_index(apps.get_model("recommendations", model_name), search_index(name))


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0009_history_read_as_of_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
