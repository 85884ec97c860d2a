"""The field kit for consultations that partner organisations lead at pilot sites — slides, picture handouts and
the facilitator's guide — and the purpose and benefits per stakeholder group that the kit and the two purpose
pages share.

Everything about the standard comes from the round's version (its red lines, legitimacy conditions, modules,
levels and scoring rules, in the language asked for: the content's own translations); the words around it are
gettext. The kit holds no actor data, so each document is a public download of a public round.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assay.lib import languages
from assay.lib.pdf import html_to_pdf, qr_data_uri
from assay.standards.models import Criterion, Kind, Level, Module, Tier
from assay.standards.selectors import PUBLIC_STATUSES

from .models import Consent, Gender, Question, Round, RoundKind, Sector
from .pictograms import pictogram
from .timeline import milestones

LANGUAGES = languages.content()  # the settings' languages (ASSAY_LANGUAGES), English first


@dataclass(frozen=True)
class Group:
    """What the standard offers one stakeholder group, what it asks of them, and (for buyers) what they commit to.
    `pictured` is the handout's version: a drawing and a few words each."""

    sector: str
    picture: str
    gets: tuple[Promise, ...]
    asks: tuple[Promise, ...]
    commits: tuple[Promise, ...] = ()
    pictured: tuple[tuple[str, Promise], ...] = ()

    @property
    def label(self) -> str:
        return str(dict(Sector.choices)[self.sector])

    def icon(self, size: int = 64) -> str:
        return pictogram(self.picture, self.label, size)

    def big_icon(self) -> str:
        return self.icon(96)


_BUYER_COMMITS = (
    _("Stay engaged with suppliers who respect the red lines and make progress, instead of walking away from "
      "artisanal mining as a whole."),
    _("Suspend or end engagement with a supplier when a red line is confirmed to be crossed, and say so."),
    _("Support a supplier's plan for the risks to mitigate, and look for measurable improvement within six months, "
      "as the OECD Due Diligence Guidance asks."),
    _("Record the share of each supplier's output you buy, so that the credit for their progress can be shared "
      "fairly among their buyers."),
    _("Respect what each supplier has chosen to publish: you see more only where you trade with it directly, and "
      "never its miners' exact location in public."),
)

