"""Who may keep a copy of a page: Cache-Control for pages that did not say.

With ConditionalGetMiddleware (an ETag from the page's bytes, a 304 when the browser's copy is still the page), a
repeat visit on a slow connection costs a few hundred bytes instead of the page. What may be cached where:

- a page for a signed-in user, or for a request that carried credentials: `private, no-cache` — only that
  browser keeps it, and asks each time (a 304 when unchanged);
- a page for an anonymous visitor that depends on nothing of theirs (no session cookie sent, no cookie set, no
  CSRF token in it): `public, max-age=ASSAY_PUBLIC_MAX_AGE`, with `Vary: Cookie` (a signed-in visitor's request
  never matches the anonymous copy);
- any other anonymous page (a form with its CSRF token, a message just shown, a respondent's draft in the
  session): `private, no-cache`.

Only successful GET and HEAD responses in HTML are made public; a response that set its own Cache-Control (a
download, a favicon, never_cache) keeps it.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

# Templates and translations change only with a deploy, which restarts the server: a page whose data last changed
# earlier was last modified, at the latest, when this process started.
STARTED = datetime.now(UTC)
PUBLIC_MAX_AGE = 300  # seconds; short, as a page can change when a round opens or a version is published


def since_start(changed: datetime) -> datetime:
    """A page's Last-Modified: when its data last changed, or when the server started, whichever is later."""
    return max(changed, STARTED)


def _personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response may depend on who asked."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if "HTTP_AUTHORIZATION" in request.META:  # an API token: the answer is that client's
        return True
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True  # it sets a cookie (a CSRF token in a form, a message shown), or holds a CSRF token
    session = getattr(request, "session", None)
    return settings.SESSION_COOKIE_NAME in request.COOKIES and session is not None and session.accessed


class CacheControlMiddleware:
    """Cache-Control on responses that have none (see the module's docstring). Placed after (inside)
    ConditionalGetMiddleware, so that a 304 carries the same Cache-Control and Vary as the page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.max_age = getattr(settings, "ASSAY_PUBLIC_MAX_AGE", PUBLIC_MAX_AGE)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if _personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie",))
        elif request.method in ("GET", "HEAD") and (
            response.status_code == 304  # from a view's own condition (Last-Modified): as its page would be
            or (response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"))
        ):
            patch_cache_control(response, public=True, max_age=self.max_age)
            patch_vary_headers(response, ("Cookie",))
        return response
