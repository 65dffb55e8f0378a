"""Writing many records at once, as the services would have written them one by one: their
history rows gathered and created in bulk, and changed fields written in one statement. Used by
the synthetic data (`synthetic.py`), where the largest size must build within minutes."""

from django.db import connection

BATCH = 2000


class HistoryRows:
    """Historical rows, gathered and written in bulk, as the services would have written them."""

    def __init__(self):
        self.rows: dict[type, list] = {}
        # Each model's history model and the fields it copies, looked up once: the `history`
        # descriptor builds a manager on every access.
        self.models: dict[type, tuple] = {}

    def add(self, instance, *, when, kind, reason, by=None):
        model = type(instance)
        if model not in self.models:
            history_model = model.history.model
            self.models[model] = (history_model, [field.attname for field in history_model.tracked_fields])
        history_model, attnames = self.models[model]
        values = {attname: getattr(instance, attname) for attname in attnames}
        row = history_model(
            **values,
            history_date=when,
            history_type=kind,
            history_change_reason=reason,
            history_user_id=by.pk if by else None,
        )
        self.rows.setdefault(history_model, []).append(row)
        return row

    def write(self):
        for history_model, rows in self.rows.items():
            history_model.objects.bulk_create(rows, batch_size=BATCH)
        self.rows = {}


def update_in_bulk(records: list, fields: list[str]) -> None:
    """Write `fields` of `records` (of one model) in one statement. On PostgreSQL an UPDATE from
    arrays: `bulk_update`'s CASE per row and field takes most of the time at the largest size."""
    if not records:
        return
    model = type(records[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(records, fields, batch_size=BATCH)
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
    names = [connection.ops.quote_name(column.column) for column in columns]
    assignments = ", ".join(f"{name} = new.{name}" for name in names[1:])
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS new({', '.join(names)}) "
            f"WHERE {table}.{names[0]} = new.{names[0]}",
            [[getattr(record, column.attname) for record in records] for column in columns],
        )
