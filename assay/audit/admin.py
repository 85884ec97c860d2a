"""Every change made in the admin is audited: `AuditedAdmin` on every ModelAdmin, `AuditedInline` on every inline.

An admin that hands a change to a named service (which writes its own record) overrides the hook and calls the
service; anything else it adds calls super(). Admins of other packages (users, groups, devices, lockouts, tasks)
are re-registered with the mixin by AuditConfig.ready.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect

from .models import AuditAction, AuditRecord
from .services import audit_record


def _summary(obj: Model) -> str:
    return str(obj)[:200]


def _delete_audited(user: Any, obj: Model) -> None:
    """Record a delete, with what the database would delete along with it, then delete."""
    using = router.db_for_write(type(obj))
    collector = NestedObjects(using=using)
    collector.collect([obj])
    cascade = {model._meta.label_lower: len(objs) for model, objs in collector.model_objs.items()
               if model is not type(obj) and objs}
    with transaction.atomic(using=using):
        audit_record(user, AuditAction.ADMIN_DELETE, obj, _summary(obj), **({"cascade": cascade} if cascade else {}))
        obj.delete()


class AuditedAdmin:
    """Mixin for a ModelAdmin (list it first): adds, changes and deletes write an audit record naming the user."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            audit_record(request.user, AuditAction.ADMIN_CHANGE if change else AuditAction.ADMIN_ADD, obj,
                         _summary(obj), changed=list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        _delete_audited(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # One record per object (Django's bulk delete would write none), in one transaction.
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                _delete_audited(request.user, obj)

    def get_inline_instances(self, request: HttpRequest, obj: Model | None = None) -> list:
        inlines = super().get_inline_instances(request, obj)  # type: ignore[misc]
        for inline in inlines:
            if not isinstance(inline, AuditedInline):
                raise TypeError(f"{type(inline).__name__} must use AuditedInline")
        return inlines


class AuditedInline:
    """Mixin for an inline (list it first): the objects its formset adds, changes or deletes are audited.

    The records are written when the formset saves for real; an admin that saves through a service instead
    (formset.save(commit=False)) leaves the records to the service.
    """

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        user = request.user

        class AuditedFormSet(base):  # type: ignore[misc, valid-type]
            def save_new(self, form: Any, commit: bool = True) -> Model:
                saved = super().save_new(form, commit)
                if commit:
                    audit_record(user, AuditAction.ADMIN_ADD, saved, _summary(saved), changed=list(form.changed_data))
                return saved

            def save_existing(self, form: Any, obj: Model, commit: bool = True) -> Model:
                saved = super().save_existing(form, obj, commit)
                if commit:
                    audit_record(user, AuditAction.ADMIN_CHANGE, saved, _summary(saved),
                                 changed=list(form.changed_data))
                return saved

            def delete_existing(self, obj: Model, commit: bool = True) -> None:
                if commit:
                    _delete_audited(user, obj)
                else:
                    super().delete_existing(obj, commit)

        AuditedFormSet.__name__ = base.__name__
        return AuditedFormSet


class _AuditedPasswordChange:
    """Django's user admin sets a password in a view of its own, past save_model."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        from django.contrib.admin.utils import unquote

        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)  # type: ignore[misc]
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))  # type: ignore[attr-defined]
                audit_record(request.user, AuditAction.ADMIN_CHANGE, user, _summary(user), changed=["password"])
        return response


class ServiceAdmin(AuditedAdmin):
    """Mixin for an admin whose saves and deletes are services (list it first, in place of AuditedAdmin).

    A service is a durable transaction, which cannot run inside another, so this admin's pages open none around
    it as Django's do: each service it calls commits on its own, with its own audit record.
    """

    @method_decorator(csrf_protect)
    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict[str, Any] | None = None) -> Any:
        return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined]

    @method_decorator(csrf_protect)
    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        return self._delete_view(request, object_id, extra_context)  # type: ignore[attr-defined]


class ReadOnlyAdmin(AuditedAdmin, admin.ModelAdmin):
    """A record that only its services write (logs, deliveries, assignments): listed and read, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def audit_every_admin(site: admin.AdminSite) -> None:
    """Re-register the admins of other packages with the mixin (ours use it in their own code; a test checks)."""
    from django.contrib.auth.admin import UserAdmin

    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if isinstance(model_admin, AuditedAdmin) or cls.__module__.startswith("assay."):
            continue
        bases = (AuditedAdmin, _AuditedPasswordChange, cls) if issubclass(cls, UserAdmin) else (AuditedAdmin, cls)
        site.unregister(model)
        site.register(model, type(f"Audited{cls.__name__}", bases, {"__module__": __name__}))


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id"]
    readonly_fields = [f.name for f in AuditRecord._meta.fields]
