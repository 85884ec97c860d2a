"""What the impact report's page and PDFs show of a report: its charts and template context, and its PDFs, which
are kept (assay.lib.documents) for a stored summary so that the first download reads them."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from assay.lib import charts
from assay.lib.pdf import html_to_pdf, kept_pdf
from assay.registry.models import Mineral

from . import impact
from .models import ReportSnapshot


def context(figures: impact.Report) -> dict[str, Any]:
    """The template context of the report's page and PDFs, in the active language (no request: the PDFs of a
    summary are rendered in a task as well, and must come out the same)."""
    report = impact.resolve(figures)
    points = report.charts
    chart_svgs = {
        "levels": charts.bar_chart(_("Producers at each level now"), points["levels"],
                                   maximum=max([1.0] + [v or 0 for _n, v in points["levels"]])),
        "risks": charts.bar_chart(_("Share of producers where the risk is present (%)"), points["risks"]),
        "cahra": charts.bar_chart(_("Mean progress"), points["cahra"],
                                  maximum=max([1.0] + [v or 0 for _n, v in points["cahra"]])),
        "support": charts.bar_chart(_("Mean progress"), points["support"],
                                    maximum=max([1.0] + [v or 0 for _n, v in points["support"]])),
    }
    trade_max = max([1.0] + [v or 0 for name in ("annex2_stayed", "annex2_ended") for _n, v in points[name]])
    chart_svgs.update({
        "annex2_baseline": charts.bar_chart(
            _("Annex II risks present at the baseline (per cent of producers assessed)"), points["annex2_baseline"]),
        "annex2_now": charts.bar_chart(_("Annex II risks present now (per cent of producers assessed)"),
                                       points["annex2_now"]),
        "annex2_stayed": charts.bar_chart(_("Producers who stayed in trade while mitigating"),
                                          points["annex2_stayed"], maximum=trade_max),
        "annex2_ended": charts.bar_chart(_("Producers whose buyer relationships ended"), points["annex2_ended"],
                                         maximum=trade_max),
        "annex2_improved": charts.bar_chart(_("Measurable improvement within six months of the plan (%)"),
                                            points["annex2_improved"]),
    })
    return {"report": report, "charts": chart_svgs, "lang": get_language() or "en",
            "countries": sorted(countries, key=lambda c: c[1]), "minerals": Mineral.choices,
            "country_name": dict(countries).get(report.filters.country, ""), "min_group": report.k}


def forum_context(figures: impact.Report) -> dict[str, Any]:
    """The context of the PDF for the forum: the page's, with its headline figures and the Annex II glance."""
    shown = context(figures)
    tables = {t.key: t for t in shown["report"].tables}
    shown["headline"] = [(label, values[0]) for label, values in tables["coverage"].rows]
    shown["glance"] = tables["annex2"]
    return shown


TEMPLATES = {False: "reporting/impact_pdf.html", True: "reporting/impact_forum_pdf.html"}


def pdf_html(figures: impact.Report, forum: bool) -> str:
    return render_to_string(TEMPLATES[forum], forum_context(figures) if forum else context(figures))


def impact_pdf(figures: impact.Report, snapshot: ReportSnapshot | None, lang: str, forum: bool) -> bytes:
    """The report's PDF (or the forum's) in the active language `lang`: kept for a summary's figures (keyed by the
    HTML, so new figures, templates or translations render it again), rendered each time otherwise."""
    html = pdf_html(figures, forum)
    if snapshot is None:
        return html_to_pdf(html)
    return kept_pdf("impact-forum-pdf" if forum else "impact-pdf", snapshot.pk, lang, html)
