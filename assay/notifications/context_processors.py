from typing import Any

from .models import Notification


def unread(request: Any) -> dict[str, Any]:
    """How many of the signed-in user's notifications are unread (one indexed count), for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
