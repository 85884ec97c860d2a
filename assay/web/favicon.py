"""The site's icon, an SVG of 300 bytes, at /favicon.svg (linked from every page) and at /favicon.ico (which
browsers and feed readers ask for unprompted)."""

import hashlib
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

ICON = (Path(__file__).parent / "static" / "assay" / "favicon.svg").read_bytes()
VERSION = hashlib.sha256(ICON).hexdigest()[:12]  # in the linked URL: a new icon is a new URL
YEAR, DAY = 365 * 24 * 3600, 24 * 3600


def favicon(request: HttpRequest) -> HttpResponse:
    """The icon. Kept a year, unchanged, under the URL that names its version; a day at a bare URL."""
    response = HttpResponse(ICON, content_type="image/svg+xml")
    if request.GET.get("v") == VERSION:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=DAY)
    return response