GROUPS: tuple[Group, ...] = (
    Group(
        Sector.ASM, "miner",
        gets=(_("A way into formal markets for what you improve, not for being perfect on the first day."),
              _("A level you can show buyers, lenders and officials, and that rises as you improve."),
              _("Extra credit for progress made in areas affected by conflict or at high risk, where it is hardest."),
              _("The short list of improvements that would take you to the next level."),
              _("Buyers who are credited when they help you improve, so they have a reason to help."),
              _("Control over what is published about you; your sites' exact position is never public.")),
        asks=(_("No red line crossed: these are the abuses for which buyers must stop trading."),
              _("The legitimacy conditions listed below, or proof that you are on the way to meeting them."),
              _("A self-assessment: answering the criteria that apply to you, with the evidence you have."),
              _("A plan with a due date for each risk you still have to deal with."),
              _("Time: a person who answers the questions and keeps the records, and a new assessment after six "
                "months or more to show progress."),
              _("An assessment by a buyer or by an independent assessor if you want your level shown to the public. "
                "Who pays for it is one of the questions of this consultation.")),
        pictured=(("stop", _("Respect the red lines")), ("stairs", _("Improve step by step")),
                  ("star", _("Show your level to buyers")), ("pin", _("More credit in conflict areas")),
                  ("shield", _("You decide what is published"))),
    ),
    Group(
        Sector.TRADE, "trader",
        gets=(_("One shared way to show the due diligence you do on the sites you buy from."),
              _("Credit for the progress your suppliers make with your help."),
              _("A level of your own that buyers further down the chain can see."),
              _("Fewer separate questionnaires from each buyer: one assessment answers them all.")),
        asks=(_("No red line crossed in your own operations or in what you buy."),
              _("Knowing your suppliers: who they are, where the minerals come from, and the share you buy."),
              _("A self-assessment against the criteria for traders and exporters, and plans with due dates."),
              _("Time to keep records of your purchases and of the help you give your suppliers.")),
        pictured=(("stop", _("No red lines crossed")), ("checklist", _("Know your suppliers")),
                  ("handshake", _("Help them improve")), ("star", _("Get credit for their progress"))),
    ),
    Group(
        Sector.REFINING, "refinery",
        gets=(_("Evidence of your suppliers' progress that follows the five OECD steps and fits audit programmes."),
              _("Credit for the improvement your engagement enabled, up the chain to the mine site."),
              _("A responsible way to keep artisanal material in your supply.")),
        asks=(_("The commitments below, applied to your artisanal suppliers."),
              _("An assessment of your own due diligence against the buyers' criteria.")),
        commits=_BUYER_COMMITS,
        pictured=(("handshake", _("Stay engaged")), ("stop", _("Stop only at a red line")),
                  ("stairs", _("Support progress")), ("star", _("Credit for the impact you enable"))),
    ),
    Group(
        Sector.BRANDS, "brand",
        gets=(_("A credible reason to keep sourcing from artisanal mining, and the figures to explain it."),
              _("A measure of the improvement your engagement enabled, tier by tier down your supply chain."),
              _("Supply-chain claims that say only what the verified data supports.")),
        asks=(_("The commitments below, passed on to your suppliers and supported in practice."),
              _("Knowing your supply chain well enough to record who supplies whom, and in what share.")),
        commits=_BUYER_COMMITS,
        pictured=(("handshake", _("Stay engaged")), ("stop", _("Stop only at a red line")),
                  ("money_up", _("Invest in progress")), ("star", _("Credit for the impact you enable"))),
    ),
    Group(
        Sector.FINANCE, "finance",
        gets=(_("A record of progress that makes lending to artisanal producers easier to judge."),
              _("Credit for the progress that your finance or technical support made possible.")),
        asks=(_("The same red lines for the producers you finance."),
              _("Recording your engagements, so that the progress they enable can be credited.")),
        commits=_BUYER_COMMITS[:3],
        pictured=(("money_up", _("Finance progress")), ("stop", _("Respect the red lines")),
                  ("stairs", _("See progress over time")), ("star", _("Credit for what you enable"))),
    ),
    Group(
        Sector.CIVIL_SOCIETY, "community",
        gets=(_("Published progress figures, and the red lines stated in plain words."),
              _("A formal say in how the standard changes: every comment gets an answer from the committee."),
              _("Figures that never single out a person or a small group.")),
        asks=(_("Your knowledge of the sites and communities: tell us what the draft misses."),),
        pictured=(("speech", _("Your voice counts")), ("eye", _("See the progress")),
                  ("stop", _("Red lines for everyone")), ("shield", _("People are protected"))),
    ),
    Group(
        Sector.GOVERNMENT, "government",
        gets=(_("Support for formalisation and traceability of artisanal mining."),
              _("Aggregate figures on progress that never expose a single producer.")),
        asks=(_("Clear rules on titles and registration that producers can meet."),),
        pictured=(("checklist", _("Formal and legal")), ("eye", _("See the progress")),
                  ("stop", _("Red lines for everyone")), ("speech", _("Your voice counts"))),
    ),
    Group(
        Sector.RESEARCH, "research",
        gets=(_("A way to measure what due diligence achieves on the ground: risk and impact side by side."),),
        asks=(_("Your advice on the impact indicators and on how progress is measured."),),
        pictured=(("research", _("Measure what changes")), ("eye", _("Open figures")),
                  ("speech", _("Your voice counts"))),
    ),
    Group(
        Sector.OTHER, "person",
        gets=(_("A say in a standard meant to open markets to artisanal miners who improve."),),
        asks=(_("Your comments, in your own words."),),
        pictured=(("speech", _("Your voice counts")), ("stop", _("Red lines for everyone")),
                  ("stairs", _("Progress is rewarded"))),
    ),
)
GROUP_OF = {g.sector: g for g in GROUPS}

