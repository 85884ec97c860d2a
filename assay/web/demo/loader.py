"""The demo: the YAML files in data/, loaded through the apps' services (`manage.py load_demo`).

Each part is loaded once: a second load finds it there and changes nothing. The loader opens no transaction of its
own: every service it calls is a durable transaction and commits on its own, so a load cut short keeps what it
wrote (start again from an empty database). What the files do not write down is drawn
by the seeded generators, the same on every load: history.py (miners, sites' coordinates, sourcing links, the
assessment history) and responses.py (the consultation's respondents and the committee's dispositions). Records are
written directly only where no service makes them: the users, the round's questions, outreach's partners, contacts,
list and template, the demo authenticators.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from assay.assessments import services as assessments
from assay.assessments.models import Answer, Assessment, AssessmentKind, AssessmentRequest, Commitment
from assay.awards import services as awards
from assay.awards.models import Award
from assay.consultation import services as consultation
from assay.consultation.models import Comment, PilotEvent, Question, Response, Round
from assay.governance import services as governance
from assay.governance.models import Body
from assay.notifications.models import Notification
from assay.outreach import services as outreach
from assay.outreach.models import Contact, EmailTemplate, MailingList, Partner
from assay.registry import services as registry
from assay.registry.models import Actor, CahraArea, Relationship, Site
from assay.reporting import rankings
from assay.reporting import services as reporting
from assay.reporting.models import Shortlist
from assay.standards import services as standards
from assay.standards.models import ActorRole, Criterion, Module, StandardVersion

from .history import History, producer_profile
from .responses import About, Planner

DATA = Path(__file__).parent / "data"
DEMO_FILE = DATA / "mes-0.1.yaml"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(name: str) -> dict[str, Any]:
    """One of the demo's data files."""
    return yaml.load((DATA / name).read_bytes(), Loader=LOADER)


def totp_keys() -> dict[str, str]:
    """The demo users' fixed authenticator keys (hex), by username."""
    return read("users.yaml")["totp"]


