"""Django's loaddata, checking each record before it is saved.

Plain loaddata writes whatever a fixture says (a status that is not a choice, text too long for
its field on SQLite) and reports a missing related record only at the end, without naming the
record that points to it. Here every record is checked first: its fields with the model's own
validation, and each foreign key against the records already in the database or earlier in the
fixture (so a fixture lists parents before children). A bad record stops the load with a message
naming it, and loaddata's transaction leaves the database as it was.
"""

from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self.known_pks = {}
        return super().loaddata(fixture_labels)

    def save_obj(self, obj):
        instance = obj.object
        problems = self.field_problems(instance) + self.missing_relations(instance, obj.deferred_fields)
        if problems:
            raise CommandError(
                f"Could not load {instance._meta.label}(pk={instance.pk}): {'; '.join(problems)}"
            )
        saved = super().save_obj(obj)
        self.pks_of(type(instance)._meta.concrete_model).add(instance.pk)
        return saved

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
