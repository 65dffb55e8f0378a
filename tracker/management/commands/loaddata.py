"""Django's loaddata, checking each record before it is saved.

Plain loaddata writes whatever a fixture says (a status that is not a choice, text too long for
its field on SQLite) and reports a missing related record only at the end, without naming the
record that points to it. Here every record is checked first: its fields with the model's own
validation, and each foreign key against the records already in the database or earlier in the
fixture (so a fixture lists parents before children). A bad record stops the load with a message
naming it, and loaddata's transaction leaves the database as it was.

Plain loaddata also writes no history. Here, once the records are in, every history-tracked record
the fixture created or changed gets a history row ("Loaded from a fixture"), unless the fixture
brought its own rows that already match it, as `appendix` does with its dated timeline.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self.known_pks = {}
        self.tracked = defaultdict(dict)  # model -> {pk: instance} of history-tracked records loaded
        super().loaddata(fixture_labels)
        self.record_history(", ".join(fixture_labels))

    def save_obj(self, obj):
        instance = obj.object
        problems = self.field_problems(instance) + self.missing_relations(instance, obj.deferred_fields)
        if problems:
            raise CommandError(
                f"Could not load {instance._meta.label}(pk={instance.pk}): {'; '.join(problems)}"
            )
        saved = super().save_obj(obj)
        model = type(instance)._meta.concrete_model
        self.pks_of(model).add(instance.pk)
        if saved and hasattr(model, "history"):
            self.tracked[model][instance.pk] = instance
        return saved

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
            fields = [f.attname for f in model._meta.concrete_fields]
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
        try:
            instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
        return []

    def missing_relations(self, instance, deferred_fields):
        problems = []
        for field in instance._meta.concrete_fields:
            if not field.is_relation or field in deferred_fields or not field.target_field.primary_key:
                continue
            value = getattr(instance, field.attname)
            if value is None:
                continue
            target = field.related_model._meta.concrete_model
            if value not in self.pks_of(target):
                problems.append(f"{field.name}: no {target._meta.label} with pk {value!r}")
        return problems

    def pks_of(self, model):
        """Primary keys of `model` in the database or loaded so far, read once per model."""
        if model not in self.known_pks:
            manager = model._base_manager.using(self.using)
            self.known_pks[model] = set(manager.values_list("pk", flat=True))
        return self.known_pks[model]
