"""One round trip to first paint: the stylesheet is inlined under the CSP by its hash, the favicon is served and
kept, public pages answer a repeat visit with a 304, and brotli and gzip carry the same page."""

import base64
import gzip
import hashlib
import re

import brotli
import pytest
from django.urls import reverse

from assay.lib.compression import brotli_compress
from assay.lib.inline_style import inline_style
from assay.web.favicon import VERSION

pytestmark = pytest.mark.django_db

STYLE = re.compile(r"<style>(.*?)</style>", re.S)
# A signed-in page and an anonymous public page of each kind a producer reads first.
PUBLIC = ["/en/", "/fr/standards/mes/0.1/", "/es/standards/mes/0.1/criteria/4.1/"]


def style_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("style-src "))
    return directive.split()[1:]


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("path", PUBLIC)
def test_the_page_inlines_the_stylesheet_that_its_csp_hash_allows(client, demo, path):
    response = client.get(path)
    html = response.content.decode()
    styles = STYLE.findall(html)
    assert len(styles) == 1 and "font:16px/1.5" in styles[0]  # the site's stylesheet, in full
    sources = style_src(response)
    assert sha256_source(styles[0]) in sources
    assert "'unsafe-inline'" not in sources and "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert 'rel="stylesheet"' not in html  # nothing else to fetch before painting


def test_the_inlined_text_is_the_stylesheet_file(settings):
    from pathlib import Path

    import assay

    path = Path(assay.__file__).parent / "web" / "static" / "assay" / "site.css"
    assert settings.SITE_STYLE.css == path.read_text(encoding="utf-8").replace("\r\n", "\n")


def test_a_stylesheet_that_would_end_its_style_element_is_refused(tmp_path):
    css = tmp_path / "bad.css"
    css.write_text("a{color:red}</STYLE><script>alert(1)</script>")
    with pytest.raises(ValueError):
        inline_style(css)


def test_line_ends_are_hashed_as_the_browser_sees_them(tmp_path):
    css = tmp_path / "crlf.css"
    css.write_bytes(b"a{color:red}\r\nb{color:blue}\r\n")
    style = inline_style(css)
    assert style.css == "a{color:red}\nb{color:blue}\n" and style.csp_source == sha256_source(style.css)


def test_the_favicon_is_linked_served_and_kept(client, demo):
    html = client.get("/en/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
    assert href == f"/favicon.svg?v={VERSION}"
    icon = client.get(href)
    assert icon.status_code == 200 and icon["Content-Type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg") and len(icon.content) < 1024
    assert "max-age=31536000" in icon["Cache-Control"] and "immutable" in icon["Cache-Control"]
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.content == icon.content
    assert "immutable" not in ico["Cache-Control"]  # its URL does not change with the icon


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_a_repeat_anonymous_visit_gets_a_304(client, demo, path, encoding):
    first = client.get(path, HTTP_ACCEPT_ENCODING=encoding)
    assert first.status_code == 200
    assert first["Content-Encoding" if encoding else "ETag"]  # compressed when asked (and an ETag either way)
    cache = {d.strip() for d in first["Cache-Control"].split(",")}
    assert "public" in cache and any(d.startswith("max-age=") for d in cache)
    assert "Cookie" in first["Vary"]
    again = client.get(path, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]


def test_a_changed_page_is_sent_again(client, demo):
    first = client.get("/en/")
    assert client.get("/en/", HTTP_IF_NONE_MATCH='"not-this-page"').status_code == 200
    assert client.get("/fr/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200  # another language


def test_a_published_version_says_when_it_last_changed(client, demo):
    from django.utils.http import http_date, parse_http_date

    from assay.lib.http_cache import STARTED

    published = demo[0]
    page = client.get("/en/standards/mes/0.1/criteria/4.1/")
    modified = parse_http_date(page["Last-Modified"])
    assert modified == int(max(published.published_at, STARTED).timestamp())
    assert (
        client.get("/en/standards/mes/0.1/criteria/4.1/", HTTP_IF_MODIFIED_SINCE=http_date(modified)).status_code == 304
    )
    assert (
        client.get("/en/standards/mes/0.1/criteria/4.1/", HTTP_IF_MODIFIED_SINCE=http_date(modified - 1)).status_code
        == 200
    )
    assert "Last-Modified" not in client.get("/en/standards/mes/0.2/").headers  # in consultation: may change


@pytest.mark.parametrize("path", [*PUBLIC, reverse("dashboard:index")])
def test_a_signed_in_page_is_never_public(client, demo, staff, path):
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200
    cache = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= cache and "public" not in cache
    assert "Last-Modified" not in response.headers


def test_an_anonymous_form_with_its_csrf_token_is_not_public(client, demo):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    assert "public" not in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_an_api_answer_to_a_token_is_never_public(client, demo):
    response = client.get("/api/v1/standards/", HTTP_AUTHORIZATION="Bearer nobody")
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/en/", "/es/standards/mes/0.1/", "/fr/reports/impact/"])
def test_brotli_and_gzip_carry_the_same_page(client, demo, path):
    plain = client.get(path).content
    br = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gz = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert br["Content-Encoding"] == "br" and gz["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in br["Vary"] and "Accept-Encoding" in gz["Vary"]
    assert brotli.decompress(br.content) == gzip.decompress(gz.content) == plain
    assert len(br.content) < len(gz.content) < len(plain)
    refused = client.get(path, HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert refused["Content-Encoding"] == "gzip"


def test_brotli_streams_pad_their_length_at_random_and_decode_alike():
    page = b"<p>" + b"csrf-token-and-text " * 200 + b"</p>"
    streams = [brotli_compress(page) for _ in range(20)]
    assert all(brotli.decompress(s) == page for s in streams)
    assert len({len(s) for s in streams}) > 1  # against guessing a secret from the length (BREACH)


def test_a_streamed_download_is_compressed_in_brotli_too(rf):
    from django.http import StreamingHttpResponse

    from assay.lib.compression import CompressionMiddleware

    chunks = [b"actor,country,level\n", *(b"Cooperative %d,CD,2\n" % i for i in range(500))]
    middleware = CompressionMiddleware(lambda request: StreamingHttpResponse(iter(chunks), content_type="text/csv"))
    response = middleware(rf.get("/export.csv", HTTP_ACCEPT_ENCODING="br"))
    assert response["Content-Encoding"] == "br" and "Content-Length" not in response
    parts = list(response.streaming_content)
    assert len(parts) > 2  # sent as it is made, not gathered first
    assert brotli.decompress(b"".join(parts)) == b"".join(chunks)
