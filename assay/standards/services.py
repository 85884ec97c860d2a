"""State changes of standards: each one atomic, told who acts, and audited.

Every public service takes keyword arguments only: `actor` is the user who acts (None when the system does, as the
demo loader and the import command). Each is a durable transaction, so when it returns its change is committed; a
service that needs another's work calls that one's private helper (`_version_import`), never the public service.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.lib import languages

from . import yaml_io
from .models import Criterion, Level, Module, Standard, StandardVersion, VersionStatus
from .tasks import render_version_documents
from .translation_status import TranslatedContent

LANGS = languages.content()


def _apply_text(obj: TranslatedContent, field: str, value: dict[str, Any] | None, outdated: set[str]) -> None:
    value = value or {}
    for lang in LANGS:
        setattr(obj, f"{field}_{lang}", value.get(lang, ""))
    outdated.update(f"{field}.{lang}" for lang in value.get("outdated", []))


def _texts(obj: TranslatedContent, item: dict[str, Any]) -> TranslatedContent:
    outdated: set[str] = set()
    for field in obj.translated_fields:
        _apply_text(obj, field, item.get(field), outdated)
    obj.sync_translation_state(outdated)
    return obj


@transaction.atomic(durable=True)
def version_import(*, actor: User | None, raw: bytes) -> StandardVersion:
    """Create a draft version from a standard file; raise StandardFileError listing every problem, writing nothing."""
    return _version_import(actor, raw)


def _version_import(user: User | None, raw: bytes) -> StandardVersion:
    data, problems = yaml_io.check(raw)
    if not problems and data is not None:
        slug, label = data["standard"]["slug"], data["version"]["label"]
        if StandardVersion.objects.filter(standard__slug=slug, label=label).exists():
            problems = ["version.label: " + _("version %(label)s of %(slug)s already exists")
                        % {"label": label, "slug": slug}]
    if problems or data is None:
        raise yaml_io.StandardFileError(problems)

    standard = Standard.objects.filter(slug=data["standard"]["slug"]).first() or Standard(slug=data["standard"]["slug"])
    _texts(standard, data["standard"])
    standard.save()

    version = StandardVersion(standard=standard, label=data["version"]["label"], rules=dict(data["rules"]),
                              commodities=list(data.get("commodities") or []))
    _texts(version, data["version"])
    version.save()

    modules, criteria = [], []
    for m_pos, m in enumerate(data["modules"]):
        module = _texts(Module(version=version, code=m["code"], position=m_pos, oecd_step=m["oecd_step"],
                               theme=m["theme"]), m)
        modules.append(module)
    Module.objects.bulk_create(modules)
    for module, m in zip(modules, data["modules"], strict=True):
        for c_pos, c in enumerate(m["criteria"]):
            criteria.append(_texts(Criterion(
                version=version, module=module, key=c["key"], code=c["code"], position=c_pos, kind=c["kind"],
                tier=c.get("tier"), points=c["points"], na_allowed=c.get("na_allowed", False),
                applies_to=list(c["applies_to"]), commodities=list(c.get("commodities") or []),
                disclosure=c["disclosure"], risk=c.get("risk", False),
                oecd_step=c.get("oecd_step", m["oecd_step"]), risk_area=c.get("risk_area") or "",
                timeline_months=c.get("timeline_months"),
                unit=c.get("unit") or "", better=c.get("better") or "",
            ), c))
    Criterion.objects.bulk_create(criteria)
    levels = []
    for lv in data["levels"]:
        req = lv["requires"]
        levels.append(_texts(Level(
            version=version, rank=lv["rank"], code=lv["code"], all_gates_clear=req.get("all_gates_clear", False),
            mitigation_min=req.get("mitigation_min"),
            overall_min=_decimal(req.get("overall_min")), every_module_min=_decimal(req.get("every_module_min")),
            module_min={str(k): v for k, v in (req.get("module_min") or {}).items()},
        ), lv))
    Level.objects.bulk_create(levels)
    audit_record(user, AuditAction.VERSION_IMPORT, version, f"{standard.slug} {version.label}",
                 modules=len(modules), criteria=len(criteria), levels=len(levels))
    return version


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def version_export(version: StandardVersion) -> str:
    """The version as one YAML document."""
    return yaml_io.dump(yaml_io.version_to_data(version))


def _transition(user: User | None, version: StandardVersion, allowed_from: tuple[str, ...], to: str, action: AuditAction
                ) -> StandardVersion:
    version = StandardVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in allowed_from:
        raise ValidationError(
            _("A version in status “%(status)s” cannot move to “%(to)s”.")
            % {"status": version.get_status_display(), "to": VersionStatus(to).label},
            code="bad_transition",
        )
    before = version.status
    version.status = to
    now = timezone.now()
    stamp = {VersionStatus.CONSULTATION: "consultation_at", VersionStatus.PUBLISHED: "published_at",
             VersionStatus.RETIRED: "retired_at"}[VersionStatus(to)]
    setattr(version, stamp, now)
    version.save()
    audit_record(user, action, version, f"{version} {before} → {to}", before=before, after=to)
    return version


@transaction.atomic(durable=True)
def version_open_consultation(*, actor: User | None, version: StandardVersion) -> StandardVersion:
    """Open a draft for public consultation."""
    return _transition(actor, version, (VersionStatus.DRAFT,), VersionStatus.CONSULTATION,
                       AuditAction.VERSION_OPEN_CONSULTATION)


@transaction.atomic(durable=True)
def version_publish(*, actor: User | None, version: StandardVersion) -> StandardVersion:
    """Publish a version: from now on it never changes. Any earlier published version of the standard retires."""
    published = _transition(actor, version, (VersionStatus.DRAFT, VersionStatus.CONSULTATION),
                             VersionStatus.PUBLISHED, AuditAction.VERSION_PUBLISH)
    retired: list[int] = []
    for older in StandardVersion.objects.filter(standard=published.standard, status=VersionStatus.PUBLISHED).exclude(
        pk=published.pk
    ):
        _transition(actor, older, (VersionStatus.PUBLISHED,), VersionStatus.RETIRED, AuditAction.VERSION_RETIRE)
        retired.append(older.pk)
    if settings.ASSAY_SUMMARY_DOCUMENTS:
        # With a worker, the downloads of what just froze are rendered before anyone asks (5 s a PDF otherwise).
        ids = [published.pk, *retired]
        transaction.on_commit(lambda: render_version_documents.enqueue(ids))
    return published


@transaction.atomic(durable=True)
def version_retire(*, actor: User | None, version: StandardVersion) -> StandardVersion:
    """Retire a published version (it stays readable, no longer current)."""
    return _transition(actor, version, (VersionStatus.PUBLISHED,), VersionStatus.RETIRED, AuditAction.VERSION_RETIRE)


@transaction.atomic(durable=True)
def version_derive(*, actor: User | None, version: StandardVersion, label: str) -> StandardVersion:
    """A new draft that starts as a copy of `version` (the way to change a published standard)."""
    if StandardVersion.objects.filter(standard=version.standard, label=label).exists():
        raise ValidationError(_("Version %(label)s already exists.") % {"label": label}, code="duplicate_label")
    data = yaml_io.version_to_data(version)
    data["version"]["label"] = label
    draft = _version_import(actor, yaml_io.dump(data).encode())
    StandardVersion.objects.filter(pk=draft.pk).update(derived_from=version)
    draft.refresh_from_db()
    audit_record(actor, AuditAction.VERSION_DERIVE, draft, f"{draft} from {version.label}", derived_from=version.pk)
    return draft


@transaction.atomic(durable=True)
def content_save(*, actor: User | None, obj: TranslatedContent, changed: Sequence[str] = ()) -> TranslatedContent:
    """Save an edit to a draft's content (admin or API); refused on a published version."""
    created = obj.pk is None
    obj.save()
    audit_record(actor, AuditAction.CONTENT_CREATE if created else AuditAction.CONTENT_UPDATE, obj, str(obj)[:200],
                 fields=sorted(changed))
    return obj


@transaction.atomic(durable=True)
def content_delete(*, actor: User | None, objs: Iterable[TranslatedContent]) -> int:
    """Delete a draft's content, each item audited, all or none; returns how many were deleted."""
    deleted = 0
    for obj in objs:
        audit_record(actor, AuditAction.CONTENT_DELETE, obj, str(obj)[:200])
        obj.delete()
        deleted += 1
    return deleted
