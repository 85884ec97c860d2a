"""Staff edit the standard here. Published versions are read-only; every change goes through a service."""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from assay.audit.admin import ServiceAdmin

from . import services
from .models import Criterion, Level, Module, Standard, StandardVersion
from .services import LANGS
from .translation_status import TARGETS


def _status_column(lang: str):
    @admin.display(description=lang.upper(), ordering=f"tr_status_{lang}")
    def column(obj):
        return getattr(obj, f"get_tr_status_{lang}_display")()

    column.__name__ = f"translation_{lang}"
    return column


# One column and one filter per translation of the settings (ASSAY_LANGUAGES): its status, current/outdated/missing.
STATUS_COLUMNS = [_status_column(lang) for lang in TARGETS]
STATUS_FILTERS = [f"tr_status_{lang}" for lang in TARGETS]


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



@admin.register(Standard)
class StandardAdmin(ContentAdmin):
    list_display = ["slug", "name", *STATUS_COLUMNS]

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
    list_display = ["__str__", "title", "status", "created_at", "published_at", *STATUS_COLUMNS]
    list_filter = ["standard", "status", *STATUS_FILTERS]
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
    list_display = ["code", "title", "version", "oecd_step", "theme", *STATUS_COLUMNS]
    list_filter = ["version", "oecd_step", "theme", *STATUS_FILTERS]
    list_select_related = ["version__standard"]


@admin.register(Criterion)
class CriterionAdmin(ContentAdmin):
    list_display = ["code", "title", "version", "kind", "tier", "points", *STATUS_COLUMNS]
    list_filter = ["version", "kind", "tier", "oecd_step", "risk_area", "disclosure", *STATUS_FILTERS]
    list_select_related = ["version__standard"]
    search_fields = ["code", "key", *(f"title_{lang}" for lang in LANGS), "text_en"]


@admin.register(Level)
class LevelAdmin(ContentAdmin):
    list_display = ["rank", "name", "version", *STATUS_COLUMNS]
    list_filter = ["version", *STATUS_FILTERS]