@contextmanager
def _mail_kept() -> Iterator[None]:
    """The demo's e-mails (confirmations, receipts, the mailing) are made but sent nowhere."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


def load_demo(write: Callable[[str], None] = lambda line: None) -> None:
    """Load every part of the demo that is not there yet, saying what there is."""
    users = read("users.yaml")
    User = get_user_model()
    admin = User.objects.filter(username=users["admin"]["username"]).first()
    if admin is None:
        admin = User.objects.create_superuser(users["admin"]["username"], users["admin"]["email"], users["password"])
    versions = load_demo_standard(admin)
    for v in versions:
        write(f"Standard {v.standard.slug} {v.label}: {v.get_status_display()}, {v.criteria.count()} criteria")
    round_ = load_demo_consultation(admin, versions[1])
    with _mail_kept():
        load_demo_comments(round_)
    write(f"Consultation: {round_.title} ({round_.get_status_display()}, {round_.questions.count()} questions, "
          f"{round_.responses.count()} responses)")
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with _mail_kept():
        counts = load_demo_registry(admin, versions[0])
    # The history's notifications (assignments, submissions, verifications of past years) are read already.
    Notification.objects.filter(pk__gt=before, read_at__isnull=True).update(read_at=timezone.now())
    write("Registry demo: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    with _mail_kept():
        counts = load_demo_outreach(admin, round_)  # after the registry: the event is at a demo site
    write("Outreach demo: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    write(f"Award shortlists: {load_demo_shortlists(admin)}")
    write(f"Awards: {load_demo_awards(admin)}")
    write("OECD alignment and crosswalks: " + ", ".join(f"{n} {name}" for name, n in
                                                       load_demo_alignment(admin, versions).items()))
    with _mail_kept():
        write(f"Assessment requests: {load_demo_requests()}")
    write(f"Governance bodies: {load_demo_governance(admin)}")
    for username, key in users["totp"].items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            TOTPDevice.objects.get_or_create(user=user, name="demo authenticator",
                                             defaults={"key": key, "confirmed": True})
    staff = [u["username"] for u in users["users"] if "member_of" not in u]
    members = [u["username"] for u in users["users"] if "member_of" in u]
    write(f"Demo sign-in: user {admin.username!r}, password {users['password']!r} (also "
          + ", ".join(repr(u) for u in staff) + ", and members " + ", ".join(repr(u) for u in members)
          + "; the same password)")
    write("Staff and assessors also give a one-time code: run `.venv/bin/python manage.py demo_code admin` (or "
          + ", ".join(f"`{u}`" for u in staff) + ") to print the current one.")


# --- The body's record ------------------------------------------------------------------------------------------

def load_demo_governance(admin: Any) -> int:
    """The standards committee and the advisory group with their members (governance.yaml); returns how many
    bodies there are."""
    User = get_user_model()
    for spec in read("governance.yaml")["bodies"]:
        if Body.objects.filter(slug=spec["slug"]).exists():
            continue
        body = governance.body_create(actor=admin, slug=spec["slug"], kind=spec["kind"], name=spec["name"],
                                      remit=spec["remit"])
        for m in spec["members"]:
            governance.member_add(actor=admin, body=body, user=User.objects.get(username=m["user"]), role=m["role"],
                                  sector=m["sector"], term_start=m["term_start"], term_end=m.get("term_end"),
                                  interests=m.get("interests", ""))
    return Body.objects.count()


# --- The standard -----------------------------------------------------------------------------------------------

def _assign(obj: Any, fields: dict[str, Any]) -> list[str]:
    """Set the fields on obj, a text given as {en, fr, es} in each language; returns the fields changed."""
    for name, value in fields.items():
        if isinstance(value, dict):
            for lang, text in value.items():
                setattr(obj, f"{name}_{lang}", text)
        else:
            setattr(obj, name, value)
    return list(fields)


def load_demo_standard(user: Any = None) -> list[StandardVersion]:
    """The published version and its revision in consultation, each loaded once."""
    data = read("standard.yaml")
    revision = data["revision"]
    versions = StandardVersion.objects.filter(standard__slug=data["standard"])
    published = versions.filter(label=data["published"]).first()
    if published is None:
        published = standards.version_import(actor=user, raw=(DATA / data["file"]).read_bytes())
        published = standards.version_publish(actor=user, version=published)
    draft = versions.filter(label=revision["label"]).first()
    if draft is None:
        draft = standards.version_derive(actor=user, version=published, label=revision["label"])
        standards.content_save(actor=user, obj=draft, changed=_assign(draft, {"title": revision["title"]}))
        for edit in revision["edit"]:
            criterion = Criterion.objects.get(version=draft, key=edit["key"])
            fields = {k: v for k, v in edit.items() if k != "key"}
            standards.content_save(actor=user, obj=criterion, changed=_assign(criterion, fields))
        for new in revision["add"]:
            module = Module.objects.get(version=draft, code=new["module"])
            last = module.criteria.order_by("-position").first()
            criterion = Criterion(version=draft, module=module, position=last.position + 1 if last else 0,
                                  oecd_step=module.oecd_step)
            _assign(criterion, {k: v for k, v in new.items() if k != "module"})
            standards.content_save(actor=user, obj=criterion)
        for key in revision["delete"]:
            standards.content_delete(actor=user, objs=[Criterion.objects.get(version=draft, key=key)])
        for edit in revision.get("modules", []):
            module = Module.objects.get(version=draft, code=edit["code"])
            fields = {k: v for k, v in edit.items() if k != "code"}
            standards.content_save(actor=user, obj=module, changed=_assign(module, fields))
        draft = standards.version_open_consultation(actor=user, version=draft)
    return [published, draft]


# --- The consultation -------------------------------------------------------------------------------------------

def load_demo_consultation(user: Any, version: StandardVersion) -> Round:
    """The demo round on `version` (the revision in consultation), with its questions; loaded once."""
    existing = Round.objects.filter(version=version).first()
    if existing is not None:
        return existing
    data = read("consultation.yaml")
    spec, today = data["round"], date.today()
    round_ = consultation.round_create(
        actor=user, version=version, title=spec["title"]["en"], purpose=spec["purpose"]["en"],
        announced_on=today + timedelta(days=spec["announced"]), opens_on=today + timedelta(days=spec["opens"]),
        closes_on=today + timedelta(days=spec["closes"]), synopsis_due_on=today + timedelta(days=spec["synopsis_due"]),
        workshop_on=today + timedelta(days=spec["workshop"]), workshop_place=spec["workshop_place"]["en"],
        next_draft_on=today + timedelta(days=spec["next_draft"]))
    _assign(round_, {field: {lang: text for lang, text in spec[field].items() if lang != "en"}  # its other languages
                     for field in ("title", "purpose", "workshop_place")})
    round_.save()
    for position, q in enumerate(data["questions"]):
        # Choices are worded in each language, line for line; answers store the English wording.
        choices = {f"choices_{lang}": "\n".join(words) for lang, words in q.get("choices", {}).items()}
        Question.objects.create(round=round_, position=position, sectors=q["sectors"], answer_type=q["answer_type"],
                                **choices, **{f"text_{lang}": text for lang, text in q["text"].items()})
    return round_


def load_demo_comments(round_: Round) -> int:
    """Submit the demo responses to the round, hide two and dispose of about 40% of the comments; returns how many
    responses were made (0 when the round already has responses)."""
    if round_.responses.count() > 10:
        return 0
    criteria: dict[str, Criterion] = {}

    def criterion(code: str) -> Criterion:
        if code not in criteria:
            criteria[code] = Criterion.objects.get(version=round_.version, code=code)
        return criteria[code]

    planner = Planner(read("comments.yaml"), list(round_.questions.all()))
    people = planner.plan()
    abouts: dict[tuple[int, int | None, int | None], About] = {}
    hide: dict[int, str] = {}
    for i, p in enumerate(people):
        response = consultation.response_start(
            round_=round_, name=p["name"], email=p["email"], sector=p["sector"], country=p["country"],
            language=p["language"], consent=p["consent"], organisation=p["organisation"])
        answers = {q.pk: a for q, (a, _about) in p["answers"].items()}
        clauses = {criterion(code).pk: text for code, (text, _about) in p["clauses"].items()}
        consultation.response_save(response=response, answers=answers, clauses=clauses, general=p["general"][0])
        consultation.response_submit(response=response, client_key=f"demo-{round_.pk}-{i}")
        consultation.response_verify_email(response=response)  # the demo's respondents all opened their link
        for q, (a, about) in p["answers"].items():
            if a.text:  # a bare "yes" or "3" calls for no response
                abouts[response.pk, q.pk, None] = about
        for code, (_text, about) in p["clauses"].items():
            abouts[response.pk, None, criterion(code).pk] = about
        if p["general"][0]:
            abouts[response.pk, None, None] = p["general"][1]
        if p["hide"]:
            hide[response.pk] = p["hide"]

    comments = list(Comment.objects.filter(response__round=round_).select_related("response__round")
                    .order_by("pk"))
    for comment in comments:
        if comment.response_id in hide and not comment.question_id and not comment.criterion_id:
            consultation.comment_hide(actor=None, comment=comment, reason=hide[comment.response_id])
    keyed = [(abouts.get((c.response_id, c.question_id, c.criterion_id)), c) for c in comments]
    for comment, decision, text, code in planner.dispositions(keyed):
        consultation.comment_dispose(actor=None, comment=comment, decision=decision, response=text["en"],
                                     translations={lang: t for lang, t in text.items() if lang != "en"},
                                     changed_criterion=criterion(code) if code else None)
    done = len(people) + _demo_proposals(round_, criterion, len(people))
    done += _demo_integrity(round_, criterion, done)
    _spread_submissions(round_)  # every submission above, the proposals' and the integrity examples' too
    # the campaign's copies grouped now, whether or not the task queued after each submission has run yet
    consultation.comments_group(actor=None, round_=round_)
    return done


def _demo_proposals(round_: Round, criterion: Callable[[str], Criterion], done: int) -> int:
    """Respondents who propose new wording for a clause, and the committee's decision on each; returns how many."""
    proposals = read("comments.yaml").get("proposals", [])
    for i, p in enumerate(proposals):
        response = consultation.response_start(
            round_=round_, name=p["name"], email=p["email"], sector=p["sector"], country=p["country"],
            language=p["language"], consent=p["consent"], organisation=p["organisation"])
        clause = criterion(p["clause"])
        consultation.response_save(response=response, answers={}, clauses={clause.pk: p["text"]},
                                   wordings={clause.pk: p["wording"]})
        consultation.response_submit(response=response, client_key=f"demo-{round_.pk}-{done + i}")
        consultation.response_verify_email(response=response)
        consultation.comment_dispose(
            actor=None, comment=response.comments.get(), decision=p["decision"], response=p["response"]["en"],
            translations={lang: t for lang, t in p["response"].items() if lang != "en"}, wording=p["accepted"],
            changed_criterion=clause)
    return len(proposals)


