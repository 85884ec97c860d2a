"""Reads the consultation's public pages share: published comments, honouring each respondent's choice."""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from assay.domain.dedup import added_text

from .models import WITHHELD, AnswerType, Comment, Consent, Question, Response, Round, Sector, Withdrawal, confirmed_q


def received_comments(round_: Round) -> QuerySet[Comment]:
    """Submitted comments of confirmed respondents (an unconfirmed address may be someone else's): the ones
    counted, published or not. A response its supposed author disowned, once the secretariat confirmed it, is
    not counted."""
    return (Comment.objects.filter(confirmed_q("response__"), response__round=round_,
                                   response__submitted_at__isnull=False)
            .exclude(response__withdrawal=Withdrawal.CONFIRMED))


def published_comments(round_: Round) -> QuerySet[Comment]:
    """Received, not hidden, not withdrawn (pending review or confirmed), and from respondents who agreed to
    publication. Never their e-mail. Publish `public_text()`, never `text`: redactions are prefetched for it."""
    return (received_comments(round_).filter(hidden_at__isnull=True)
            .exclude(response__consent=Consent.PRIVATE).exclude(response__withdrawal__in=WITHHELD)
            .select_related("response", "question", "criterion__module", "disposition")
            .prefetch_related("redactions"))


@dataclass
class Addition:
    """What one signatory of a campaign wrote beyond the form letter."""

    author: str  # the name, or "" when published anonymously
    text: str


@dataclass
class Shown:
    comment: Comment
    count: int  # how many near-identical comments it stands for
    author: str  # the name, or "" when published anonymously
    text: str = ""  # the comment's text as it may be published (redactions applied)
    answer: str = ""  # the answer in the active language
    additions: list[Addition] = field(default_factory=list)  # each copy's own words, in the order received


def _withhold_names(text: str, response: Response) -> str:
    """`text` without its author's name or organisation (or any part of them of three letters or more)."""
    import re

    parts = {p for p in re.findall(r"\w+", f"{response.name} {response.organisation}") if len(p) >= 3}
    if not parts:
        return text
    pattern = r"\b(" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")\b"
    withheld = pgettext("a signatory's name in a published campaign letter", "[name withheld]")
    text = re.sub(pattern, withheld, text, flags=re.IGNORECASE)
    return re.sub(rf"{re.escape(withheld)}(\s+{re.escape(withheld)})+", withheld, text)


def grouped(round_: Round) -> list[Shown]:
    """Published comments with campaign copies shown once, with their count and what each copy added to the
    text shown (after ACUS recommendation 2021-1: personal additions to a form letter are not lost).

    The groups are those stored as comments arrived (NearDuplicate, over every submitted comment's text); a group
    here is its published members only, counted as such. A comment not grouped yet shows on its own."""
    comments = {c.pk: c for c in published_comments(round_).annotate(near_duplicate_group=F("near_duplicate__group"))}
    public = {pk: c.public_text() for pk, c in comments.items()}
    members: dict[tuple[str, int], list[int]] = {}
    for pk, c in comments.items():
        if public[pk] or c.value:
            group = getattr(c, "near_duplicate_group", None)
            members.setdefault(("group", group) if group is not None else ("alone", pk), []).append(pk)
    shown = []
    for group in members.values():
        # The copy shown comes from a respondent who agreed to be named where there is one: a campaign letter
        # often carries its signer's name, which an anonymous respondent did not agree to publish.
        first = comments[min(group, key=lambda pk: (comments[pk].response.consent != Consent.NAMED, pk))]
        author = first.response.name if first.response.consent == Consent.NAMED and len(group) == 1 else ""
        additions = []
        for pk in sorted(group):
            if pk == first.pk:
                continue
            # against the original: a passage redacted from the copy shown must not come back as an addition
            extra = added_text(comments[first.pk].text, public[pk])
            if extra:
                copy = comments[pk].response
                if copy.consent == Consent.NAMED:
                    additions.append(Addition(copy.name, extra))
                else:  # a form letter's signature: an anonymous signatory did not agree to publish their name
                    additions.append(Addition("", _withhold_names(extra, copy)))
        shown.append(Shown(first, len(group), author, public[first.pk], first.value_label(), additions))
    shown.sort(key=lambda s: (s.comment.question_id or 0, s.comment.criterion_id or 0, s.comment.pk))
    return shown


