"""Brotli for clients that accept it, gzip for the others (Django's GZipMiddleware).

A page is about a fifth smaller in brotli than in gzip, which a reader on metered mobile data pays for. Like
Django's gzip, which writes a random-length file name into each gzip header against BREACH (guessing a secret in
a page from the compressed length while reflecting chosen text into it), each brotli stream starts with a
random-length metadata block, which decoders skip: the page decodes to exactly the same bytes.
"""

import re
import secrets
from collections.abc import Iterator

import brotli  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

ACCEPTS_BR = re.compile(r"\bbr\b")
QUALITY = 5  # per response, on the fly: 5 compresses within a fraction of a millisecond per 10 KB, and beats gzip


def _accepts_br(accept_encoding: str) -> bool:
    """Whether the Accept-Encoding header accepts br (not refused with q=0)."""
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "br":
            q = params.strip().lower().removeprefix("q=")
            try:
                return not params.strip() or float(q) > 0
            except ValueError:
                return False
    return False


def _padding(max_bytes: int) -> bytes:
    """A brotli metadata meta-block of 1..max_bytes random bytes (RFC 7932 §9.2), byte-aligned.

    Header bits, least significant first: ISLAST 0, MNIBBLES "11" (metadata), reserved 0, MSKIPBYTES 1, then
    MSKIPLEN - 1 on 8 bits, zero fill to the byte boundary; then the skipped bytes."""
    n = 1 + secrets.randbelow(max_bytes)
    header = (3 << 1) | (1 << 4) | ((n - 1) << 6)
    return header.to_bytes(2, "little") + secrets.token_bytes(n)


def _stream(max_random_bytes: int) -> tuple["brotli.Compressor", bytes]:
    """A compressor and the start of its stream: the window header, flushed to a byte boundary, and the padding."""
    compressor = brotli.Compressor(quality=QUALITY)
    return compressor, compressor.flush() + _padding(max_random_bytes)


def brotli_compress(data: bytes, *, max_random_bytes: int = 100) -> bytes:
    """`data` as one brotli stream, with random-length padding that decoders skip."""
    compressor, start = _stream(max_random_bytes)
    body: bytes = compressor.process(data) + compressor.finish()
    return start + body


def brotli_sequence(chunks: Iterator[bytes], *, max_random_bytes: int = 100) -> Iterator[bytes]:
    """A streamed body as one brotli stream, each chunk flushed as it comes (a long export starts at once)."""
    compressor, start = _stream(max_random_bytes)
    yield start
    for chunk in chunks:
        data = compressor.process(chunk) + compressor.flush()
        if data:
            yield data
    yield compressor.finish()


def _weaken_etag(response: HttpResponseBase) -> None:
    """A strong ETag names the bytes sent; a compressed body's is made weak, as Django's gzip does (RFC 9110 8.8.1),
    and still matches in a conditional request."""
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, with brotli first when the client accepts it. In the place of GZipMiddleware."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        accept = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if response.status_code == 304 and (_accepts_br(accept) or "gzip" in accept):
            _weaken_etag(response)  # it confirms the compressed copy the client holds, whose ETag was weak
            return response
        if not _accepts_br(accept) or getattr(response, "is_async", False):
            return super().process_response(request, response)
        if response.has_header("Content-Encoding"):
            return response
        if response.streaming:
            patch_vary_headers(response, ("Accept-Encoding",))
            response.streaming_content = brotli_sequence(  # type: ignore[attr-defined]
                iter(response.streaming_content),  # type: ignore[attr-defined]
                max_random_bytes=self.max_random_bytes,
            )
            del response.headers["Content-Length"]
        else:
            content = response.content  # type: ignore[attr-defined]
            if len(content) < 200:  # not worth it, as for gzip
                return response
            patch_vary_headers(response, ("Accept-Encoding",))
            compressed = brotli_compress(content, max_random_bytes=self.max_random_bytes)
            if len(compressed) >= len(content):
                return response
            response.content = compressed  # type: ignore[attr-defined]
            response.headers["Content-Length"] = str(len(compressed))
        _weaken_etag(response)
        response.headers["Content-Encoding"] = "br"
        return response
