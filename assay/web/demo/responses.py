"""The demo comments' seeded generator: who answers the demo round and what they say, from comments.yaml's pools.

Nothing here writes. `Planner.plan` draws every respondent (regular ones, the campaign's signatories, an advert and
an insult), shuffled; after the loader has submitted them, `dispositions` draws which comments the committee answers,
and how, from the same Random, so every load gives the same round.
"""

import random
import re
import unicodedata
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz, process

from assay.consultation.models import AnswerType, Comment, Consent, Question, Sector
from assay.consultation.services import ResponseAnswer
from assay.domain.dedup import normalise

CODE_RE = re.compile(r"\b\d\.\d\b")
About = tuple[str, int | None]  # what a comment is about: its topic or pool, and the position of its lead sentence


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _for_clause(sentences: list[str], code: str) -> list[int]:
    """The sentences (by position) that fit a comment on this clause: those naming no clause, or this one."""
    return [i for i, s in enumerate(sentences) if all(c == code for c in CODE_RE.findall(s))]


def _pool_for(question: Question) -> str | None:
    kind = question.answer_type
    if kind == AnswerType.TEXT:
        return "barriers" if Sector.ASM in question.sectors else "indicators"
    pools: dict[str, str] = {AnswerType.YES_NO: "red_lines_clear", AnswerType.SCALE: "score_helps",
                             AnswerType.SINGLE: "multiplier", AnswerType.MULTIPLE: "translations"}
    return pools.get(kind)


