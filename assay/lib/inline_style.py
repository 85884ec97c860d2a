"""A stylesheet inlined in every page's <head>, allowed by the Content Security Policy through its hash.

Inlined, the stylesheet costs no second round trip before the first paint (on a slow mobile network, one round
trip is about half a second). The CSP allows exactly that text: its sha256, computed once when the settings load
from the same string the pages print, so the header and the <style> element can never disagree — and no
'unsafe-inline'.
"""

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InlineStyle:
    css: str  # the text between <style> and </style>
    csp_source: str  # "'sha256-…'", for style-src


def csp_hash(text: str) -> str:
    """The CSP source expression ('sha256-<base64>') that allows an inline element whose content is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_style(path: Path) -> InlineStyle:
    """Read a stylesheet to inline, and its CSP hash.

    Line ends are made LF, as the HTML parser makes them before a browser hashes the element's text, and the text
    must not contain "</style" (it would end the element early, and the hash would no longer match)."""
    css = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    if "</style" in css.lower():
        raise ValueError(f"{path} contains '</style', which cannot be inlined")
    return InlineStyle(css=css, csp_source=csp_hash(css))
