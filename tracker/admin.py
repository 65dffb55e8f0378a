"""The Django admin, a write path like the pages: every admin of a tracked record goes through
`RecordAdmin`, so an edit there is recorded with who and why, raises the record's version (a form
opened on an older version is refused, never silently overwriting), leaves the fields only the
workflow changes read-only, and history is never rewritten or reverted from here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import QueuedEmail, User

STALE = (
    "Someone saved a newer version of this record while you were editing it. Nothing was saved: "
    "open it again to see their changes, then make yours."
)


def has_version(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the form was opened on, and refuses a save made on an older one."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and self.has_changed():
            # Locked until the admin's transaction ends, so no save can come between.
            current = (
                type(self.instance)
                ._base_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is None or cleaned_data.get("opened_version") != current:
                raise ValidationError(STALE, code="stale")
        return cleaned_data


def _record_edit(obj, request, *, change: bool) -> None:
    if has_version(type(obj)) and change:
        obj.version += 1
    obj._change_reason = "Edited in the admin" if change else "Added in the admin"
    obj._history_user = request.user


class RecordAdmin(SimpleHistoryAdmin):
    """The admin of a history-tracked record.

    `workflow_fields` are changed only through the services (accepting or correcting an update,
    opening or closing a quarter): read-only here. `view_only` makes the whole record read-only.
    """

    workflow_fields: tuple[str, ...] = ()
    view_only = False

    def get_form(self, request, obj=None, **kwargs):
        if has_version(self.model) and "form" not in kwargs:
            kwargs["form"] = type("VersionedForm", (VersionedAdminForm,), {})
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.workflow_fields]
        if has_version(self.model):
            fields.append("version")
        return fields

    def has_add_permission(self, request, *args):
        return not self.view_only and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self.view_only and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.view_only and super().has_delete_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reading a past version is allowed; saving it (a revert) would rewrite the record.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        _record_edit(obj, request, change=change)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = "Deleted in the admin"
        obj._history_user = request.user
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in formset.deleted_objects:
            instance._change_reason = "Deleted in the admin"
            instance._history_user = request.user
            instance.delete()
        for instance in instances:
            _record_edit(instance, request, change=instance.pk is not None)
            instance.save()
        formset.save_m2m()


class RecordInline(admin.StackedInline):
    """An inline of history-tracked records: versioned like `RecordAdmin`'s."""

    workflow_fields: tuple[str, ...] = ()

    def get_formset(self, request, obj=None, **kwargs):
        if has_version(self.model) and "form" not in kwargs:
            kwargs["form"] = type("VersionedForm", (VersionedAdminForm,), {})
        return super().get_formset(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.workflow_fields]
        if has_version(self.model):
            fields.append("version")
        return fields


@admin.register(User)
class UserAdmin(DjangoUserAdmin, RecordAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Role in the tracker", {"fields": ["role"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Role in the tracker", {"fields": ["first_name", "last_name", "email", "role"]}),
    ]


@admin.register(QueuedEmail)
class QueuedEmailAdmin(admin.ModelAdmin):
    """The email queue, for the administrator: what waits, what went, what failed and why. Emails
    are written by the workflow only; a failed one can be tried again."""

    list_display = ["subject", "recipients", "state", "attempts", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["subject", "to"]
    readonly_fields = [field.name for field in QueuedEmail._meta.fields]
    actions = ["try_again"]

    @admin.display(description="To")
    def recipients(self, email):
        return ", ".join(email.recipients)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Try sending the selected emails again now")
    def try_again(self, request, queryset):
        count = queryset.exclude(state=QueuedEmail.State.SENT).update(
            state=QueuedEmail.State.WAITING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} email{'s' if count != 1 else ''} will be tried again.")