def _demo_integrity(round_: Round, criterion: Callable[[str], Criterion], done: int) -> int:
    """The integrity examples (comments.yaml, `integrity`): a copy of the campaign letter from a throwaway address,
    which the secretariat's review flags as likely scripted, and a clause comment whose supposed author withdrew it
    with the receipt's "this was not me" link. Returns how many responses were made."""
    data = read("comments.yaml")
    spec, made = data["integrity"], list[Response]()
    for key in ("scripted", "disowned"):
        p = spec[key]
        response = consultation.response_start(
            round_=round_, name=p["name"], email=p["email"], sector=p["sector"], country=p["country"],
            language=p["language"], consent=p["consent"], organisation=p["organisation"])
        if key == "scripted":  # the form letter as circulated, word for word
            letter = " ".join(part["sentence"].format(part["words"][0]) for part in data["campaign"])
            consultation.response_save(response=response, answers={}, clauses={},
                                       general=f"{p['greeting']}\n\n{letter}\n\n{p['name']}")
        else:
            consultation.response_save(response=response, answers={}, clauses={criterion(p["clause"]).pk: p["text"]})
        consultation.response_submit(response=response, client_key=f"demo-{round_.pk}-{done + len(made)}")
        consultation.response_verify_email(response=response)
        made.append(response)
    consultation.response_disown(response=made[1])  # the button behind the receipt's "this was not me" link
    return len(made)