# The two purpose pages: producers and traders upstream; buyers, their financiers and everyone else downstream.
AUDIENCES: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "producers-and-traders": (_("For producers and traders"), (Sector.ASM, Sector.TRADE)),
    "buyers": (_("For buyers, financiers and other stakeholders"),
               (Sector.REFINING, Sector.BRANDS, Sector.FINANCE, Sector.CIVIL_SOCIETY, Sector.GOVERNMENT,
                Sector.RESEARCH, Sector.OTHER)),
}

# Plain words for the red lines of the OECD Annex II (by the criterion's stable key); a red line the version adds
# under another key is explained by its own requirement text.
RED_LINE_WORDS: dict[str, tuple[str, Promise, Promise]] = {
    "torture-cruel-treatment": ("hand", _("Nobody is beaten, tortured or treated cruelly: not workers, not people "
                                          "accused of theft, not anyone held by guards."),
                                _("Has anyone been beaten or held by force at the site or on the road?")),
    "forced-labour": ("chain", _("Everyone works because they agreed to, and can leave. Debts that can never be paid "
                                 "off, or papers kept by a boss, are signs of forced work."),
                      _("Can a worker who wants to leave the site do so?")),
    "worst-forms-child-labour": ("child", _("No one under 18 digs in pits or shafts, works with mercury, carries heavy "
                                            "loads or is used by armed men. Children's other work is an issue to "
                                            "improve, not a red line."),
                                 _("What work do young people do at the site, and at what age?")),
    "gross-human-rights-abuses": ("shield", _("No widespread sexual violence, killings or forced removal of people "
                                              "from their land."),
                                  _("Do women feel safe at the site and on the way to it?")),
    "war-crimes": ("fire", _("Nothing from the site or its traders is linked to war crimes or crimes against "
                             "humanity."),
                   _("Has fighting near the site harmed people who live or work there?")),
    "non-state-armed-groups": ("weapon", _("No armed group controls the site, the roads or the trading places, or "
                                           "takes money from them, even as 'protection'."),
                               _("Who controls the road to the market, and does anyone pay them?")),
}


@dataclass(frozen=True)
class RedLine:
    criterion: Criterion
    picture: str
    words: str
    question: str

    def icon(self, size: int = 64) -> str:
        return pictogram(self.picture, self.criterion.title, size)

    def icon_small(self) -> str:
        return self.icon(44)


def kit_round(pk: int) -> Round:
    """A public round whose version the public may read: the kit shows the draft's content to anyone."""
    round_ = (Round.objects.select_related("version__standard")
              .filter(pk=pk, kind=RoundKind.PUBLIC, version__status__in=PUBLIC_STATUSES).first())
    if round_ is None:
        raise Http404
    return round_


def _sector(sector: str) -> str:
    if sector not in Sector.values:
        raise Http404
    return sector


def kit_language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


