"""Writing many records at once, as the services would have written them one by one: their
history rows gathered and created in bulk, and changed fields written in one statement. Used by
the synthetic data (`synthetic.py`), where the largest size must build within minutes.

On PostgreSQL rows go in by COPY, their primary keys taken from the table's sequence first (in
order, so they are the ids `bulk_create` would have given): at the largest size `bulk_create`'s
INSERT, a placeholder and a `get_db_prep_save` per value, took most of the build. Elsewhere
(SQLite, the tests' default) `bulk_create` does it."""

from __future__ import annotations

import io
from operator import attrgetter

from django.db import connection

BATCH = 2000
# The fields COPY writes, by internal type: text (escaped), booleans, and those PostgreSQL reads
# from their `str()`. A model with any other is written by `bulk_create`.
TEXT_TYPES = {"CharField", "TextField", "SlugField", "GenericIPAddressField"}
PLAIN_TYPES = {
    *("AutoField", "BigAutoField", "ForeignKey", "OneToOneField", "BigIntegerField", "IntegerField"),
    *("PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "DateField"),
    "DateTimeField",
}
NULL = "\\N"


def by_copy(model) -> bool:
    """Whether `model`'s rows go in by COPY: on PostgreSQL through psycopg2 (`copy_expert`), each
    field of a type it writes and none taking its value when saved (`auto_now`)."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3 and all(
        field.get_internal_type() in {*TEXT_TYPES, *PLAIN_TYPES, "BooleanField"}
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        for field in model._meta.concrete_fields
    )


def insert_in_bulk(records: list) -> list:
    """Create `records` (new, of one model) as `bulk_create` would: no signals, primary keys set
    (those `reserve_ids` gave are kept)."""
    if not records:
        return records
    model = type(records[0])
    if not by_copy(model):
        return model.objects.bulk_create(records, batch_size=BATCH)
    take_ids(records)
    for record in records:
        record._prepare_related_fields_for_save(operation_name="bulk_create")
    fields = model._meta.concrete_fields
    copy_rows(model, fields, map(values_of([field.attname for field in fields]), records))
    for record in records:
        record._state.adding, record._state.db = False, connection.alias
    return records


def reserve_ids(records: list) -> None:
    """Give new `records` (of one model) their primary keys now, so that other records can point
    at them; `save_in_bulk` writes them once they are as they end. On PostgreSQL the keys come
    from the sequence and each record is written once, as it ends (an UPDATE of rows made in the
    same transaction checks every foreign key again); elsewhere the records are created now."""
    if records and by_copy(type(records[0])):
        take_ids(records)
    else:
        insert_in_bulk(records)


def save_in_bulk(records: list, fields: list[str]) -> None:
    """Write `records` whose keys `reserve_ids` gave, as they are now: created on PostgreSQL,
    elsewhere their `fields` (those changed since) updated."""
    if records and by_copy(type(records[0])):
        insert_in_bulk(records)
    else:
        update_in_bulk(records, fields)


def take_ids(records: list) -> None:
    """Primary keys from the sequence, in order, for those of `records` (of one model) without."""
    pk = records[0]._meta.pk.attname
    without = [record for record in records if getattr(record, pk) is None]
    if without:
        for record, new_id in zip(without, next_ids(type(without[0]), len(without)), strict=True):
            setattr(record, pk, new_id)


def insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Create records of `model` from `rows` of the values of its fields `names` (ids made by the
    database), without building a model instance for each."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    if not by_copy(model):
        attnames = [field.attname for field in fields]
        model.objects.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    copy_rows(model, fields, rows)


def values_of(attnames: list[str]):
    """A reader of a record's `attnames`, as a tuple."""
    if len(attnames) == 1:
        return lambda record: (getattr(record, attnames[0]),)
    return attrgetter(*attnames)


def next_ids(model, count: int) -> list[int]:
    """`count` new primary keys for `model`, from its sequence, in order."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        # The sequence's name first: looked up in the same statement, it was looked up per key,
        # three quarters of the time.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [new_id for (new_id,) in cursor.fetchall()]


def copy_rows(model, fields, rows) -> None:
    """COPY `rows` (tuples of attribute values, in the order of `fields`) into `model`'s table."""
    converters = [_converter(field) for field in fields]
    lines = io.StringIO()
    for row in rows:
        lines.write("\t".join([convert(value) for convert, value in zip(converters, row, strict=True)]))
        lines.write("\n")
    lines.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN", lines
        )


def _converter(field):
    """How a value of `field` is written in COPY's text format."""
    kind = field.get_internal_type()
    if kind in TEXT_TYPES:
        return _text
    if kind == "BooleanField":
        return lambda value: NULL if value is None else ("t" if value else "f")
    return lambda value: NULL if value is None else str(value)


def _text(value) -> str:
    if value is None:
        return NULL
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class HistoryRow:
    """One history row to be written: its values, and its id once written."""

    __slots__ = ("values", "history_id")

    def __init__(self, values: tuple):
        self.values = values
        self.history_id = None


class HistoryRows:
    """Historical rows, gathered and written in bulk, as the services would have written them."""

    RECORDED = ["history_date", "history_type", "history_change_reason", "history_user"]

    def __init__(self):
        self.rows: dict[type, list[HistoryRow]] = {}
        # Each model's history model and a reader of the fields it copies, looked up once: the
        # `history` descriptor builds a manager on every access.
        self.models: dict[type, tuple] = {}

    def add(self, instance, *, when, kind, reason, by=None) -> HistoryRow:
        model = type(instance)
        if model not in self.models:
            history_model = model.history.model
            attnames = [field.attname for field in history_model.tracked_fields]
            self.models[model] = (history_model, values_of(attnames))
        history_model, tracked_values = self.models[model]
        row = HistoryRow((*tracked_values(instance), when, kind, reason, by.pk if by else None))
        self.rows.setdefault(history_model, []).append(row)
        return row

    def write(self):
        for history_model, rows in self.rows.items():
            names = [field.name for field in history_model.tracked_fields] + self.RECORDED
            if by_copy(history_model):
                for row, history_id in zip(rows, next_ids(history_model, len(rows)), strict=True):
                    row.history_id = history_id
                names = ["history_id", *names]
                insert_rows(history_model, names, [(row.history_id, *row.values) for row in rows])
            else:
                attnames = [history_model._meta.get_field(name).attname for name in names]
                made = history_model.objects.bulk_create(
                    [history_model(**dict(zip(attnames, row.values, strict=True))) for row in rows],
                    batch_size=BATCH,
                )
                for row, record in zip(rows, made, strict=True):
                    row.history_id = record.history_id
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