def _spread_submissions(round_: Round) -> None:
    """The demo's respondents answered over the days the round has been open, not all within a second of each
    other (which the secretariat's review would flag as a scripted burst). No service back-dates a submission:
    the times are written directly, evenly spread with a seeded jitter, so every load is the same."""
    import random

    from django.utils import timezone

    rng = random.Random(15)
    start = timezone.make_aware(datetime.combine(round_.opens_on, datetime.min.time()) + timedelta(hours=8))
    pks = list(round_.responses.filter(submitted_at__isnull=False, event__isnull=True).order_by("pk")
               .values_list("pk", flat=True))
    span = max(timezone.now() - start, timedelta(hours=1))
    step = span / (len(pks) + 1)
    rows = [Response(pk=pk, submitted_at=start + step * (i + 1) + timedelta(seconds=rng.randint(-600, 600)))
            for i, pk in enumerate(pks)]
    Response.objects.bulk_update(rows, ["submitted_at"])


# --- The registry and the assessments ---------------------------------------------------------------------------

def load_demo_actors(admin: Any, history: History | None = None) -> dict[str, Actor]:
    """The demo's actors, by key: the producers (with their drawn number of miners), then the buyers."""
    history = history or History(read("registry.yaml"))
    languages, profiles = history.registry["languages"], history.registry["profiles"]
    actors = {}
    for p, miners in zip(history.producers, history.miners().values(), strict=True):
        actors[p["key"]] = registry.actor_create(
            actor=admin, name=p["name"], slug=slugify(p["name"])[:80], role=ActorRole.PRODUCER, country=p["country"],
            region=p["region"], minerals=p["minerals"], miners=miners,
            profile=producer_profile(p, miners, profiles[languages[p["country"]]]))
    for role, buyers in history.registry["buyers"].items():
        for b in buyers:
            actors[b["key"]] = registry.actor_create(
                actor=admin, name=b["name"], slug=slugify(b["name"])[:80], role=role, country=b["country"],
                region=b["region"], minerals=b["minerals"], profile=b["profile"])
    return actors


