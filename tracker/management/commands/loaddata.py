"""Django's loaddata, made safe for the council's record.

- Every record is checked before it is saved: its fields with the model's own validation, and
  each foreign key against the records already in the database or earlier in the fixture (so a
  fixture lists parents before children). A bad record stops the load with a message naming it,
  and loaddata's transaction leaves the database as it was.
- A record already in the database that the fixture would change is never silently overwritten:
  the load is refused, naming each such record and the fields it would lose, unless `--force`.
  Loading the same fixture twice therefore changes nothing, and loading the seed on a database in
  use cannot revert what users did.
- Plain loaddata writes no history. Here, once the records are in, every history-tracked record
  the fixture created or changed gets a history row ("Loaded from a fixture"), unless the fixture
  brought its own rows that already match it (the seed's dated timeline; a backup's history).
- History rows load as they were recorded: a change reason may be empty, and a history row may
  point at a record since deleted.
- Then each app that keeps data derived from what was loaded rebuilds it: an app config with a
  `fixture_loaded(using)` method is called (recommendations freezes quarters loaded closed).
"""

from collections import defaultdict
from functools import partial

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.core.management.commands import loaddata

SHOWN_DIFFERENCES = 10


class Command(loaddata.Command):
    help = (
        "Load fixtures, checking each record, refusing to overwrite records that changed since "
        "(unless --force), and recording history."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite records in the database that differ from the fixture (their changes are lost).",
        )

    def handle(self, *fixture_labels, **options):
        self.force = options["force"]
        super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.known_pks = {}
        self.existing_rows = {}
        self.differences = []
        self.tracked = defaultdict(dict)  # model -> {pk: instance} of history-tracked records loaded
        self.tracked_models = {}
        self.new_links = defaultdict(dict)  # (model, m2m field name) -> {pk: [linked pks]}
        super().loaddata(fixture_labels)
        if self.differences:
            raise CommandError(self.refusal(fixture_labels))
        self.link_new_records()
        self.record_history(", ".join(fixture_labels))
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "fixture_loaded"):
                app_config.fixture_loaded(using=self.using)

    def save_obj(self, obj):
        instance = obj.object
        problems = self.field_problems(instance) + self.missing_relations(instance, obj.deferred_fields)
        if problems:
            raise CommandError(
                f"Could not load {instance._meta.label}(pk={instance.pk}): {'; '.join(problems)}"
            )
        model = type(instance)._meta.concrete_model
        if not self.force:
            changed = self.changed_fields(model, instance, obj.m2m_data or {})
            if changed:
                self.differences.append(f"{instance._meta.label}(pk={instance.pk}): {', '.join(changed)}")
                return False
        links = {}
        for (linked_model, _), pending in self.new_links.items():
            if linked_model is model:
                pending.pop(instance.pk, None)  # given again: linked as it last appears
        if instance.pk not in self.pks_of(model):
            # Known to be new: INSERT it, rather than Django's UPDATE first to see that it is not
            # there (half the load's statements); its links are made with every other new
            # record's, rather than by `set()`'s three statements a field (read, compare, add).
            links = self.links_made_later(model, obj)
            obj.save = partial(obj.save, force_insert=True)
        saved = super().save_obj(obj)
        self.pks_of(model).add(instance.pk)
        if saved:
            for name, pks in links.items():
                self.new_links[(model, name)][instance.pk] = pks
        if saved and self.is_tracked(model):
            self.tracked[model][instance.pk] = instance
        return saved

    def links_made_later(self, model, obj) -> dict:
        """Take from `obj` the many-to-many links `link_new_records` can make: those through a
        table of two keys (Django's own) and one way only."""
        later = {}
        for name, pks in list((obj.m2m_data or {}).items()):
            field = model._meta.get_field(name)
            if field.remote_field.through._meta.auto_created and not field.remote_field.symmetrical:
                later[name] = pks
                del obj.m2m_data[name]
        return later

    def link_new_records(self):
        """The many-to-many links of the records new to the database: one statement a field."""
        for (model, name), links in self.new_links.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            through._base_manager.using(self.using).bulk_create(
                through(**{source: pk, target: linked})
                for pk, pks in links.items()
                for linked in dict.fromkeys(pks)  # once each, as `set()` links them
            )

    def refusal(self, fixture_labels) -> str:
        shown = "\n".join(f"  - {line}" for line in self.differences[:SHOWN_DIFFERENCES])
        more = len(self.differences) - SHOWN_DIFFERENCES
        if more > 0:
            shown += f"\n  - and {more} more"
        return (
            f"Nothing was loaded: {len(self.differences)} record(s) in the database differ from "
            f"{', '.join(fixture_labels)}, and loading it would overwrite what changed since:\n{shown}\n"
            "Those changes would be lost. To overwrite them anyway, run loaddata again with --force."
        )

    def changed_fields(self, model, instance, m2m_data) -> list[str]:
        """The fields of the record already in the database that loading `instance` would change."""
        existing = self.rows_of(model).get(instance.pk)
        if existing is None:
            return []
        changed = [
            field.name
            for field in model._meta.concrete_fields
            if field.to_python(getattr(instance, field.attname)) != existing[field.attname]
        ]
        for name, pks in m2m_data.items():
            field = model._meta.get_field(name)
            current = set(
                getattr(model._base_manager.using(self.using).get(pk=instance.pk), name).values_list(
                    "pk", flat=True
                )
            )
            if {field.related_model._meta.pk.to_python(pk) for pk in pks} != current:
                changed.append(name)
        return changed

    def rows_of(self, model) -> dict:
        """The model's records in the database, by primary key, read once per model."""
        if model not in self.existing_rows:
            attnames = [field.attname for field in model._meta.concrete_fields]
            rows = model._base_manager.using(self.using).values(*attnames)
            self.existing_rows[model] = {row[model._meta.pk.attname]: row for row in rows}
        return self.existing_rows[model]

    def record_history(self, labels):
        """Give each loaded record whose history does not show its loaded state a history row."""
        for model, instances in self.tracked.items():
            latest = {}
            for row in (
                model.history.using(self.using)
                .filter(id__in=instances)
                .order_by("history_date", "history_id")
            ):
                latest[row.id] = row
            fields = [field.attname for field in model.history.model.tracked_fields]
            new = [instance for pk, instance in instances.items() if pk not in latest]
            changed = [
                instance
                for pk, instance in instances.items()
                if pk in latest and any(getattr(instance, f) != getattr(latest[pk], f) for f in fields)
            ]
            reason = f"Loaded from a fixture ({labels})"[:100]
            for rows, update in [(new, False), (changed, True)]:
                if rows:
                    model.history.bulk_history_create(rows, update=update, default_change_reason=reason)

    def field_problems(self, instance):
        relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        # A history row is checked as a record, not for how it was recorded (reason, type).
        recorded = [f.name for f in instance._meta.concrete_fields if f.name.startswith("history_")]
        try:
            instance.full_clean(
                exclude=relations + recorded, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
        return []

    def missing_relations(self, instance, deferred_fields):
        problems = []
        for field in instance._meta.concrete_fields:
            if not field.is_relation or field in deferred_fields or not field.target_field.primary_key:
                continue
            if not field.db_constraint:
                continue  # a history row may point at a record since deleted
            value = getattr(instance, field.attname)
            if value is None:
                continue
            target = field.related_model._meta.concrete_model
            if value not in self.pks_of(target):
                problems.append(f"{field.name}: no {target._meta.label} with pk {value!r}")
        return problems

    def is_tracked(self, model) -> bool:
        """Whether `model` keeps history, asked once per model: the `history` descriptor builds a
        manager on every access."""
        if model not in self.tracked_models:
            self.tracked_models[model] = hasattr(model, "history")
        return self.tracked_models[model]

    def pks_of(self, model):
        """Primary keys of `model` in the database or loaded so far, read once per model."""
        if model not in self.known_pks:
            manager = model._base_manager.using(self.using)
            self.known_pks[model] = set(manager.values_list("pk", flat=True))
        return self.known_pks[model]
