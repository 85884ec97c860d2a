"""Documents rendered once: the PDF of something that can no longer change is kept and served from the store.

A PDF takes WeasyPrint seconds (the standard's, about 5 s); a published version, a frozen shortlist or a closed
round's synopsis renders to the same bytes every time, so the first request renders and stores it
(`StoredDocument`, keyed by the object, the language and a content version) and every later one reads it. Callers
decide what may be kept: only documents that can no longer change, after the same permission check as before, so
a stored file reaches nobody who could not open the original. A draft or an open round's document is never given
to this module.

The content version is a digest of what the document is made of: the caller's parts (ids, statuses, or the HTML
itself when the data can still move), the sources of the templates that render it and the language's compiled
catalogue, so a deployment that changes a template or a translation renders the document again.

Filling the store is not a state change of the programme (nothing is decided, the document exists already): it
writes no audit record.
"""

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import StoredDocument

# How many documents of each kind this process rendered (rather than read from the store): what the tests count.
RENDERS: Counter[str] = Counter()

FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("CSV", "text/csv"),
    "yaml": ("YAML", "application/yaml"),
    "ics": ("iCalendar", "text/calendar"),
}


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    object_id: int
    language: str
    content_version: str


@lru_cache(maxsize=256)
def _file_digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file (\"-\" if there is none), read again only when the file changes."""
    try:
        return _file_digest(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return "-"


def content_version(parts: Iterable[object], templates: Iterable[str] = (), language: str = "") -> str:
    """A digest of the caller's parts, the templates' sources and the language's compiled catalogue."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\0")
    for name in templates:
        origin = get_template(name).origin.name  # type: ignore[attr-defined]  # Django's backend template has it
        h.update(file_digest(Path(origin)).encode())
    if language:
        for locale in settings.LOCALE_PATHS:
            h.update(file_digest(Path(locale) / language / "LC_MESSAGES" / "django.mo").encode())
    return h.hexdigest()


def _stored(key: DocumentKey) -> QuerySet[StoredDocument]:
    return StoredDocument.objects.filter(
        kind=key.kind, object_id=key.object_id, language=key.language, content_version=key.content_version
    )


def stored_size(key: DocumentKey) -> int | None:
    """The size in bytes of the stored document, or None when it has not been rendered yet."""
    size: int | None = _stored(key).values_list("size", flat=True).first()
    return size


def rendered(kind: str, render: Callable[[], bytes]) -> bytes:
    """A document rendered now, counted under its kind: what a document that may not be kept goes through."""
    RENDERS[kind] += 1
    return render()


def fetch_or_render(key: DocumentKey, render: Callable[[], bytes], content_type: str = "application/pdf") -> bytes:
    """The stored document under `key`; rendered (and stored, replacing older versions of it) if there is none."""
    found = _stored(key).values_list("data", flat=True).first()
    if found is not None:
        return bytes(found)  # PostgreSQL gives a memoryview
    started = time.perf_counter()
    data = rendered(key.kind, render)
    elapsed = round((time.perf_counter() - started) * 1000)
    try:
        with transaction.atomic():
            StoredDocument.objects.filter(kind=key.kind, object_id=key.object_id, language=key.language).exclude(
                content_version=key.content_version
            ).delete()
            StoredDocument.objects.create(
                kind=key.kind,
                object_id=key.object_id,
                language=key.language,
                content_version=key.content_version,
                content_type=content_type,
                data=data,
                size=len(data),
                render_ms=elapsed,
            )
    except IntegrityError:
        pass  # another request stored the same document meanwhile: same key, same bytes
    return data


def size_text(size: int) -> str:
    """A file size as a reader says it, in the page's language: 84 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return _("%s KB") % number_format(max(1, round(size / 1024)))
    return _("%s MB") % number_format(round(size / (1024 * 1024), 1), decimal_pos=1)


def format_and_size(fmt: str, size: int | None) -> str:
    """What a download link says of its file: "PDF, 84 KB" (the format alone when the size is not known)."""
    name = FORMATS.get(fmt, (fmt.upper(), ""))[0]
    if size is None:
        return name
    return _("%(format)s, %(size)s") % {"format": name, "size": size_text(size)}