def load_demo_users(admin: Any, actors: dict[str, Actor]) -> dict[str, Any]:
    """The demo's users (users.yaml), their memberships of `actors` and their groups, by username."""
    data = read("users.yaml")
    User = get_user_model()
    users = {}
    for u in data["users"]:
        users[u["username"]] = (User.objects.filter(username=u["username"]).first()
                                or User.objects.create_user(u["username"], u["email"], data["password"]))
    for u in data["users"]:
        if "member_of" in u:
            registry.membership_grant(actor=admin, user=users[u["username"]], organisation=actors[u["member_of"]],
                                      role=u["role"])
    for u in data["users"]:
        for group in u.get("groups", []):
            users[u["username"]].groups.add(Group.objects.get(name=group))
    for u in data["users"]:
        if u.get("staff"):
            users[u["username"]].is_staff = True
            users[u["username"]].save(update_fields=["is_staff"])
    return users


def load_demo_registry(admin: Any, version: StandardVersion | None = None) -> dict[str, int]:
    """The registry and the assessment history against the published version, acting as `admin` (staff); loaded
    once. Returns how many of each record there are."""
    if Actor.objects.exists():
        return _counts()
    data, plan = read("registry.yaml"), read("assessments.yaml")
    version = version or StandardVersion.objects.get(standard__slug="mes", label="0.1")
    history = History(data, plan)
    actors = load_demo_actors(admin, history)
    sites = {key: registry.site_create(actor=admin, producer=actors[key], name=p["site"], country=p["country"],
                                       region=p["region"], latitude=lat, longitude=lon)
             for p, (key, (lat, lon)) in zip(history.producers, history.coordinates().items(), strict=True)}
    # Before any assessment, so every stored score already knows whether its site is in a CAHRA.
    registry.cahra_import(actor=admin, raw=data["cahra_csv"].encode())
    links = history.links()
    for link in links:
        buyer, supplier = actors[link.buyer], actors[link.supplier]
        # what the supplier produces that the buyer deals in (a buyer that lists none takes all of it)
        traded = [m for m in supplier.minerals if not buyer.minerals or m in buyer.minerals] or supplier.minerals
        registry.relationship_create(actor=admin, buyer=buyer, supplier=supplier, kind=link.kind, share=link.share,
                                     start=link.start, end=link.end, minerals=traded)
    users = load_demo_users(admin, actors)
    assessor, reviewer = users[plan["assessor"]], users[plan["reviewer"]]

    criteria = list(Criterion.objects.filter(version=version).order_by("module__position", "position"))
    by_code = {c.code: c for c in criteria}
    cahra_regions = {area.region for area in registry.parse_cahra_csv(data["cahra_csv"].encode())}
    miners = {key: actor.miners for key, actor in actors.items() if actor.miners is not None}
    planned = list(history.assessments(criteria, links, miners, cahra_regions))
    latest = {a.producer: a.on for a in planned}  # oldest first: the last one is each producer's latest
    today = plan["dates"]["today"]
    for n, a in enumerate(planned):
        # A plan is due six months on; on a producer's latest assessment, after the demo's today (staggered), so
        # that what has lapsed is what a later assessment found undone and the few drawn as overdue.
        plan_due = a.on + timedelta(days=182)
        if a.on == latest[a.producer]:
            plan_due = max(plan_due, today + timedelta(days=30 + n * 37 % 330))
        third_party = a.kind == AssessmentKind.THIRD_PARTY
        assessment = assessments.assessment_start(
            actor=admin, organisation=actors[a.producer], version=version, kind=a.kind, on=a.on, site=sites[a.producer],
            assessing_actor=actors[a.buyer] if a.buyer else None, assessor=assessor if third_party else None)
        if third_party:  # the assessor declares no conflict of interest, as they would before beginning
            assessments.assessor_declare(actor=assessor, assignment=assessment.assignments.get(), conflict=False,
                                         statement="")
        assessments.assessment_save_answers(actor=admin, assessment=assessment, given={
            by_code[code].pk: assessments.AnswerInput(value, note) for code, (value, note) in a.answers.items()})
        for code, action, owner, due in a.commitments:
            assessments.commitment_add(actor=admin, assessment=assessment, criterion=by_code[code], action=action,
                                       owner=owner, due=due)
        lang = data["languages"].get(str(actors[a.producer].country), "fr")
        for criterion in assessments.uncommitted_answers(assessment):  # maturity 1 claims a plan: it has one
            title = getattr(criterion, f"title_{lang}") or criterion.title
            assessments.commitment_add(actor=admin, assessment=assessment, criterion=criterion,
                                       action=plan["plan_for"][lang].format(title=title),
                                       owner=plan["owners"][lang][0], due=plan_due)
        assessments.assessment_submit(actor=admin, assessment=assessment)
        if a.review:
            assessments.assessment_review(actor=assessor if third_party else reviewer, assessment=assessment,
                                          verify=a.review == "verify", comment=a.comment)
        # Otherwise it stays submitted, waiting for review.

    _commitments_kept(admin, reviewer, plan, data["languages"])

    # A self-assessment the trader has begun and not yet submitted: the criteria for a trader in its minerals.
    organisation = actors[plan["draft"]["trader"]]
    trader = list(Criterion.objects.filter(version=version).applicable_to(ActorRole.TRADER,
                                                                          frozenset(organisation.minerals) or None))
    codes = {c.code: c for c in trader}
    draft = assessments.assessment_start(actor=admin, organisation=organisation, version=version,
                                         kind=AssessmentKind.SELF,
                                         on=plan["draft"]["date"])
    assessments.assessment_save_answers(actor=admin, assessment=draft, given={
        codes[code].pk: assessments.AnswerInput(value) for code, value in history.draft(trader).items()})
    return _counts()


