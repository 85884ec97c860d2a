"""The OpenRosa 1.0 endpoints ODK Collect and KoboCollect speak, so a facilitator fetches a pilot-site event's form
and sends the answers collected offline straight from the phone.

- Form List API: `GET formList` lists the forms of the events the account facilitates (`<xforms>`, one `<xform>`
  each with formID, name, version, hash and downloadUrl).
- Form download: `GET forms/<event>/<language>.xml`, the XForm pyxform makes of the round's XLSForm for that
  event (its own form id, so a submission names its event), cached by event, language and form version.
- Form Submission API: `HEAD submission` (204: the client learns it is signed in and how large a request may be),
  `POST submission` (multipart, the instance in part `xml_submission_file`): 201 when stored, 202 when that
  instance was stored before, an `<OpenRosaResponse>` message in the request's language otherwise.

The phone is told the server URL `…/openrosa` (or `…/openrosa/fr`, `…/openrosa/es` for forms and messages in that
language) and appends the paths above. Facilitators sign in with their own username and password over HTTP Basic:
refused over plain HTTP unless DEBUG is on, and counted by the sign-in lockout (django-axes) like the sign-in page.
"""

import base64
import binascii
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import services
from .models import PilotEvent, RoundKind

OPENROSA_VERSION = "1.0"
RESPONSE_NS = "http://openrosa.org/http/response"
FORM_LIST_NS = "http://openrosa.org/xforms/xformsList"
XML = "text/xml; charset=utf-8"
# The largest request the phone may send; a larger one it splits (our forms carry no media, so one part is enough).
ACCEPT_CONTENT_LENGTH = 10 * 1024 * 1024
FORM_ID = re.compile(r"^assay_round_(\d+)_event_(\d+)$")
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class XForm:
    form_id: str
    version: str
    title: str
    xml: bytes

    @property
    def hash(self) -> str:
        return "md5:" + hashlib.md5(self.xml, usedforsecurity=False).hexdigest()


def _language(lang: str | None) -> str:
    """The language of the forms and messages: the server URL's, else the phone's (Accept-Language)."""
    from .xlsform import LANGUAGE_NAMES

    chosen = lang or translation.get_language() or "en"
    return chosen if chosen in LANGUAGE_NAMES else "en"


def _unknown_language(lang: str | None) -> bool:
    from .xlsform import LANGUAGE_NAMES

    return lang is not None and lang not in LANGUAGE_NAMES


def event_xform(event: PilotEvent, language: str) -> XForm:
    """The event's form as ODK Collect receives it: pyxform's XForm of the XLSForm the round's page offers, made
    once per event, language and version (the version is a digest of the form's content)."""
    from pyxform.xls2xform import convert  # late: pyxform is only needed here

    from .xlsform import write_workbook, xlsform_sheets

    sheets = xlsform_sheets(event.round, language, event)
    key = f"openrosa:xform:{event.pk}:{language}:{sheets.version}"
    cached = cache.get(key)
    if cached is None:
        xml = convert(xlsform=io.BytesIO(write_workbook(sheets)), warnings=[]).xform.encode()
        cache.set(key, xml, CACHE_SECONDS)
        cached = xml
    return XForm(form_id=sheets.form_id, version=sheets.version, title=sheets.title, xml=cached)


# Responses


def _openrosa(body: bytes, status: int = 200, content_type: str = XML) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["X-OpenRosa-Accept-Content-Length"] = str(ACCEPT_CONTENT_LENGTH)
    response["Date"] = http_date()
    response["Cache-Control"] = "no-store"  # what the account may fetch is personal
    return response


def _message(text: str, status: int, nature: str = "") -> HttpResponse:
    root = ET.Element("OpenRosaResponse", xmlns=RESPONSE_NS)
    message = ET.SubElement(root, "message")
    if nature:
        message.set("nature", nature)
    message.text = text
    return _openrosa(ET.tostring(root, encoding="utf-8", xml_declaration=True), status)


def _challenge(text: str) -> HttpResponse:
    response = _message(text, 401)
    response["WWW-Authenticate"] = 'Basic realm="Assay", charset="UTF-8"'
    return response


def _credentials(request: HttpRequest) -> tuple[str, str] | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep and username else None


def _signed_in(request: HttpRequest) -> Any:
    """The facilitator the request signs in as, or the response refusing it."""
    if not (settings.DEBUG or request.is_secure()):
        # Refused before any challenge, so the phone is never asked to send a password in clear.
        return _message(
            _("This server accepts facilitators' passwords over HTTPS only: use the https:// address."), 403
        )
    credentials = _credentials(request)
    if credentials is None:
        return _challenge(_("Sign in with your facilitator account."))
    # Through the authentication backends, django-axes first: failures count towards the lockout, and a locked
    # account or address is refused whatever the password (axes answers 429 then).
    user = authenticate(request, username=credentials[0], password=credentials[1])
    if user is None:
        return _challenge(_("Wrong username or password."))
    if not services.may_facilitate(user):
        return _message(_("This account may not send forms: ask the secretariat for a facilitator account."), 403)
    return user


