"""Staff edit the standard here. Published versions are read-only; every change goes through a service."""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from assay.audit.admin import ServiceAdmin

from . import services
from .models import Criterion, Level, Module, Standard, StandardVersion


class ContentAdmin(ServiceAdmin, TranslationAdmin):
    """Edits go through services.content_save (audited); a frozen version's content is read-only."""

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.frozen_version().is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)

    def save_model(self, request, obj, form, change):
        services.content_save(actor=request.user, obj=obj, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.content_delete(actor=request.user, objs=[obj])

    def delete_queryset(self, request, queryset):
        services.content_delete(actor=request.user, objs=queryset)

    @admin.display(description=_("FR"))
    def fr(self, obj):
        return obj.get_tr_status_fr_display()

    @admin.display(description=_("ES"))
    def es(self, obj):
        return obj.get_tr_status_es_display()


@admin.register(Standard)
class StandardAdmin(ContentAdmin):
    list_display = ["slug", "name", "fr", "es"]

    def _frozen(self, obj) -> bool:
        return False


def _next_label(version: StandardVersion) -> str:
    match = re.match(r"^(.*?)(\d+)$", version.label)
    base, n = (match.group(1), int(match.group(2))) if match else (f"{version.label}.", 0)
    existing = set(StandardVersion.objects.filter(standard=version.standard).values_list("label", flat=True))
    n += 1
    while f"{base}{n}" in existing:
        n += 1
    return f"{base}{n}"


@admin.register(StandardVersion)
class StandardVersionAdmin(ContentAdmin):
    list_display = ["__str__", "title", "status", "created_at", "published_at", "fr", "es"]
    list_filter = ["standard", "status", "tr_status_fr", "tr_status_es"]
    readonly_fields = ["status", "consultation_at", "published_at", "retired_at", "derived_from"]
    actions = ["open_consultation", "publish", "retire", "derive"]

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_frozen

    def _run(self, request, queryset, service, done):
        for version in queryset:
            try:
                service(actor=request.user, version=version)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, done % {"version": version}, messages.SUCCESS)

    @admin.action(description=_("Open for public consultation"))
    def open_consultation(self, request, queryset):
        self._run(request, queryset, services.version_open_consultation, _("%(version)s is open for consultation."))

    @admin.action(description=_("Publish (cannot be undone; the version becomes immutable)"))
    def publish(self, request, queryset):
        self._run(request, queryset, services.version_publish, _("%(version)s is published."))

    @admin.action(description=_("Retire"))
    def retire(self, request, queryset):
        self._run(request, queryset, services.version_retire, _("%(version)s is retired."))

    @admin.action(description=_("Derive a new draft from the selected version"))
    def derive(self, request, queryset):
        self._run(request, queryset, lambda actor, version: services.version_derive(actor=actor, version=version,
                                                                           label=_next_label(version)),
                  _("A new draft was derived from %(version)s."))


@admin.register(Module)
class ModuleAdmin(ContentAdmin):
    list_display = ["code", "title", "version", "oecd_step", "theme", "fr", "es"]
    list_filter = ["version", "oecd_step", "theme", "tr_status_fr", "tr_status_es"]
    list_select_related = ["version__standard"]


@admin.register(Criterion)
class CriterionAdmin(ContentAdmin):
    list_display = ["code", "title", "version", "kind", "tier", "points", "fr", "es"]
    list_filter = ["version", "kind", "tier", "oecd_step", "risk_area", "disclosure", "tr_status_fr", "tr_status_es"]
    list_select_related = ["version__standard"]
    search_fields = ["code", "key", "title_en", "title_fr", "title_es", "text_en"]


@admin.register(Level)
class LevelAdmin(ContentAdmin):
    list_display = ["rank", "name", "version", "fr", "es"]
    list_filter = ["version", "tr_status_fr", "tr_status_es"]
