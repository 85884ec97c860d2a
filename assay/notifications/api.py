"""The signed-in user's own notifications as JSON (what their list shows), for another system to read."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from pydantic import Field

from assay.lib.api import errors

from .kinds import localized, render
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str = Field(description="in the language of the request (Accept-Language), as the list shows it")
    body: str
    url: str = Field(description="the page it is about, in the same language; empty if none")
    created_at: datetime
    read_at: datetime | None


@router.get("/notifications", response={200: list[NotificationOut], **errors(400, 401, 404)},
            summary="Your own notifications, newest first (the latest 200)")
def my_notifications(request: HttpRequest):
    if not request.user.is_authenticated:
        raise Http404
    out = []
    for note in Notification.objects.filter(user=request.user)[:200]:
        subject, body = render(note.kind, note.params)
        out.append({"id": note.pk, "kind": note.kind, "subject": subject, "body": body,
                    "url": localized(note.url, get_language()) if note.url else "",
                    "created_at": note.created_at, "read_at": note.read_at})
    return out