def _facilitated(user: Any) -> Any:
    return PilotEvent.objects.filter(facilitators=user, round__kind=RoundKind.PUBLIC).select_related("round")


# Views


def form_list(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    """The forms of the events this facilitator is linked to (OpenRosa Form List API)."""
    with translation.override(_language(lang)):
        if _unknown_language(lang):
            return _message(_("There is no such form list."), 404)
        if request.method not in ("GET", "HEAD"):
            return _message(_("Use GET."), 405)
        user = _signed_in(request)
        if isinstance(user, HttpResponse):
            return user
        language = _language(lang)
        wanted = request.GET.get("formID", "")
        root = ET.Element("xforms", xmlns=FORM_LIST_NS)
        for event in _facilitated(user).order_by("-held_on", "pk"):
            form = event_xform(event, language)
            if wanted and form.form_id != wanted:
                continue
            entry = ET.SubElement(root, "xform")
            for tag, text in (
                ("formID", form.form_id),
                ("name", form.title),
                ("version", form.version),
                ("hash", form.hash),
                ("descriptionText", _("Answers collected at %(event)s") % {"event": event}),
                ("downloadUrl", request.build_absolute_uri(reverse("openrosa:form", args=[event.pk, language]))),
            ):
                ET.SubElement(entry, tag).text = text
        return _openrosa(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def form_download(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """One event's XForm, for a facilitator of that event."""
    with translation.override(_language(lang)):
        user = _signed_in(request)
        if isinstance(user, HttpResponse):
            return user
        event = PilotEvent.objects.select_related("round").filter(pk=pk, round__kind=RoundKind.PUBLIC).first()
        if event is None or _unknown_language(lang):
            return _message(_("There is no such form."), 404)
        if not event.facilitators.filter(pk=user.pk).exists():
            return _message(_("You do not facilitate this event; ask the secretariat."), 403)
        form = event_xform(event, lang)
        response = _openrosa(form.xml)
        response["Content-Disposition"] = f'attachment; filename="{form.form_id}.xml"'
        return response


@csrf_exempt  # a phone has no CSRF cookie; the request is signed in with the facilitator's own credentials
def submission(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    """A filled-in form of an event the facilitator is linked to (OpenRosa Form Submission API)."""
    with translation.override(_language(lang)):
        if _unknown_language(lang):
            return _message(_("There is no such form list."), 404)
        if request.method not in ("HEAD", "POST"):
            response = _message(_("Send the form with POST."), 405)
            response["Allow"] = "HEAD, POST"
            return response
        user = _signed_in(request)
        if isinstance(user, HttpResponse):
            return user
        if request.method == "HEAD":
            return _openrosa(b"", 204)
        upload = request.FILES.get("xml_submission_file")
        if upload is None:
            return _message(_("The request lacks its xml_submission_file part."), 400)
        from .xlsform import MAX_INSTANCE_BYTES, parse_instance

        if upload.size is not None and upload.size > MAX_INSTANCE_BYTES:
            return _message(_("The submission is too large."), 413)
        try:
            instance = parse_instance(upload.read())
        except ValueError as exc:
            return _message(str(exc), 400)
        match = FORM_ID.match(instance.form_id)
        event = (
            PilotEvent.objects.select_related("round")
            .filter(pk=int(match.group(2)), round_id=int(match.group(1)), round__kind=RoundKind.PUBLIC)
            .first()
            if match
            else None
        )
        if event is None:
            return _message(
                _("This server has no form %(form)s: fetch the event's form from the form list.")
                % {"form": instance.form_id[:100]},
                404,
            )
        if not event.facilitators.filter(pk=user.pk).exists():
            return _message(_("You do not facilitate this event; ask the secretariat."), 403)
        try:
            stored = services.event_submission_receive(actor=user, event=event, instance=instance)
        except ValidationError as exc:
            return _message(" ".join(exc.messages), 409 if getattr(exc, "code", None) == "version" else 400)
        except IntegrityError:
            # The same instance sent twice at once (a phone retrying on a slow line): the other request stored it.
            if not services.collected_before(event, instance.instance_id):
                raise
            stored = None
        if stored is None:
            return _message(_("These answers were received before; nothing was stored twice."), 202, "submit_success")
        return _message(_("Thank you: the answers are stored for %(event)s.") % {"event": event}, 201, "submit_success")