class Planner:
    def __init__(self, data: dict[str, Any], questions: list[Question]):
        self.d = data
        self.rng = random.Random(data["generator"]["seed"])
        self.questions = questions
        self.seen: defaultdict[str, list[str]] = defaultdict(list)  # per language
        self.emails: set[str] = set()

    def fresh(self, text: str, lang: str) -> bool:
        """Whether no earlier demo text comes near this one (so that only the campaign groups); remembered."""
        norm = normalise(text)
        if process.extractOne(norm, self.seen[lang], scorer=fuzz.token_set_ratio,
                              score_cutoff=self.d["generator"]["guard"]):
            return False
        self.seen[lang].append(norm)
        return True

    def compose(self, lang: str, pool: list[str], *, most: int = 2, extra: list[str] | tuple[str, ...] = (),
                opener: str = "", allowed: list[int] | None = None) -> tuple[str, int | None]:
        """One to `most` sentences of the pool (among `allowed`), in order, perhaps one from `extra` and the
        writer's opener first. Returns the text and the position of its first pool sentence; ("", None) when every
        try came too close to an earlier text."""
        rng, tries = self.rng, self.d["generator"]["tries"]
        allowed = list(range(len(pool))) if allowed is None else allowed
        if not allowed:
            return "", None
        for attempt in range(tries):
            bold = attempt >= tries // 3
            picked = sorted(rng.sample(allowed, rng.randint(1, min(most, len(allowed)))))
            parts = [pool[i] for i in picked]
            others = [s for s in extra if s not in parts]
            if others and rng.random() < (0.7 if bold else 0.3):
                parts.append(rng.choice(others))
            if opener and rng.random() < (0.8 if bold else 0.3):
                parts.insert(0, opener)
            text = " ".join(parts)
            if self.fresh(text, lang):
                return text, picked[0]
        return "", None

    def person(self, sector: str, countries: dict[str, float], language: str = "") -> dict[str, Any]:
        rng, d = self.rng, self.d
        country = _weighted(rng, countries)
        lang = language or d["languages"].get(country) or rng.choice(["fr", "en"])
        region = d["name_region"].get(country) or ("french" if lang == "fr" else "english")
        first, last = rng.choice(d["names"][region]["first"]), rng.choice(d["names"][region]["last"])
        local = ".".join(_ascii(p).lower().replace(" ", "").replace("-", "").replace("'", "") for p in (first, last))
        email, n = f"{local}@example.org", 2
        while email in self.emails:
            email, n = f"{local}{n}@example.org", n + 1
        self.emails.add(email)
        organisation = ""
        if sector != Sector.OTHER or rng.random() < 0.4:
            organisation = rng.choice(d["organisations"][sector][lang]).format(p=rng.choice(d["places"][lang]))
        draw = rng.random()
        consent = Consent.NAMED if draw < 0.5 else Consent.ANONYMOUS if draw < 0.85 else Consent.PRIVATE
        n_people = rng.randrange(40, 600, 5)
        opener = rng.choice(d["openers"][sector][lang]).format(
            n=n_people, w=int(n_people * rng.uniform(0.1, 0.45)), k=rng.randint(3, 40),
            kg=rng.choice([40, 80, 120, 200, 350, 600]), y=rng.randint(3, 20), r=rng.randint(2, 5))
        return {"name": f"{first} {last}", "first": first, "email": email, "sector": sector, "country": country,
                "language": lang, "consent": consent, "organisation": organisation, "opener": opener,
                "answers": {}, "clauses": {}, "general": ("", ("", None)), "hide": ""}

    def answer(self, p: dict[str, Any], q: Question) -> tuple[ResponseAnswer, About] | None:
        """An answer to the question fitting its answer type, and what its text is about."""
        rng, d, lang, pool = self.rng, self.d, p["language"], _pool_for(q)
        opener = p["opener"]
        if pool in ("barriers", "indicators"):
            text, lead = self.compose(lang, d[pool][lang], opener=opener)
            return (ResponseAnswer("", text), (pool, lead)) if text else None
        if pool == "red_lines_clear":
            value = "yes" if rng.random() < 0.55 else "no"
            text, lead = "", None
            if rng.random() < 0.8:
                text, lead = self.compose(lang, d["red_lines_clear"][value][lang], most=1,
                                          extra=d["topics"]["redlines"][lang], opener=opener)
            return ResponseAnswer(value, text), (f"red_{value}", lead)
        if pool == "score_helps":
            value = _weighted(rng, d["answer_weights"]["scale"])
            band = "low" if value in ("1", "2") else "mid" if value == "3" else "high"
            text, lead = "", None
            if rng.random() < 0.85:
                text, lead = self.compose(lang, d["score_helps"][band][lang], opener=opener)
            return ResponseAnswer(value, text), (f"score_{band}", lead)
        if pool == "multiplier":
            choices, weights = q.choice_values(), d["answer_weights"]["single"]
            value = rng.choices(choices, weights=weights[:len(choices)] + [1] * (len(choices) - len(weights)))[0]
            sentences = d["multiplier"].get(value, {}).get(lang)
            text, lead = "", None
            if sentences and rng.random() < 0.8:
                extra = [d["topics"]["cahra"][lang][i] for i in d["cahra_fits"].get(value, [])]
                text, lead = self.compose(lang, sentences, most=1, extra=extra, opener=opener)
            return ResponseAnswer(value, text), (pool, lead)
        if pool == "translations":
            wishes = d["language_wishes"].get(p["country"], d["wishes_elsewhere"])
            choices = q.choice_values()
            picked = [c for c in choices if rng.random() < wishes.get(c, 0.1)] or [rng.choice(choices)]
            text, lead = self.compose(lang, d["translations"][lang], most=1) if rng.random() < 0.45 else ("", None)
            return ResponseAnswer("\n".join(picked), text), (pool, lead)
        return None

    def regular(self, sector: str) -> dict[str, Any]:
        rng, d = self.rng, self.d
        p = self.person(sector, d["countries"][sector])
        lang = p["language"]
        for q in self.questions:
            if q.aimed_at(sector) and rng.random() < (0.55 if q.answer_type == AnswerType.MULTIPLE else 0.75):
                answered = self.answer(p, q)
                if answered is not None:
                    p["answers"][q] = answered
                    if p["opener"] and answered[0].text.startswith(p["opener"]):
                        p["opener"] = ""  # once is enough
        topics = d["sector_topics"][sector]
        for _ in range(rng.choices([0, 1, 2, 3], weights=[45, 35, 15, 5])[0]):
            topic = rng.choice([t for t in topics if t in d["codes"]])
            code = rng.choice(d["codes"][topic])
            if code in p["clauses"]:
                continue
            sentences = d["topics"][topic][lang]
            text, lead = self.compose(lang, sentences, allowed=_for_clause(sentences, code))
            if text:
                p["clauses"][code] = (text, (topic, lead))
        if rng.random() < (0.85 if sector == Sector.OTHER else 0.55) or not (p["answers"] or p["clauses"]):
            for _ in range(3):
                topic = rng.choice(topics)
                text, lead = self.compose(lang, d["topics"][topic][lang], most=3, opener=p["opener"])
                if text:
                    p["general"] = (text, (topic, lead))
                    break
        return p

    def campaigner(self, sector: str) -> dict[str, Any]:
        rng, d = self.rng, self.d
        countries = d["campaign_asm_countries"] if sector == Sector.ASM else d["campaign_countries"]
        p = self.person(sector, countries, "en")
        campaign = d["campaign"]
        changed = set(rng.sample(range(len(campaign)), rng.randint(1, 2)))
        body = " ".join(part["sentence"].format(part["words"][1] if i in changed else part["words"][0])
                        for i, part in enumerate(campaign))
        if rng.random() < 0.3:
            body = rng.choice(d["endorsements"]) + " " + body
        signature = rng.choice(d["signatures"])
        if not p["organisation"]:
            signature = signature.replace(", {org}", "")
        signature = signature.format(name=p["name"], first=p["first"], org=p["organisation"])
        letter = "\n\n".join(part for part in (rng.choice(d["greetings"]), body, signature) if part)
        p["general"] = (letter, ("campaign", None))
        self.fresh(letter, "en")  # so that no other comment comes near the letter
        for q in self.questions:
            if q.aimed_at(sector) and q.answer_type == AnswerType.MULTIPLE and rng.random() < 0.3:
                answered = self.answer(p, q)
                if answered is not None:
                    p["answers"][q] = answered
        return p

    def plan(self) -> list[dict[str, Any]]:
        """Every respondent, in the order they submit."""
        d = self.d
        people = [self.campaigner(s) for s, n in d["campaigners"].items() for _ in range(n)]
        people += [self.regular(s) for s, n in d["regular"].items() for _ in range(n)]
        for topic, hidden in d["hidden"].items():
            p = self.person(Sector.OTHER, {hidden["country"]: 1})
            p.update(organisation=hidden["organisation"], consent=hidden["consent"],
                     general=(hidden["text"], (topic, None)), hide=hidden["reason"])
            people.append(p)
        self.rng.shuffle(people)
        return people

    def dispositions(self, comments: list[tuple[About | None, Comment]]
                     ) -> list[tuple[Comment, str, dict[str, str], str | None]]:
        """The committee's answers: to every campaign letter, and to others drawn up to the disposed share, in
        comment order. Each is (comment, decision, response by language, changed clause code or None); a response
        the data gives as plain text is in English only."""
        rng, responses = self.rng, self.d["responses"]
        campaign = [(about, c) for about, c in comments if about and about[0] == "campaign"]
        others = [(about, c) for about, c in comments if about and about[0] in responses and about[0] != "campaign"]
        wanted = max(0, round(self.d["generator"]["disposed_share"] * len(comments)) - len(campaign))
        chosen = rng.sample(others, min(wanted, len(others))) + campaign
        out = []
        for (topic, lead), comment in sorted(chosen, key=lambda ac: ac[1].pk):
            # One that answers the comment's leading sentence when there is such an answer.
            options = responses[topic]
            fitting = [o for o in options if o.get("fits") is None or lead in o["fits"]] or options
            answer = rng.choice(fitting)
            text = answer["text"] if isinstance(answer["text"], dict) else {"en": answer["text"]}
            out.append((comment, answer["decision"], text, answer.get("clause")))
        return out
