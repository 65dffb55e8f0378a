"""The list's search words stored in each row, on PostgreSQL.

Migration 0010 indexed the search's words as an expression, so a search over every review read
the index; but the list reads one review, whose rows PostgreSQL takes by `review_id` and then
computes `to_tsvector` for each recommendation and each of its actions, once for the count and
again for the page (at 20,000 recommendations 33 ms a search, 20 ms the plain list). A stored generated column `search_words` holds those
very words, computed by PostgreSQL when a row is written, and `filters.SearchWords` reads it.

The column is not in the models' state: Django never writes it (every INSERT, UPDATE and COPY
lists the models' fields), history tables and fixtures do not have it, and `makemigrations`
never proposes to drop it. The GIN indexes of 0010 move from the expression to the column, under
the same names. SQLite has no full-text vectors (its search is a plain match of the phrase), so
there the migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "recommendation": "recommendation_search",
    "proposedaction": "action_search",
}
# The expression Django compiles SearchVector("text", "progress", config="english") to, written
# out: a migration does not change when the code does.
WORDS = "to_tsvector('english'::regconfig, COALESCE(text, '') || ' ' || COALESCE(progress, ''))"


def expression_index(name: str) -> GinIndex:
    return GinIndex(SearchVector("text", "progress", config="english"), name=name)


def store_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model_name, name in INDEXES.items():
        model = apps.get_model("recommendations", model_name)
        table = quote(model._meta.db_table)
        schema_editor.remove_index(model, expression_index(name))
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_words tsvector GENERATED ALWAYS AS ({WORDS}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {table} USING gin (search_words)")


def compute_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name in INDEXES.items():
        model = apps.get_model("recommendations", model_name)
        # Dropping the column drops its index.
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} DROP COLUMN search_words"
        )
        schema_editor.add_index(model, expression_index(name))


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0012_update_accepted_latest_index"),
    ]

    operations = [
        migrations.RunPython(store_words, compute_words, elidable=False),
    ]