PROOF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _commitments_kept(admin: Any, reviewer: Any, plan: dict[str, Any], languages: dict[str, str]) -> None:
    """A plan an assessment committed to is done when the actor's next assessment finds its criterion at maturity
    2 or more: the producer says so with a file, and the secretariat verifies it once that next assessment is
    verified. The rest stay open, and those past due have lapsed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    later: dict[tuple[int, int], list[tuple[date, int | None, bool]]] = {}  # (actor, criterion) → submitted answers
    for actor_id, criterion_id, on, maturity, status in Answer.objects.exclude(assessment__status="draft").values_list(
            "assessment__actor_id", "criterion_id", "assessment__date", "maturity", "assessment__status"):
        later.setdefault((actor_id, criterion_id), []).append((on, maturity, status == "verified"))
    promised = (Commitment.objects.live().filter(status="open", criterion__isnull=False)
                .select_related("assessment__actor").order_by("pk"))
    for c in promised:
        nxt = min(((on, m, v) for on, m, v in later.get((c.assessment.actor_id, c.criterion_id or 0), [])
                   if on > c.assessment.date), default=None)
        if nxt is None or (nxt[1] or 0) < 2:
            continue
        lang = languages.get(str(c.assessment.actor.country), "fr")
        assessments.commitment_done(actor=admin, commitment=c, note=plan["done_note"][lang],
                                    upload=SimpleUploadedFile(plan["done_file"][lang].format(n=c.pk), PROOF))
        if nxt[2]:
            assessments.commitment_verify(actor=reviewer, commitment=c, confirm=True)


def _counts() -> dict[str, int]:
    usernames = [u["username"] for u in read("users.yaml")["users"]]
    return {
        "actors": Actor.objects.count(),
        "sites": Site.objects.count(),
        "CAHRA areas": CahraArea.objects.count(),
        "relationships": Relationship.objects.count(),
        "demo users": get_user_model().objects.filter(username__in=usernames).count(),
        "assessments": Assessment.objects.count(),
        "answers": Answer.objects.count(),
        "commitments": Commitment.objects.count(),
    }


# --- Outreach and reporting -------------------------------------------------------------------------------------

def load_demo_outreach(user: Any, round_: Round) -> dict[str, int]:
    """Partners, contacts, the mailing list and its subscribers, the cover e-mail and one mailing of it, and the
    pilot-site meeting with its answer sheets; loaded once."""
    if Partner.objects.exists():
        return {"partners": Partner.objects.count()}
    data = read("outreach.yaml")
    base = data["base_url"]
    for p in data["partners"]:
        partner = Partner.objects.create(name=p["name"], sector=p["sector"], country=p["country"],
                                         language=p["language"])
        for person in p["contacts"]:
            Contact.objects.create(name=person["name"], email=person["email"], partner=partner,
                                   language=p["language"])
    for person in data["individuals"]:
        Contact.objects.create(name=person["name"], email=person["email"], language=person["language"])
    spec = data["mailing_list"]
    names = spec["name"] if isinstance(spec["name"], dict) else {"en": spec["name"]}
    updates = MailingList.objects.create(slug=spec["slug"], **{f"name_{k}": v for k, v in names.items()},
                                         **{f"description_{k}": v for k, v in spec["description"].items()})
    contacts = list(Contact.objects.order_by("id"))
    for i, contact in enumerate(contacts):
        sub = outreach.subscription_request(mailing_list=updates, name=contact.name, email=contact.email,
                                            language=contact.language, base_url=base)
        if i < len(contacts) - 2:
            outreach.subscription_confirm(subscription=sub)
    # the last one left again; one stays pending
    outreach.subscription_cancel(subscription=outreach.subscription_confirm(subscription=sub))
    spec = data["template"]
    template = EmailTemplate.objects.create(
        name=spec["name"], for_packages=spec["for_packages"], **{f"subject_{k}": v for k, v in spec["subject"].items()},
        **{f"body_{k}": v for k, v in spec["body"].items()})
    outreach.mailing_create(actor=user, template=template, mailing_list=updates, round_=round_,
                            base_url=base)  # sent at once by the demo's task backend
    event = _pilot_event(user, round_, read("consultation.yaml")["pilot_event"])
    facilitator = get_user_model().objects.filter(username="facilitator").first()
    if facilitator is not None:  # ODK Collect can fetch this event's form and send its answers as this account
        consultation.event_facilitator_link(actor=user, event=event, user=facilitator)
    for spec in data.get("plans", []):
        plan = outreach.plan_save(actor=user, partner=Partner.objects.get(name=spec["partner"]), round_=round_,
                                  networks=spec["networks"], audiences=spec["audiences"], channels=spec["channels"],
                                  languages=spec["languages"], expected_reach=spec["expected_reach"])
        for a in spec["activities"]:
            day = round_.opens_on + timedelta(days=a["days"])
            outreach.plan_activity_save(actor=user, plan=plan, kind=a["kind"], title=a["title"], planned_on=day,
                                        language=a["language"], expected_reach=a["reach"],
                                        event=event if a.get("event") else None,
                                        done_on=day if a.get("done") else None)
    return {"partners": Partner.objects.count(), "contacts": len(contacts),
            "outreach plans": len(data.get("plans", []))}


def _pilot_event(user: Any, round_: Round, spec: dict[str, Any]) -> PilotEvent:
    site = Site.objects.filter(country=spec["site_country"]).order_by("id").first()
    event = consultation.event_create(
        actor=user, round_=round_, place=site.name if site else spec["place"], site=site,
        held_on=round_.opens_on + timedelta(days=spec["held"]), facilitator=spec["facilitator"],
        language=spec["language"], attendance={(sector, gender): n for sector, by_gender in spec["attendance"].items()
                                               for gender, n in by_gender.items()})
    questions = {q.position: q for q in round_.questions.all()}
    for i, sheet in enumerate(spec["sheets"]):
        answers = {questions[a["question"]].pk: consultation.ResponseAnswer(a["value"], a["text"])
                   for a in sheet["answers"]}
        consultation.event_response_enter(actor=user, event=event, respondent=sheet["respondent"], answers=answers,
                                          general=sheet["general"],
                                          client_key=f"demo-sheet-{i}")
    return event


def load_demo_requests() -> int:
    """The demo trader asks the demo co-operative to accept a second-party assessment by the trader, due in six
    weeks: the co-operative's admin finds it in their notifications, the trader on its requests page."""
    trader = get_user_model().objects.filter(username="trader").first()
    buyer, supplier = (Actor.objects.filter(slug=s).first() for s in ("maison-dachat-kivu-lumiere",
                                                                      "cooperative-miniere-tujenge"))
    if trader is None or buyer is None or supplier is None:
        return 0
    if not AssessmentRequest.objects.filter(buyer=buyer, supplier=supplier).exists():
        assessments.request_send(actor=trader, buyer=buyer, supplier=supplier, kind="second_party",
                                 due=date.today() + timedelta(days=45),
                                 message="Nous viendrons faire l'évaluation sur le chantier avant la fin du trimestre.")
    return AssessmentRequest.objects.count()