@dataclass
class Section:
    key: str  # "clause 1.4", "question 3" or "general"
    title: str
    items: list[Shown]


def synopsis(round_: Round) -> tuple[list[Section], list[tuple[str, int, int]]]:
    """Comments and responses by clause, then by question, then general; and received comments per sector
    (all of them, published or not: a count names no one)."""
    from collections import Counter

    from .models import Sector

    sections: dict[tuple, Section] = {}
    for s in grouped(round_):
        c = s.comment
        if c.criterion_id:
            key = (0, c.criterion.module.position, c.criterion.position)
            title = f"{c.criterion.code} {c.criterion.title}"
        elif c.question_id:
            key = (1, c.question.position, c.question_id)
            title = c.question.text
        else:
            key, title = (2, 0, 0), ""
        sections.setdefault(key, Section(str(key), title, [])).items.append(s)
    totals = Counter(received_comments(round_).values_list("response__sector", flat=True))
    published = Counter(published_comments(round_).values_list("response__sector", flat=True))
    labels = dict(Sector.choices)
    by_sector = [(str(labels[code]), totals[code], published[code]) for code in labels if totals[code]]
    return [sections[k] for k in sorted(sections)], by_sector


@dataclass
class Issue:
    topic: str
    count: int
    quote: str  # a representative published comment ("" when none may be quoted)


def workshop_summary(round_: Round, per_sector: int = 5) -> list[tuple[str, int, list[Issue]]]:
    """For a forum session: per sector, the clauses and questions most commented on, with counts and a short
    representative quote from a comment its author allowed to publish."""
    from collections import Counter, defaultdict

    from .models import Sector

    submitted = list(received_comments(round_).select_related("response", "question", "criterion")
                     .prefetch_related("redactions"))
    quotable = set(published_comments(round_).values_list("pk", flat=True))
    by_sector: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[Comment]] = defaultdict(list)
    for c in submitted:
        topic = (f"{c.criterion.code} {c.criterion.title}" if c.criterion_id
                 else c.question.text if c.question_id else "")
        by_sector[c.response.sector][topic] += 1
        if c.pk in quotable and 40 <= len(c.text) <= 300:
            c.text = c.public_text()  # a quote is published: never a redacted passage
            examples[(c.response.sector, topic)].append(c)
    labels = dict(Sector.choices)
    out = []
    for code, label in labels.items():
        if code not in by_sector:
            continue
        issues = [Issue(topic, n, min(examples[(code, topic)], key=lambda c: (len(c.text), c.pk)).text
                        if examples[(code, topic)] else "")
                  for topic, n in by_sector[code].most_common(per_sector)]
        out.append((str(label), sum(by_sector[code].values()), issues))
    return out


# --- The forum workshop: what the feedback says, in numbers and in publishable words ---------------------------

@dataclass
class ClosedTotals:
    """How a closed question (yes/no, scale, one or several choices) was answered, per sector and overall."""

    question: Question
    options: list[str]  # the answers offered, in the active language
    by_sector: list[tuple[str, list[int], int]]  # sector label, count per option, respondents who answered
    totals: list[int]
    answered: int


