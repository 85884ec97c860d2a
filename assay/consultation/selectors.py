"""Reads the consultation's public pages share: published comments, honouring each respondent's choice."""

from dataclasses import dataclass

from django.db.models import QuerySet

from assay.domain.dedup import group_near_duplicates

from .models import Comment, Consent, Round, confirmed_q


def received_comments(round_: Round) -> QuerySet[Comment]:
    """Submitted comments of confirmed respondents (an unconfirmed address may be someone else's): the ones
    counted, published or not."""
    return Comment.objects.filter(confirmed_q("response__"), response__round=round_,
                                  response__submitted_at__isnull=False)


def published_comments(round_: Round) -> QuerySet[Comment]:
    """Received, not hidden, and from respondents who agreed to publication. Never their e-mail."""
    return (received_comments(round_).filter(hidden_at__isnull=True)
            .exclude(response__consent=Consent.PRIVATE)
            .select_related("response", "question", "criterion__module", "disposition"))


@dataclass
class Shown:
    comment: Comment
    count: int  # how many near-identical comments it stands for
    author: str  # the name, or "" when published anonymously


def grouped(round_: Round) -> list[Shown]:
    """Published comments with campaign copies shown once, with their count (DESIGN §6)."""
    comments = {c.pk: c for c in published_comments(round_)}
    texts = {pk: c.text or c.value for pk, c in comments.items() if (c.text or c.value)}
    shown = []
    for group in group_near_duplicates(texts):
        # The copy shown comes from a respondent who agreed to be named where there is one: a campaign letter
        # often carries its signer's name, which an anonymous respondent did not agree to publish.
        first = comments[min(group, key=lambda pk: (comments[pk].response.consent != Consent.NAMED, pk))]
        author = first.response.name if first.response.consent == Consent.NAMED and len(group) == 1 else ""
        shown.append(Shown(first, len(group), author))
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

    submitted = list(received_comments(round_).select_related("response", "question", "criterion"))
    quotable = set(published_comments(round_).values_list("pk", flat=True))
    by_sector: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[Comment]] = defaultdict(list)
    for c in submitted:
        topic = (f"{c.criterion.code} {c.criterion.title}" if c.criterion_id
                 else c.question.text if c.question_id else "")
        by_sector[c.response.sector][topic] += 1
        if c.pk in quotable and 40 <= len(c.text) <= 300:
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