def load_demo_awards(user: Any) -> int:
    """Last year's progress award with its jury, its scores and its announced winner; returns how many awards."""
    if Award.objects.exists():
        return Award.objects.count()
    shortlist = Shortlist.objects.filter(category="producers").order_by("created_at", "pk").first()
    version = StandardVersion.objects.filter(status="published").order_by("pk").first()
    if shortlist is None or version is None or not shortlist.entries.exists():
        return 0
    data, password = read("awards.yaml"), read("users.yaml")["password"]
    spec, year = data["award"], shortlist.start.year
    texts = {field: {lang: text.format(year=year) for lang, text in spec[field].items()}
             for field in ("name", "prize", "description")}
    award = awards.award_create(actor=user, shortlist=shortlist, version=version, category=spec["category"],
                                names=texts["name"], prizes=texts["prize"], descriptions=texts["description"],
                                organisations=spec["organisations"])
    User = get_user_model()
    seated = []
    for juror in data["jurors"]:
        account = User.objects.filter(username=juror["username"]).first() or User.objects.create_user(
            juror["username"], juror["email"], password, first_name=juror["first_name"],
            last_name=juror["last_name"])
        awards.juror_add(actor=user, award=award, user=account, organisation=juror["organisation"],
                         chair=juror.get("chair", False))
        seated.append(account)
    winner = award.nominations.order_by("entry__rank", "pk").first()
    if winner is None:
        return Award.objects.count()
    for account, value in zip(seated, spec["scores"], strict=False):
        awards.score_record(actor=account, nomination=winner, value=value)
    chair = seated[0]
    awards.decision_record(actor=chair, award=award, winner=winner, rationale=spec["rationale"])
    awards.award_announce(actor=chair, award=award)
    return Award.objects.count()