def _option_index(question: Question) -> tuple[list[str], dict[str, int]]:
    """The options offered and which option a stored value is. A choice is stored by its English wording
    (Question.choice_values); answers stored before that hold the respondent's language's wording, and the same
    position in any language's list is the same option."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    if question.answer_type == AnswerType.YES_NO:
        return [_("yes"), _("no")], {"yes": 0, "no": 1}
    if question.answer_type == AnswerType.SCALE:
        return [str(n) for n in range(1, 6)], {str(n): n - 1 for n in range(1, 6)}
    index: dict[str, int] = {}
    for code, _name in settings.LANGUAGES:
        lines = [c.strip() for c in (getattr(question, f"choices_{code}", "") or "").splitlines() if c.strip()]
        for i, line in enumerate(lines):
            index.setdefault(line, i)
    return question.choice_list(), index


def closed_totals(round_: Round) -> list[ClosedTotals]:
    """Totals of every closed question's answers, per sector, over the received comments (published or not: a
    count names no one). A multiple choice counts each option ticked, so its options may add up to more than the
    respondents who answered."""
    from collections import Counter, defaultdict

    questions = [q for q in round_.questions.all() if q.answer_type != AnswerType.TEXT]
    answers = (received_comments(round_).filter(question__in=questions).exclude(value="")
               .values_list("question_id", "response__sector", "value"))
    per: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    answered: dict[int, Counter] = defaultdict(Counter)
    indexes = {q.pk: _option_index(q) for q in questions}
    for qid, sector, value in answers:
        options, index = indexes[qid]
        picked = value.split("\n") if value else []
        hits = {index[p] for p in picked if p in index}
        for i in hits:
            per[qid][sector][i] += 1
        if hits:
            answered[qid][sector] += 1
    labels = dict(Sector.choices)
    out = []
    for q in questions:
        options = indexes[q.pk][0]
        rows = [(str(labels[code]), [per[q.pk][code][i] for i in range(len(options))], answered[q.pk][code])
                for code in labels if answered[q.pk][code]]
        totals = [sum(r[1][i] for r in rows) for i in range(len(options))]
        out.append(ClosedTotals(q, options, rows, totals, sum(answered[q.pk].values())))
    return out


@dataclass
class Participation:
    """Who took part in the round's pilot-site meetings, by sector and gender, over all its events (a sum over
    the meetings, never one site's figures)."""

    events: int
    answer_sheets: int
    genders: list[str]
    by_sector: list[tuple[str, list[int], int]]  # sector label, count per gender, total
    totals: list[int]
    total: int


def participation(round_: Round) -> Participation:
    from django.db.models import Sum

    from .models import Attendance, Gender, PilotEvent, Response

    sums = {(row["sector"], row["gender"]): row["n"] for row in Attendance.objects.filter(event__round=round_)
            .values("sector", "gender").annotate(n=Sum("count")).order_by()}
    labels = dict(Sector.choices)
    rows = []
    for code, label in labels.items():
        counts = [sums.get((code, g), 0) for g in Gender.values]
        if any(counts):
            rows.append((str(label), counts, sum(counts)))
    totals = [sum(r[1][i] for r in rows) for i in range(len(Gender.values))]
    return Participation(
        events=PilotEvent.objects.filter(round=round_).count(),
        answer_sheets=Response.objects.filter(event__round=round_, submitted_at__isnull=False).count(),
        genders=[str(label) for label in Gender.labels], by_sector=rows, totals=totals, total=sum(totals))


def campaigns(round_: Round) -> list[Shown]:
    """The groups of near-identical published comments (campaigns), largest first. Closed answers without a
    comment (the same "yes" from many) are totals, not a campaign."""
    return sorted((s for s in grouped(round_) if s.count > 1 and s.comment.text),
                  key=lambda s: (-s.count, s.comment.pk))


def topic_of(c: Comment) -> str:
    """What a comment is about, as the workshop names it: the clause, the question, or "" (general)."""
    if c.criterion is not None:
        return f"{c.criterion.code} {c.criterion.title}"
    return c.question.text if c.question is not None else ""


@dataclass
class Proposal:
    topic: str
    decision: str
    response: str
    count: int  # how many published comments the committee answered so


def proposed_responses(round_: Round) -> dict[str, list[Proposal]]:
    """The committee's responses (dispositions) per topic, for the comments that may be published (those the
    synopsis shows); the same response to several comments is given once, with their number."""
    from collections import Counter

    seen: Counter = Counter()
    decisions: dict[tuple[str, str, str], str] = {}
    for c in published_comments(round_):
        disposition = getattr(c, "disposition", None)
        if disposition is None:
            continue
        key = (topic_of(c), disposition.decision, disposition.response)
        seen[key] += 1
        decisions[key] = disposition.get_decision_display()
    out: dict[str, list[Proposal]] = {}
    for (topic, decision, text), n in sorted(seen.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][2])):
        out.setdefault(topic, []).append(Proposal(topic, str(decisions[(topic, decision, text)]), text, n))
    return out


