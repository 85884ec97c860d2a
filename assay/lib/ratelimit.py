"""Limits on public requests that send e-mail or store data, per client address and per e-mail address
(django-ratelimit). The counters live in the default cache, which must be shared by every worker in production
(CACHE_URL: Redis or memcached; a per-process cache multiplies each limit by the number of processes)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind PROXY_COUNT trusted proxies, the one the outermost of them saw
    (the entry they appended to X-Forwarded-For); entries further left are the client's own claims."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _ip_key(group: str, request: HttpRequest) -> str:
    address = ipaddress.ip_address(client_ip(request))
    # one IPv6 customer usually holds a whole /64
    return str(ipaddress.ip_network(f"{address}/64", strict=False)) if address.version == 6 else str(address)


def over_limit(request: HttpRequest, action: str, email: str = "") -> int | None:
    """Count this request against the limits of `action` (settings.RATE_LIMITS: per client address, per e-mail
    address); the seconds to wait when one is exceeded, else None. The caller then answers 429 and does nothing."""
    per_ip, per_email = settings.RATE_LIMITS[action]
    keys = [(f"{action}:ip", _ip_key, per_ip)]
    address = email.strip().lower()
    if address and per_email:
        keys.append((f"{action}:email", lambda group, request: address, per_email))
    waits = []
    for group, key, rate in keys:  # each counter counts every request, so none can be probed for free
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits) if waits else None


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """The translated 429 page: nothing was saved or sent."""
    response = render(request, "too_many_requests.html", {"minutes": max(1, (wait + 59) // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response
