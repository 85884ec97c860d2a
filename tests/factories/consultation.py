"""Consultation: rounds and their questions, respondents and their comments (through the services)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from assay.consultation import services
from assay.consultation.models import Consent, Question, Response, Round, RoundKind
from assay.web.demo.loader import load_demo_standard


def _days(n: int):
    return factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=n))


class RoundFactory(DjangoModelFactory):
    """A round made by `round_create` (which checks its version and duration): by default a public round on the
    demo's version in consultation, announced 20 days ago, open since 10 days and for 60 more. Translated titles
    (`title_fr`, `title_es`) are set afterwards, as an editor would in the admin."""

    class Meta:
        model = Round

    version = factory.LazyFunction(lambda: load_demo_standard()[1])
    title = "Round"
    kind = RoundKind.PUBLIC
    number = 1
    announced_on = _days(-20)
    opens_on = _days(-10)
    closes_on = _days(60)
    purpose = ""
    short_notice_reason = ""
    languages = None

    @classmethod
    def _create(cls, model_class, *args, **kw):
        translated = {k: kw.pop(k) for k in list(kw) if k.startswith("title_")}
        r = services.round_create(actor=None, version=kw.pop("version"), **kw)
        if translated:
            for field, value in translated.items():
                setattr(r, field, value)
            r.save()
        return r


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    round = factory.SubFactory(RoundFactory)
    text_en = "What would stop you?"


class ResponseFactory(DjangoModelFactory):
    """A respondent through the services: started, `general` comment saved, submitted with `key` (and grouped with
    the round's near-duplicates, as the task after the commit does), and the e-mail address confirmed, as far as
    `status` says ("started", "submitted" or "confirmed")."""

    class Meta:
        model = Response

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Respondent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.name.lower()}@example.org")
    sector = "asm"
    country = "CD"
    language = "fr"
    consent = Consent.NAMED
    # Not fields: what the services are given, and how far to go.
    general = "A comment."
    key = factory.LazyAttribute(lambda o: f"key-{o.name}")
    status = "confirmed"

    @classmethod
    def _create(cls, model_class, *args, **kw):
        general, key, status = kw.pop("general"), kw.pop("key"), kw.pop("status")
        r = services.response_start(round_=kw.pop("round"), **kw)
        if status == "started":
            return r
        services.response_save(response=r, answers={}, clauses={}, general=general)
        services.response_submit(response=r, client_key=key)
        services.comments_group(actor=None, round_=r.round)  # the task that runs once the submission commits
        if status == "confirmed":
            services.response_verify_email(response=r)
        r.refresh_from_db()
        return r