@dataclass
class Workshop:
    round: Round
    sectors: list[tuple[str, int, list[Issue]]]  # the key issues per sector (workshop_summary)
    closed: list[ClosedTotals]
    participation: Participation
    campaigns: list[Shown]
    proposals: dict[str, list[Proposal]]
    comments: int  # received comments in all
    respondents: int

    def top_topics(self, n: int = 6) -> list[tuple[str, int, list[Proposal]]]:
        """The topics most commented on over all sectors, with the committee's proposed responses to them."""
        from collections import Counter

        counts: Counter = Counter()
        for _label, _total, issues in self.sectors:
            for issue in issues:
                counts[issue.topic] += issue.count
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [(topic, count, self.proposals.get(topic, [])) for topic, count in ranked]


def workshop(round_: Round) -> Workshop:
    """Everything the forum workshop's summary and its side-session pack show."""
    received = received_comments(round_)
    return Workshop(round_, workshop_summary(round_), closed_totals(round_), participation(round_),
                    campaigns(round_), proposed_responses(round_), received.count(),
                    received.values("response").distinct().count())


BURST_SECONDS = 10  # submissions of one round closer than this to each other look scripted
_DISPOSABLE: frozenset[str] | None = None


def disposable_domains() -> frozenset[str]:
    """The throwaway e-mail domains listed in consultation/data (read once)."""
    global _DISPOSABLE
    if _DISPOSABLE is None:
        from pathlib import Path

        lines = (Path(__file__).parent / "data" / "disposable_domains.txt").read_text().splitlines()
        _DISPOSABLE = frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
    return _DISPOSABLE


def _disposable(email: str) -> bool:
    domain = email.rpartition("@")[2].strip().lower()
    parts = domain.split(".")
    return any(".".join(parts[i:]) in disposable_domains() for i in range(len(parts) - 1))


@dataclass
class Flagged:
    response: Response
    reasons: list[str]


def flagged_responses(round_: Round) -> list[Flagged]:
    """Submitted responses that look scripted, each with why, for the secretariat to review (never dropped:
    they are counted and published as any other until someone decides otherwise). Signs: a burst of submissions
    within seconds of each other, a throwaway e-mail domain, the same client fingerprint (browser and network)
    as other responses."""
    from collections import Counter

    # Answer sheets of a pilot-site event are typed in or imported in one go by its facilitator, who vouches for them.
    responses = list(Response.objects.filter(round=round_, submitted_at__isnull=False, event__isnull=True)
                     .order_by("submitted_at", "pk")
                     .prefetch_related("comments"))
    prints = Counter(r.fingerprint for r in responses if r.fingerprint)
    out = []
    for i, r in enumerate(responses):
        reasons = []
        assert r.submitted_at is not None
        near = [o for o in responses[max(0, i - 50):i + 51]
                if o.pk != r.pk and o.submitted_at is not None
                and abs((o.submitted_at - r.submitted_at).total_seconds()) < BURST_SECONDS]
        if near:
            reasons.append(ngettext("submitted within %(s)s seconds of %(n)s other response",
                                    "submitted within %(s)s seconds of %(n)s other responses", len(near))
                           % {"s": BURST_SECONDS, "n": len(near)})
        if r.email and _disposable(r.email):
            reasons.append(_("a throwaway e-mail address (%(domain)s)") % {"domain": r.email.rpartition("@")[2]})
        if r.fingerprint and prints[r.fingerprint] > 1:
            n = prints[r.fingerprint] - 1
            reasons.append(ngettext("the same browser and network as %(n)s other response",
                                    "the same browser and network as %(n)s other responses", n) % {"n": n})
        if reasons:
            out.append(Flagged(r, reasons))
    return out


def withdrawals(round_: Round) -> QuerySet[Response]:
    """Responses disowned from the receipt's link, those pending review first."""
    pending_first = Case(When(withdrawal=Withdrawal.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return Response.objects.filter(round=round_).exclude(withdrawal="").order_by(pending_first, "-withdrawn_at")
