"""The client fingerprint stored with a submission: a keyed hash of the browser's user agent and the client's
address. The address itself is never stored; the hash only lets the secretariat see that many responses came
from one browser on one network (a possibly scripted campaign)."""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_fingerprint(request: HttpRequest) -> str:
    agent = request.META.get("HTTP_USER_AGENT", "")[:1000]
    address = request.META.get("REMOTE_ADDR", "")
    key = hashlib.sha256(f"consultation-fingerprint:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{agent}\n{address}".encode(), hashlib.sha256).hexdigest()
