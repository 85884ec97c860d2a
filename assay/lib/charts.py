"""Server-rendered SVG charts: light, readable without JavaScript, each with a title and description.

Pages put a table with the same numbers beside every chart (WCAG: a text equivalent).

The charts have no viewBox: they are never scaled, so their text renders at its own size (at least 12 CSS
px, WCAG 1.4.10 and 1.4.4) on a 320-pixel phone as on a desktop. Horizontal positions are percentages of the
chart's width, so the same drawing fills whatever width the page gives it; a bar's label sits on its own
lines above the bar, wrapped rather than cut, so a long name never runs out of the chart.
"""

import math
import textwrap
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = 13  # px: above the 12 px floor, with room for a chart placed a little narrower than a phone's 288 px
SMALL = 12  # px: axis ticks and thresholds
LINE = 17  # px between two lines of a label
BAR = 14  # px: a bar's thickness
GAP = 8  # px after each bar
PLOT = 84  # %: the longest bar; the rest of the width holds its value
# The narrowest width a chart gets: a 320-pixel phone less the page's margins, and a little more.
NARROWEST = 260
# A character's width, in em, generous for wide faces (DejaVu Sans, the fallback of many Android phones).
EM = 0.66
LABEL_CHARS = int(NARROWEST / (FONT * EM))  # characters of a label line, never wider than the narrowest chart
SIDE_CHARS = 12  # labels up to this long sit beside their bars


def wrap_label(label: str, width: int = LABEL_CHARS) -> list[str]:
    """The label's lines, each at most `width` characters; every character of the label is kept."""
    lines = textwrap.wrap(label, width=width, break_long_words=True, break_on_hyphens=True)
    return lines or [""]


def _text(
    x: str, y: float, body: str, *, size: int = FONT, anchor: str = "start", fill: str = "#1d2327", dx: float = 0
) -> str:
    shift = f' dx="{dx:g}"' if dx else ""
    return (
        f'<text x="{x}" y="{y:.1f}"{shift} font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(body)}</text>'
    )


def _svg(title: str, height: float, body: list[str]) -> SafeString:
    return mark_safe(  # every text in `body` is escaped by _text
        f'<svg class="chart" role="img" width="100%" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    title: str, items: Sequence[tuple[str, float | None]], maximum: float = 100.0, thresholds: Sequence[float] = ()
) -> SafeString:
    """One bar per item; None is drawn as 'no score'.

    Short labels (codes, levels) sit in a column left of their bars; longer ones on their own lines above the
    bar, wrapped, whole.
    """
    maximum = maximum or 1.0
    longest = max((len(label) for label, _v in items), default=0)
    side = longest <= SIDE_CHARS
    column = math.ceil(longest * FONT * EM) + 8 if side else 0  # px of the label column, when there is one
    labels: list[str] = []
    bars: list[str] = []
    y = 0.0
    for label, value in items:
        if side:
            top = y + 2
            labels.append(_text(str(column - 6), top + BAR - 2, label, anchor="end"))
        else:
            for line in wrap_label(label):
                y += LINE
                labels.append(_text("0", y - 4, line))
            top = y + 2
        if value is None:
            bars.append(_text("0", top + BAR - 2, "—", fill="#50575e"))
        else:
            pct = PLOT * min(max(value, 0.0), maximum) / maximum
            bars.append(f'<rect x="0" y="{top:.1f}" width="{max(pct, 0.3):.2f}%" height="{BAR}" fill="#0b5c8a"/>')
            bars.append(_text(f"{pct:.2f}%", top + BAR - 2, f"{value:.0f}", dx=4))
        y = top + BAR + GAP
    for t in thresholds:
        x = f"{PLOT * t / maximum:.2f}%"
        bars.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{y:.1f}" stroke="#767676" stroke-dasharray="3 3"/>')
        bars.append(_text(x, y + SMALL + 2, f"{t:g}", size=SMALL, anchor="middle", fill="#50575e"))
    if thresholds:
        y += SMALL + 6
    return _svg(title, y, [*labels, _plot(column, y, bars)])


def _plot(left: int, height: float, body: list[str]) -> str:
    """A nested SVG `left` px in: its percentages are of its own width, the chart's less that margin."""
    if not left:
        return "".join(body)
    return (
        f'<svg x="{left}" y="0" width="{100 - 100 * left / NARROWEST:.2f}%" height="{height:.0f}" '
        f'overflow="visible">{"".join(body)}</svg>'
    )


def line_chart(
    title: str, points: Sequence[tuple[str, float | None]], y_min: float | None = None, y_max: float | None = None
) -> SafeString:
    """A line over labelled points (dates, say); gaps where a value is None.

    When the labels would crowd a phone's width, only every n-th is written (the first always); the table
    beside the chart has them all.
    """
    values = [v for _, v in points if v is not None]
    if not values:
        return mark_safe("")
    lo = min(values + ([y_min] if y_min is not None else []))
    hi = max(values + ([y_max] if y_max is not None else []))
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    height, left, bottom, top = 200, 40, 30, 12
    plot_h = height - bottom - top
    inner = NARROWEST - left  # px of the plot at its narrowest
    span = 100 - 100 * 32 / inner  # % of the plot the points spread over: room for half the last label
    step = span / max(1, len(points) - 1)
    widest = max((len(label) for label, _v in points), default=1) * SMALL * EM + 4
    every = max(1, math.ceil(widest / (inner * step / 100)))

    def x_of(i: int) -> str:
        return f"{i * step:.2f}%"

    def y_of(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    parts: list[str] = []
    for tick in (lo, (lo + hi) / 2, hi):
        parts.append(_text(str(left - 4), y_of(tick) + 4, f"{tick:.0f}", size=SMALL, anchor="end", fill="#50575e"))
    plot = [f'<line x1="0" y1="{top + plot_h}" x2="{span:.2f}%" y2="{top + plot_h}" stroke="#767676"/>']
    if lo < 0 < hi:
        plot.append(f'<line x1="0" y1="{y_of(0):.1f}" x2="{span:.2f}%" y2="{y_of(0):.1f}" stroke="#bbb"/>')
    previous: tuple[int, float] | None = None
    for i, (label, v) in enumerate(points):
        if i % every == 0:
            plot.append(_text(x_of(i), height - 10, label, size=SMALL, anchor="middle", fill="#50575e"))
        if v is None:
            previous = None
            continue
        if previous is not None:
            j, w = previous
            plot.append(
                f'<line x1="{x_of(j)}" y1="{y_of(w):.1f}" x2="{x_of(i)}" y2="{y_of(v):.1f}" '
                f'stroke="#0b5c8a" stroke-width="2"/>'
            )
        plot.append(f'<circle cx="{x_of(i)}" cy="{y_of(v):.1f}" r="3.5" fill="#0b5c8a"/>')
        previous = (i, v)
    parts.append(_plot(left, height, plot))
    return _svg(title, height, parts)
