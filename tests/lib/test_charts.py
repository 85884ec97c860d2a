"""The SVG charts read on a 320-pixel phone: never scaled down, text at 12 px or more, every name whole."""

import re
import xml.etree.ElementTree as ET

from assay.lib import charts

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Comptoir d'achat et de traitement des minerais du Sud-Kivu (branche Walikale-Lubutu)"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def test_a_bar_chart_is_never_scaled_so_its_text_keeps_its_size():
    root = _tree(charts.bar_chart("Levels", [("Level 1", 3), ("Level 2", 7)], maximum=7, thresholds=[5]))
    # No viewBox: the drawing is not shrunk to the phone's width, one SVG unit is one CSS pixel.
    assert "viewBox" not in root.attrib and root.get("width") == "100%"
    sizes = [float(t.get("font-size")) for t in _texts(root)]
    assert sizes and min(sizes) >= 12


def test_a_long_name_is_wrapped_above_its_bar_never_cut():
    root = _tree(charts.bar_chart("Credit", [(LONG, 40.0), ("Short", 10.0)]))
    label_lines = [t.text for t in _texts(root) if t.get("x") == "0" and t.text not in {"40", "10"}]
    assert len(label_lines) >= 3  # the long name takes several lines
    # every character kept, in order (a line may break at a space or after a hyphen)
    assert "".join(label_lines[:-1]).replace(" ", "") == LONG.replace(" ", "") and label_lines[-1] == "Short"
    assert all(len(line) <= charts.LABEL_CHARS for line in label_lines)
    assert "…" not in "".join(label_lines)


def test_a_line_fits_the_narrowest_chart_at_its_font_size():
    # A line of LABEL_CHARS wide letters at charts.EM em must fit the narrowest width a chart gets on a phone.
    assert charts.LABEL_CHARS * charts.FONT * charts.EM <= charts.NARROWEST <= 320 - 2 * 16


def test_a_word_longer_than_a_line_is_broken_but_kept_whole():
    word = "x" * (charts.LABEL_CHARS * 2 + 3)
    assert "".join(charts.wrap_label(word)) == word
    assert all(len(line) <= charts.LABEL_CHARS for line in charts.wrap_label(word))


def test_bars_and_values_stay_inside_the_chart():
    root = _tree(charts.bar_chart("Scores", [("A", 100.0), ("B", 250.0), ("C", None)], maximum=100))
    widths = [float(r.get("width").rstrip("%")) for r in root.iter(f"{SVG}rect")]
    assert widths and max(widths) <= charts.PLOT  # what is over the maximum is drawn at the maximum
    assert "—" in [t.text for t in _texts(root)]  # no score: a dash, not a zero-length bar
    height = float(root.get("height"))
    assert all(float(t.get("y")) <= height for t in _texts(root))


def test_a_line_chart_is_not_scaled_and_writes_fewer_labels_when_they_would_crowd():
    quarters = [(f"{y}-Q{q}", float(10 * q)) for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
    root = _tree(charts.line_chart("Assessments per quarter", quarters, y_min=0))
    assert "viewBox" not in root.attrib
    sizes = [float(t.get("font-size")) for t in _texts(root)]
    assert min(sizes) >= 12
    written = [t.text for t in _texts(root) if re.fullmatch(r"\d{4}-Q\d", t.text or "")]
    assert written[0] == "2023-Q1" and 2 <= len(written) < len(quarters)
    # The written labels, at charts.EM em a character, do not overlap on the narrowest chart.
    step_px = (charts.NARROWEST - 40) * (100 - 100 * 32 / (charts.NARROWEST - 40)) / 100 / (len(quarters) - 1)
    every = quarters.index(next(q for q in quarters if q[0] == written[1]))
    assert every * step_px >= len("2023-Q1") * 12 * charts.EM


def test_few_points_all_get_their_label():
    root = _tree(charts.line_chart("Score", [("2024-03", 40.0), ("2025-03", 55.0)], 0, 100))
    assert {"2024-03", "2025-03"} <= {t.text for t in _texts(root)}


def test_text_is_escaped():
    svg = charts.bar_chart("<b>", [("<script>", 1.0)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert _tree(svg) is not None


def test_short_labels_sit_beside_their_bars_on_one_line_each():
    root = _tree(charts.bar_chart("Levels", [("Level 1", 3), ("Level 4", 7)], maximum=7))
    labels = [t for t in _texts(root) if t.text in {"Level 1", "Level 4"}]
    assert [t.get("text-anchor") for t in labels] == ["end", "end"]
    assert len({t.get("y") for t in labels}) == 2
    plot = root.find(f"{SVG}svg")  # the bars in a nested drawing right of the labels' column
    assert plot is not None and float(plot.get("x")) >= len("Level 1") * 13 * charts.EM
    assert len(list(plot.iter(f"{SVG}rect"))) == 2
