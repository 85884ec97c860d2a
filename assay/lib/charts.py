"""Server-rendered SVG charts: light, readable without JavaScript, each with a title and description.

Pages put a table with the same numbers beside every chart (WCAG: a text equivalent).
"""

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 560
BAR_H = 22


def bar_chart(title: str, items: Sequence[tuple[str, float | None]], maximum: float = 100.0,
              thresholds: Sequence[float] = ()) -> SafeString:
    """Horizontal bars, one per item; None is drawn as 'no score'."""
    label_w, value_w = 200, 40
    plot_w = WIDTH - label_w - value_w
    height = BAR_H * len(items) + 24
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for t in thresholds:
        x = label_w + plot_w * t / maximum
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" stroke="#999" '
                     f'stroke-dasharray="3 3"/><text x="{x:.1f}" y="{height - 6}" font-size="10" '
                     f'text-anchor="middle" fill="#444">{t:g}</text>')
    for i, (label, value) in enumerate(items):
        y = i * BAR_H
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="11" text-anchor="end" '
                     f'fill="#1d2327">{escape(short)}</text>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}" font-size="11" fill="#666">—</text>')
            continue
        w = max(1.0, plot_w * min(value, maximum) / maximum)
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{BAR_H - 8}" fill="#0b5c8a"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="11" fill="#1d2327">{value:.0f}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def line_chart(title: str, points: Sequence[tuple[str, float | None]], y_min: float | None = None,
               y_max: float | None = None) -> SafeString:
    """A line over labelled points (dates, say); gaps where a value is None."""
    height, left, bottom, top = 200, 40, 30, 12
    values = [v for _, v in points if v is not None]
    if not values:
        return mark_safe("")
    lo = min(values + ([y_min] if y_min is not None else []))
    hi = max(values + ([y_max] if y_max is not None else []))
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    right = 40  # room for the last label
    plot_w, plot_h = WIDTH - left - right, height - bottom - top
    step = plot_w / max(1, len(points) - 1)

    def y_of(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>']
    for tick in (lo, (lo + hi) / 2, hi):
        parts.append(f'<text x="{left - 4}" y="{y_of(tick) + 4:.1f}" font-size="10" text-anchor="end" '
                     f'fill="#444">{tick:.0f}</text>')
    if lo < 0 < hi:
        parts.append(f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{left + plot_w}" y2="{y_of(0):.1f}" stroke="#bbb"/>')
    coords = []
    for i, (label, v) in enumerate(points):
        x = left + i * step
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" font-size="10" text-anchor="middle" '
                     f'fill="#444">{escape(label)}</text>')
        if v is not None:
            coords.append(f"{x:.1f},{y_of(v):.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y_of(v):.1f}" r="3.5" fill="#0b5c8a"/>')
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="#0b5c8a" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