def context(round_: Round, language: str, *, sector: str = "", base_url: str = "", partner: str = "") -> dict[str, Any]:
    """What every kit document and purpose page shows, read in `language` (call inside translation.override)."""
    version = round_.version
    criteria = list(Criterion.objects.filter(version=version).select_related("module")
                    .order_by("module__position", "position", "id"))
    red_lines = []
    for c in criteria:
        if c.kind == Kind.GATE and c.tier == Tier.TIER_1:
            known = RED_LINE_WORDS.get(c.key)
            if known is None:
                red_lines.append(RedLine(c, "stop", c.text, ""))
            else:
                red_lines.append(RedLine(c, known[0], str(known[1]), str(known[2])))
    modules = list(Module.objects.filter(version=version).order_by("position", "id"))
    counts: dict[int, int] = {}
    for c in criteria:
        counts[c.module_id] = counts.get(c.module_id, 0) + 1
    questions = [q for q in Question.objects.filter(round=round_) if not sector or q.aimed_at(sector)]
    levels = list(Level.objects.filter(version=version).order_by("rank"))
    step = 40 / max(len(levels), 1)
    with translation.override(language):
        round_url = base_url + reverse("consultation:round", args=[round_.pk])
        events_url = base_url + reverse("consultation:events", args=[round_.pk])
        xlsform_url = base_url + reverse("consultation:xlsform", args=[round_.pk, language])
    return {
        "round": round_, "version": version, "standard": version.standard, "lang": language,
        "red_lines": red_lines,
        "legitimacy": [c for c in criteria if c.kind == Kind.GATE and c.tier != Tier.TIER_1],
        "to_mitigate": [c for c in criteria if c.kind == Kind.MITIGATION],
        "modules": [(m, counts.get(m.pk, 0)) for m in modules],
        "levels": levels,
        # the levels drawn as a staircase: each step's space above it and its height, in millimetres
        "steps": [(level, round(step * (len(levels) - 1 - i)), round(step * (i + 1)))
                  for i, level in enumerate(levels)],
        "rules": {name: version.rule(name) for name in ("level_bonus", "cahra_multiplier", "min_interval_days",
                                                        "max_tiers")},
        "producer_criteria": sum(1 for c in criteria if "producer" in c.applies_to),
        "questions": questions, "sector": sector, "sector_label": dict(Sector.choices).get(sector, ""),
        "groups": GROUPS, "sectors": Sector.choices, "genders": Gender.choices, "consents": Consent.choices,
        "round_url": round_url, "qr": qr_data_uri(round_url) if base_url else "", "partner": partner,
        "events_url": events_url, "xlsform_url": xlsform_url,
        "picto": {name: pictogram(name, size=56) for name in ("stop", "stairs", "speech", "calendar", "checklist",
                                                              "star", "pin", "handshake", "shield", "person")},
    }


def _render(template: str, ctx: dict[str, Any], language: str) -> bytes:
    with translation.override(language):
        return html_to_pdf(render_to_string(template, ctx))


def slides_pdf(round_: Round, language: str, sector: str, base_url: str = "", partner: str = "") -> bytes:
    """The presentation for a meeting with one sector: 10 to 15 landscape slides in large type."""
    _sector(sector)
    with translation.override(language):
        ctx = context(round_, language, sector=sector, base_url=base_url, partner=partner)
        # At most three slides of questions (three a slide), so the deck stays within 15 slides.
        questions = ctx["questions"]
        ctx["question_slides"] = [questions[i:i + 3] for i in range(0, min(len(questions), 9), 3)] or [[]]
        ctx["more_questions"] = max(0, len(questions) - 9)
        ctx["group"] = GROUP_OF[sector]
        ctx["milestones"] = milestones(round_)
    return _render("consultation/kit/slides.html", ctx, language)


def handouts_pdf(round_: Round, language: str, sectors: Sequence[str], base_url: str = "") -> bytes:
    """The picture handouts: one page for each stakeholder group in `sectors`."""
    with translation.override(language):
        ctx = context(round_, language, base_url=base_url)
        ctx["handouts"] = [(GROUP_OF[_sector(s)], [(pictogram(name, size=60), words)
                                                   for name, words in GROUP_OF[s].pictured]) for s in sectors]
    return _render("consultation/kit/handout.html", ctx, language)


def guide_pdf(round_: Round, language: str, base_url: str = "", partner: str = "") -> bytes:
    """The facilitator's guide: agenda, the red lines in plain words, sensitive topics, notes, consent, tally, and
    how the answers come back into Assay."""
    with translation.override(language):
        ctx = context(round_, language, base_url=base_url, partner=partner)
    return _render("consultation/kit/guide.html", ctx, language)