def load_demo_alignment(user: Any, versions: list[StandardVersion]) -> dict[str, int]:
    """The versions' OECD alignment ratings (seeded once; the shipped revisions rated on the versions that are not
    published yet) and the example crosswalk, imported once."""
    from assay.alignment import services as alignment
    from assay.alignment.models import AlignmentRating, Crosswalk
    from assay.alignment.reference import HERE, shipped_mapping

    for version in versions:
        if alignment.alignment_seed(actor=user, version=version) and not version.is_frozen:
            for r in (shipped_mapping(version.standard.slug) or {}).get("revisions", {}).get(version.label, []):
                alignment.alignment_rate(actor=user, version=version, item=r["item"], rating=r["rating"],
                                         criteria=r.get("criteria", []), reason=r["reason"])
    for spec in read("alignment.yaml")["crosswalks"]:
        if not Crosswalk.objects.filter(slug=spec["slug"]).exists():
            alignment.crosswalk_import(actor=user, standard=versions[0].standard, slug=spec["slug"], name=spec["name"],
                                       scheme=spec["scheme"],
                                       raw=(HERE / "data" / "crosswalks" / spec["file"]).read_bytes())
    return {"alignment ratings": AlignmentRating.objects.count(), "crosswalks": Crosswalk.objects.count()}


def load_demo_shortlists(user: Any) -> int:
    """Last year's award shortlists, frozen once; returns how many there are."""
    if Shortlist.objects.exists():
        return Shortlist.objects.count()
    start, end = rankings.default_period()
    for spec in read("reporting.yaml")["shortlists"]:
        reporting.shortlist_freeze(actor=user, title=spec["title"].format(year=start.year), category=spec["category"],
                                   start=start, end=end, size=spec["size"], group_by=spec.get("group_by", ""))
    return Shortlist.objects.count()
