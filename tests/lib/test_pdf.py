"""PDF rendering reaches no file and no server, whatever markup reaches it."""

import io

from pypdf import PdfReader

from assay.lib.pdf import html_to_pdf


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_stylesheet_link_to_a_local_file_is_not_read(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "LOCAL-FILE-READ"; }')
    html = f'<html><head><link rel="stylesheet" href="file://{secret}"></head><body><p>Synopsis</p></body></html>'
    text = _text(html_to_pdf(html))
    assert "Synopsis" in text
    assert "LOCAL-FILE-READ" not in text


def test_inline_styles_and_data_uris_still_render():
    html = ('<html><head><style>p::after { content: " INLINE-STYLE"; }</style></head><body><p>Text</p>'
            '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            '<link rel="stylesheet" href="data:text/css,h1::before%7Bcontent:%22DATA-CSS%22%7D"><h1>T</h1></body>'
            '</html>')
    text = _text(html_to_pdf(html))
    assert "INLINE-STYLE" in text and "DATA-CSS" in text
