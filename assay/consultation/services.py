"""State changes of consultations: each a durable transaction, audited; e-mails leave only after the commit.

Every public service takes keyword arguments only; `actor` is the user who acts (respondents act without one).
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from django_tasks import task

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.domain.dedup import Grouper, GrouperState
from assay.lib.tasks import queue_mail, queue_with_commit
from assay.lib.text import ANSWER_MAX, COMMENT_MAX, LONG_TEXT_MAX, NAME_MAX, clean_text, clean_texts
from assay.registry.models import Site
from assay.standards.models import Criterion, StandardVersion, VersionStatus
from assay.standards.translation_status import SOURCE, TARGETS

from .confirmation import confirm_code
from .models import (
    AnswerType,
    Attendance,
    Comment,
    Disposition,
    DispositionChoice,
    DraftEdit,
    Gender,
    Invitation,
    NearDuplicate,
    PilotEvent,
    Question,
    Redaction,
    RedactionReason,
    Response,
    Round,
    RoundKind,
    Sector,
    Withdrawal,
)
from .structure import RoundStructure, round_structure
from .tasks import send_receipt

if TYPE_CHECKING:
    from .xlsform import Instance

MAX_ATTENDANCE = 100_000


@transaction.atomic(durable=True)
def round_create(*, actor: User | None, version: StandardVersion, title: str, opens_on: date, closes_on: date,
                 announced_on: date,
                 number: int = 1, kind: str = RoundKind.PUBLIC, purpose: str = "", short_notice_reason: str = "",
                 languages: list[str] | None = None, synopsis_due_on: date | None = None,
                 workshop_on: date | None = None, workshop_place: str = "", next_draft_on: date | None = None) -> Round:
    """A consultation round; a public round needs a version in consultation, and the minimum duration. The later
    milestones of its timeline (synopsis, forum workshop, next draft) are optional and come after it closes."""
    texts = clean_texts({"title": (title, NAME_MAX), "purpose": (purpose, LONG_TEXT_MAX),
                         "short_notice_reason": (short_notice_reason, LONG_TEXT_MAX),
                         "workshop_place": (workshop_place, NAME_MAX)})
    title, purpose, short_notice_reason = texts["title"], texts["purpose"], texts["short_notice_reason"]
    problems = []
    if kind == RoundKind.PUBLIC and version.status != VersionStatus.CONSULTATION:
        problems.append(_("A public round consults on a version in consultation."))
    if closes_on <= opens_on:
        problems.append(_("The round must close after it opens."))
    minimum = 60 if number == 1 else 30
    if (closes_on - opens_on).days < minimum and not short_notice_reason:
        problems.append(_("A round %(n)s must last at least %(days)s days, or record why it is shorter.")
                        % {"n": number, "days": minimum})
    if announced_on > opens_on:
        problems.append(_("A round is announced before it opens."))
    r = Round(version=version, kind=kind, number=number, title=title, purpose=purpose,
              opens_on=opens_on, closes_on=closes_on, announced_on=announced_on,
              short_notice_reason=short_notice_reason, languages=languages or [SOURCE, *TARGETS],
              synopsis_due_on=synopsis_due_on, workshop_on=workshop_on, workshop_place=texts["workshop_place"],
              next_draft_on=next_draft_on)
    problems += r.timeline_problems()
    if problems:
        raise ValidationError(problems)
    r.save()
    audit_record(actor, AuditAction.ROUND_CREATE, r, title)
    return r


def _mail(subject: str, template: str, context: dict[str, Any], to: str, language: str) -> None:
    with translation.override(language):
        queue_mail(str(subject), render_to_string(template, context), [to])


@transaction.atomic(durable=True)
def reviewer_invite(*, actor: User, round_: Round, name: str, email: str, base_url: str = "") -> Invitation:
    """Invite a reviewer to an outline-review round; the invitation e-mail leaves after the commit."""

    invitation = Invitation(round=round_, name=clean_text(name, NAME_MAX), email=email.strip())
    invitation.full_clean(exclude=["token", "response"])
    invitation.save()
    link = base_url + reverse("consultation:invite", args=[invitation.token])
    transaction.on_commit(lambda: _mail(
        _("Invitation: %(title)s") % {"title": round_.title}, "consultation/email_invite.txt",
        {"invitation": invitation, "link": link}, invitation.email, "en"))
    audit_record(actor, AuditAction.REVIEWER_INVITE, invitation, invitation.name)
    return invitation


@transaction.atomic(durable=True)
def response_start(*, round_: Round, name: str, email: str, sector: str, country: str, language: str,
                   consent: str, organisation: str = "", base_url: str = "", invitation: Invitation | None = None,
                   referral: str = "") -> Response:
    """A respondent starts answering; an e-mail with a verification link and the private resume link follows.
    An outline-review round takes only invited reviewers, each once."""
    if round_.kind != RoundKind.PUBLIC and (invitation is None or invitation.round_id != round_.pk):
        raise ValidationError(_("This round is open to invited reviewers only."), code="invited_only")
    if invitation is not None and invitation.response_id:
        raise ValidationError(_("This invitation has already been used."), code="invitation_used")
    if round_.status() != "open":
        raise ValidationError(_("This round is not open for comments."), code="not_open")
    if not email.strip():  # the receipt and the resume link go there; only pilot-site answers may lack one
        raise ValidationError({"email": [_("Give an e-mail address: your private link and receipt go there.")]})
    texts = clean_texts({"name": (name, NAME_MAX), "organisation": (organisation, NAME_MAX)})
    response = Response(round=round_, name=texts["name"], email=email.strip(), organisation=texts["organisation"],
                        sector=sector, country=country, language=language, consent=consent,
                        referral=clean_text(referral, 64),
                        # an invitation's link came to this address: following it confirms the address
                        email_verified_at=timezone.now() if invitation is not None
                        and invitation.email.strip().lower() == email.strip().lower() else None)
    response.full_clean(exclude=["token", "client_key"])
    response.save()
    if invitation is not None:
        invitation.response = response
        invitation.save(update_fields=["response"])
    link = base_url + reverse("consultation:respond", args=[response.token])
    verify = base_url + reverse("consultation:verify", args=[confirm_code(response)])
    transaction.on_commit(lambda: _mail(
        _("Your comments on %(title)s") % {"title": round_.title}, "consultation/email_start.txt",
        {"response": response, "link": link, "verify": verify}, response.email, response.language))
    audit_record(None, AuditAction.RESPONSE_START, response, response.sector)
    return response


class Respondent(TypedDict):
    """Who answers, as the respondent's form gives it (`response_start`'s arguments past the round)."""

    name: str
    email: str
    organisation: str
    sector: str
    country: str
    language: str
    consent: str


@dataclass
class ResponseAnswer:
    value: str = ""
    text: str = ""


def _check(question: Question, answer: ResponseAnswer) -> str | None:
    v = answer.value.strip()
    if not v:
        return None
    if question.answer_type == AnswerType.YES_NO and v not in ("yes", "no"):
        return _("Answer yes or no.")
    if question.answer_type == AnswerType.SCALE and v not in {"1", "2", "3", "4", "5"}:
        return _("Choose a value from 1 to 5.")
    if question.answer_type in (AnswerType.SINGLE, AnswerType.MULTIPLE):
        allowed = set(question.choice_values())  # the stored value is the same in every language
        picked = [p for p in v.split("\n") if p] if question.answer_type == AnswerType.MULTIPLE else [v]
        if not set(picked) <= allowed:
            return _("Choose among the options given.")
    return None


def _comments(response: Response, answers: dict[int, ResponseAnswer], clauses: dict[int, str],
              general: str, wordings: dict[int, str] | None = None,
              structure: RoundStructure | None = None) -> list[Comment]:
    """The comments a set of answers makes, checked against the round's questions and clauses (all or none).
    A clause's comment may carry new wording proposed for it (`wordings`, by clause). `structure`: the round's
    current structure (structure.round_structure) when the caller has it; else the questions and clauses are read."""
    questions = structure.questions if structure else {q.pk: q for q in response.round.questions.order_by()}
    errors: dict[str, list[str]] = {}

    def cleaned(key: str, value: str, max_length: int) -> str:
        try:
            return clean_text(value, max_length)
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
            return ""

    answers = {qid: ResponseAnswer(cleaned(f"q{qid}", a.value, ANSWER_MAX), cleaned(f"q{qid}", a.text, COMMENT_MAX))
               for qid, a in answers.items()}
    clauses = {cid: cleaned(f"c{cid}", t, COMMENT_MAX) for cid, t in clauses.items()}
    wordings = {cid: cleaned(f"w{cid}", t, COMMENT_MAX) for cid, t in (wordings or {}).items()}
    wordings = {cid: t for cid, t in wordings.items() if t}
    general = cleaned("general", general, COMMENT_MAX)
    for qid, answer in answers.items():
        if qid not in questions:
            errors.setdefault("__all__", []).append(_("Unknown question."))
        elif message := _check(questions[qid], answer):
            errors.setdefault(f"q{qid}", []).append(message)
    asked = set(clauses) | set(wordings)
    if structure is not None:
        criteria = {pk: structure.criteria[pk] for pk in asked if pk in structure.criteria}
    else:
        criteria = ({c.pk: c for c in Criterion.objects.filter(version=response.round.version_id, pk__in=asked)
                     .only("id", "code").order_by()} if asked else {})
    if asked - set(criteria):
        errors.setdefault("__all__", []).append(_("Unknown clause."))
    if errors:
        raise ValidationError(errors)
    # The question and clause objects go with the comments, so the receipt reads nothing more.
    rows = [Comment(response=response, question=questions[qid], value=a.value, text=a.text)
            for qid, a in answers.items() if a.value or a.text]
    rows += [Comment(response=response, criterion=criteria[cid], text=clauses.get(cid, ""),
                     proposed_wording=wordings.get(cid, ""))
             for cid in dict.fromkeys([*clauses, *wordings]) if clauses.get(cid) or wordings.get(cid)]
    if general:
        rows.append(Comment(response=response, text=general))
    return rows


@transaction.atomic(durable=True)
def response_save(*, response: Response, answers: dict[int, ResponseAnswer], clauses: dict[int, str],
                  general: str = "", wordings: dict[int, str] | None = None) -> Response:
    """Save a draft's answers (all or nothing), with any wording proposed for clauses; a submitted response never
    changes."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted:
        raise ValidationError(_("These comments were submitted and can no longer change."), code="submitted")
    rows = _comments(response, answers, clauses, general, wordings)
    response.comments.all().delete()  # a draft's comments are replaced as a whole; submitted ones never
    Comment.objects.bulk_create(rows)
    return response


@transaction.atomic(durable=True)
def response_submit(*, response: Response, client_key: str, base_url: str = "", fingerprint: str = ""
                    ) -> tuple[Response, bool]:
    """Submit once. A resent form (same key, or an already submitted response) returns the stored submission
    and sends nothing again. Returns (response, whether this call submitted it). `fingerprint` is the hash of
    the submitting client (consultation.fingerprint), kept to flag likely scripted submissions."""
    if not client_key or len(client_key) > 64:
        raise ValidationError(_("The form is missing its key; reload the page and submit again."), code="no_key")
    earlier = Response.objects.filter(client_key=client_key).first()
    if earlier is not None:
        if earlier.pk != response.pk:
            raise ValidationError(_("The form is missing its key; reload the page and submit again."),
                                  code="foreign_key")
        return earlier, False
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted:
        return response, False
    if not response.comments.exists():
        raise ValidationError(_("There is nothing to submit yet: answer a question or write a comment."),
                              code="empty")
    response.client_key = client_key
    response.submitted_at = timezone.now()
    response.fingerprint = fingerprint[:64]
    try:
        with transaction.atomic():
            response.save(update_fields=["client_key", "submitted_at", "fingerprint"])
    except IntegrityError:  # the same key arrived twice at once: the other request won
        return Response.objects.get(pk=response.pk), False
    _acknowledge(response, response.comments.count(), base_url)
    return response, True


def _acknowledge(response: Response, comments: int, base_url: str = "") -> None:
    """The audit record of the submission, and its background work queued with the transaction (queue_with_commit):
    the grouping of its comments and its receipt (acknowledge_submission)."""
    queue_with_commit(lambda: acknowledge_submission.enqueue(response.pk, base_url))
    audit_record(None, AuditAction.RESPONSE_SUBMIT, response, response.sector, comments=comments)


def _group_later(round_id: int) -> None:
    """Group the round's new comments with the others once the transaction that stored them commits: with the
    database queue, the task's row is written in that transaction (one commit per submission, not two)."""
    queue_with_commit(lambda: group_comments.enqueue(round_id))


def response_submit_whole(*, round_: Round, client_key: str, name: str, email: str, sector: str, country: str,
                          language: str, consent: str, organisation: str = "",
                          answers: dict[int, ResponseAnswer] | None = None, clauses: dict[int, str] | None = None,
                          general: str = "", base_url: str = "", fingerprint: str = "",
                          wordings: dict[int, str] | None = None,
                          structure: RoundStructure | None = None) -> tuple[Response, int, bool]:
    """A whole response in one call (the API, an offline client that kept it until it had a connection): checked,
    stored and acknowledged at once, with one receipt that also carries the e-mail verification link.

    A clause's comment may carry new wording proposed for it (`wordings`, by clause), as in the form.
    Idempotent by `client_key`: the same key again returns the stored response and stores and sends nothing.
    `structure` is the round's structure as the caller just read it (structure.round_structure: the round,
    its questions and clauses, current); without it, it is read here.
    Everything is checked before the one durable transaction that writes the response, its comments, its audit
    record and its receipt. Returns (response, number of comments, whether this call stored it)."""
    if not client_key or len(client_key) > 64:
        raise ValidationError(_("The form is missing its key; reload the page and submit again."), code="no_key")
    try:
        response, rows = _checked_whole(round_, client_key, name, email, sector, country, language, consent,
                                        organisation, answers or {}, clauses or {}, general, fingerprint, wordings,
                                        structure)
    except ValidationError:  # a resend is answered with what was stored, even when the round has closed since
        if (stored := _stored(client_key)) is not None:
            return stored
        raise
    try:
        return _store_whole(response, rows, base_url)
    except IntegrityError:  # the key is stored already (a resend, or the same key twice at once): nothing written
        if (stored := _stored(client_key)) is None:
            raise
        return stored


def _checked_whole(round_: Round, client_key: str, name: str, email: str, sector: str, country: str,
                   language: str, consent: str, organisation: str, answers: dict[int, ResponseAnswer],
                   clauses: dict[int, str], general: str, fingerprint: str, wordings: dict[int, str] | None,
                   structure: RoundStructure | None) -> tuple[Response, list[Comment]]:
    """response_submit_whole's checks, before anything is written: the response and its comments, unsaved. A key
    already stored is not looked up first (most keys are new): the response's INSERT refuses it."""
    structure = structure or round_structure(round_.pk)
    if structure is None or structure.round.pk != round_.pk:
        raise ValidationError(_("This round is not open for comments."), code="not_open")
    round_ = structure.round
    if round_.kind != RoundKind.PUBLIC:
        raise ValidationError(_("This round is open to invited reviewers only."), code="invited_only")
    if round_.status() != "open":
        raise ValidationError(_("This round is not open for comments."), code="not_open")
    if not email.strip():
        raise ValidationError({"email": [_("Give an e-mail address: your private link and receipt go there.")]})
    texts = clean_texts({"name": (name, NAME_MAX), "organisation": (organisation, NAME_MAX)})
    response = Response(round=round_, name=texts["name"], email=email.strip(), organisation=texts["organisation"],
                        sector=sector, country=country, language=language, consent=consent, client_key=client_key,
                        submitted_at=timezone.now(), fingerprint=fingerprint[:64])
    _full_clean(response)
    rows = _comments(response, answers, clauses, general, wordings, structure)
    if not rows:
        raise ValidationError(_("There is nothing to submit yet: answer a question or write a comment."),
                              code="empty")
    return response, rows


def _stored(client_key: str) -> tuple[Response, int, bool] | None:
    """The response already stored under `client_key`, as response_submit_whole returns it."""
    stored = Response.objects.filter(client_key=client_key).first()
    return None if stored is None else (stored, stored.comments.count(), False)


COUNTRY = Response._meta.get_field("country")


def _full_clean(response: Response) -> None:
    """Response.full_clean, with the country checked by a lookup of its code (the field's own check walks the
    whole list of countries, by far the dearest part)."""
    problems: dict[str, list[str]] = {}
    try:
        response.full_clean(exclude=["token", "client_key", "round", "country"])
    except ValidationError as exc:
        problems = exc.message_dict
    code = str(response.country)  # the code, as the field normalises it
    if not code:
        problems["country"] = [str(COUNTRY.error_messages["blank"])]
    elif code not in countries:
        problems["country"] = [str(COUNTRY.error_messages["invalid_choice"] % {"value": code})]
    if problems:
        raise ValidationError(problems)


@transaction.atomic(durable=True)
def _store_whole(response: Response, rows: list[Comment], base_url: str) -> tuple[Response, int, bool]:
    """response_submit_whole's writes, checked already: the response, its comments, its audit record, its receipt.
    A key stored meanwhile by another request makes the response's INSERT fail (IntegrityError), and nothing is
    written."""
    response.save(force_insert=True)
    Comment.objects.bulk_create(rows)
    _acknowledge(response, len(rows), base_url)
    return response, len(rows), True


@transaction.atomic(durable=True)
def response_verify_email(*, response: Response) -> Response:
    if response.email_verified_at is None:
        response.email_verified_at = timezone.now()
        response.save(update_fields=["email_verified_at"])
        audit_record(None, AuditAction.RESPONSE_VERIFY_EMAIL, response, "")
    return response


@transaction.atomic(durable=True)
def comment_hide(*, actor: User | None, comment: Comment, reason: str) -> Comment:
    """Moderation hides a comment from public pages with a recorded reason; nothing is ever deleted."""
    reason = clean_text(reason, LONG_TEXT_MAX)
    if not reason:
        raise ValidationError(_("Say why the comment is hidden."), code="no_reason")
    comment.hidden_reason = reason
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden_reason", "hidden_at"])
    audit_record(actor, AuditAction.COMMENT_HIDE, comment, reason[:200])
    return comment


WORDING_DECISIONS = (DispositionChoice.ACCEPTED, DispositionChoice.PARTLY)


@transaction.atomic(durable=True)
def response_disown(*, response: Response) -> Response:
    """Whoever holds the receipt says they did not send this response ("this was not me"): its comments leave
    publication until the secretariat reviews it. Nothing is deleted; a second click changes nothing."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.withdrawal:  # already withdrawn, or reviewed: the secretariat's decision stands
        return response
    response.withdrawal = Withdrawal.PENDING
    response.withdrawn_at = timezone.now()
    response.save(update_fields=["withdrawal", "withdrawn_at"])
    audit_record(None, AuditAction.RESPONSE_DISOWN, response, response.sector)
    return response


@transaction.atomic(durable=True)
def response_withdrawal_review(*, actor: User | None, response: Response, confirm: bool) -> Response:
    """The secretariat reviews a withdrawn response: confirm the withdrawal (never published nor counted) or
    reinstate it (published again as its author chose)."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.withdrawal != Withdrawal.PENDING:
        raise ValidationError(_("This response has no withdrawal waiting for review."), code="not_pending")
    response.withdrawal = Withdrawal.CONFIRMED if confirm else Withdrawal.REINSTATED
    response.save(update_fields=["withdrawal"])
    audit_record(actor, AuditAction.RESPONSE_WITHDRAWAL_REVIEW, response, response.withdrawal)
    return response


@transaction.atomic(durable=True)
def comment_redact(*, actor: User | None, comment: Comment, reason: str, start: int | None = None,
                   end: int | None = None, passage: str = "") -> list[Redaction]:
    """Withhold part of a comment from publication, with a recorded reason: characters `start` to `end` of its
    text, or every occurrence of `passage`. The original text is kept (never published); published text shows
    "[redacted: reason]" in its place."""
    if reason not in RedactionReason.values:
        raise ValidationError({"reason": [_("Choose why the passage is redacted.")]}, code="bad_reason")
    text = comment.text
    ranges: list[tuple[int, int]] = []
    if passage.strip():
        passage = passage.strip()
        at = text.find(passage)
        while at >= 0:
            ranges.append((at, at + len(passage)))
            at = text.find(passage, at + len(passage))
        if not ranges:
            raise ValidationError({"passage": [_("This passage is not in the comment's text.")]},
                                  code="no_passage")
    elif start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            raise ValidationError({"start": [_("Give a range within the comment's text (0 to %(n)s).")
                                             % {"n": len(text)}]}, code="bad_range")
        ranges.append((start, end))
    else:
        raise ValidationError({"passage": [_("Give the passage to redact, or its range.")]}, code="nothing")
    rows = Redaction.objects.bulk_create([Redaction(comment=comment, start=a, end=b, reason=reason)
                                          for a, b in ranges])
    # The passage itself is personal data or defamatory: the audit trail records where it was, not what.
    audit_record(actor, AuditAction.COMMENT_REDACT, comment, reason,
                 ranges=[[a, b] for a, b in ranges])
    return rows


@transaction.atomic(durable=True)
def comment_dispose(*, actor: User | None, comment: Comment, decision: str, response: str,
                    changed_criterion: Criterion | None = None, translations: Mapping[str, str] | None = None,
                    wording: Mapping[str, str] | None = None) -> Disposition:
    """Record (or revise) the committee's decision on a comment and its response, in English (`response`) and, in
    `translations`, French and Spanish; a translation not given again is kept (and shows as outdated once the
    English changes). A comment that proposes wording has it accepted (as proposed, in the respondent's language,
    unless the committee gives `wording` by language), partly accepted (with the committee's `wording`) or not."""
    if decision not in DispositionChoice.values:
        raise ValidationError(_("Choose a decision."), code="bad_decision")
    response = clean_text(response, LONG_TEXT_MAX)
    if not response:
        raise ValidationError(_("Every disposition has a response."), code="no_response")
    if changed_criterion is not None and changed_criterion.version_id != comment.response.round.version_id:
        raise ValidationError(_("The clause must belong to the draft under consultation."), code="bad_clause")
    if set(translations or {}) - set(TARGETS) or set(wording or {}) - {SOURCE, *TARGETS}:
        raise ValidationError(_("Unknown language."), code="bad_language")
    translated = {lang: clean_text(text, LONG_TEXT_MAX) for lang, text in (translations or {}).items()}
    words = {lang: clean_text(text, COMMENT_MAX) for lang, text in (wording or {}).items() if text.strip()}
    if words and not comment.proposed_wording:
        raise ValidationError(_("Only a comment that proposes wording has wording to accept."), code="no_proposal")
    if words and decision not in WORDING_DECISIONS:
        raise ValidationError(_("Wording is accepted only with an accepted or partly accepted comment."),
                              code="wording_rejected")
    if decision == DispositionChoice.PARTLY and comment.proposed_wording and not words:
        raise ValidationError(_("Give the wording the committee accepts in part."), code="no_wording")
    if decision == DispositionChoice.ACCEPTED and comment.proposed_wording and not words:
        words = {comment.response.language if comment.response.language in (SOURCE, *TARGETS) else SOURCE:
                 comment.proposed_wording}
    disposition = Disposition.objects.filter(comment=comment).first() or Disposition(comment=comment)
    disposition.decision, disposition.changed_criterion = decision, changed_criterion
    # Each language by its own column: the plain attribute would write the language of the page that called.
    for lang, text in {SOURCE: response, **translated}.items():
        setattr(disposition, f"response_{lang}", text)
    for lang in (SOURCE, *TARGETS):
        setattr(disposition, f"wording_{lang}", words.get(lang, ""))
    disposition.save()
    audit_record(actor, AuditAction.COMMENT_DISPOSE, comment, decision, response=response[:200],
                 translations=sorted(translated), wording=sorted(words))
    return disposition


@transaction.atomic(durable=True)
def amendment_apply(*, actor: User | None, disposition: Disposition, draft: StandardVersion) -> DraftEdit:
    """Write the wording the committee accepted into the clause's requirement in `draft`, the next draft of the
    version consulted on, and record where it came from. The English wording is required (it prevails); a
    translation given with it is written too, the others show as outdated until a translator follows."""
    disposition = Disposition.objects.select_related("comment__criterion", "comment__response__round__version").get(
        pk=disposition.pk)
    comment, consulted = disposition.comment, disposition.comment.response.round.version
    draft = StandardVersion.objects.select_for_update().get(pk=draft.pk)
    if disposition.decision not in WORDING_DECISIONS or not (getattr(disposition, f"wording_{SOURCE}") or "").strip():
        raise ValidationError(_("Only wording the committee accepted, with its English text, goes into a draft."),
                              code="not_accepted")
    if (draft.status != VersionStatus.DRAFT or draft.standard_id != consulted.standard_id
            or draft.pk == consulted.pk):
        raise ValidationError(_("Accepted wording goes into a later draft of the same standard."), code="bad_draft")
    criterion = (Criterion.objects.filter(version=draft, key=comment.criterion.key).first()
                 if comment.criterion else None)
    if criterion is None:
        raise ValidationError(_("The clause is not in draft %(label)s.") % {"label": draft.label}, code="no_clause")
    if DraftEdit.objects.filter(criterion=criterion, disposition=disposition).exists():
        raise ValidationError(_("This wording is already in draft %(label)s.") % {"label": draft.label},
                              code="applied")
    languages = (SOURCE, *TARGETS)
    before = {lang: getattr(criterion, f"text_{lang}") or "" for lang in languages}
    for lang in languages:
        if text := (getattr(disposition, f"wording_{lang}") or "").strip():
            setattr(criterion, f"text_{lang}", text)
    criterion.save()
    after = {lang: getattr(criterion, f"text_{lang}") or "" for lang in languages}
    edit = DraftEdit.objects.create(criterion=criterion, disposition=disposition, before=before, after=after,
                                    applied_by=actor)
    audit_record(actor, AuditAction.AMENDMENT_APPLY, criterion, f"{draft} {criterion.code} ← comment {comment.pk}",
                 comment=comment.pk, disposition=disposition.pk)
    return edit


@transaction.atomic(durable=True)
def event_create(*, actor: User, round_: Round, place: str, held_on: date, facilitator: str, language: str,
                 attendance: dict[tuple[str, str], int], site: Site | None = None, notes: str = "") -> PilotEvent:
    """Record a pilot-site meeting and who took part, counted by sector and gender."""
    texts = clean_texts({"place": (place, NAME_MAX), "facilitator": (facilitator, NAME_MAX),
                         "language": (language, 40), "notes": (notes, LONG_TEXT_MAX)})
    event = PilotEvent(round=round_, held_on=held_on, site=site, **texts)
    event.full_clean()
    problems = [_("Counts are whole numbers of zero or more.") for n in attendance.values() if n < 0]
    if any(n > MAX_ATTENDANCE for n in attendance.values()):  # a count the database could not hold is a typo
        problems.append(_("A count above %(n)s people is not a pilot-site meeting; check the figure.")
                        % {"n": MAX_ATTENDANCE})
    if round_.kind != RoundKind.PUBLIC:
        problems.append(_("Pilot-site events belong to public rounds."))
    if not round_.opens_on <= held_on <= round_.closes_on:  # its answer sheets may arrive later, it may not
        problems.append(_("The event must be held while the round is open."))
    if sum(attendance.values()) == 0:
        problems.append(_("Record how many took part."))
    if any(s not in Sector.values or g not in Gender.values for s, g in attendance):
        problems.append(_("Unknown sector or gender."))
    if problems:
        raise ValidationError(problems[:1])
    event.save()
    Attendance.objects.bulk_create([Attendance(event=event, sector=s, gender=g, count=n)
                                    for (s, g), n in sorted(attendance.items()) if n])
    audit_record(actor, AuditAction.EVENT_CREATE, event, str(event), participants=sum(attendance.values()))
    return event


def _collected_key(event: PilotEvent, key: str) -> str:
    return f"ev{event.pk}-" + hashlib.sha1(key.encode()).hexdigest()


def collected_before(event: PilotEvent, key: str) -> bool:
    """Whether the answer sheet known by `key` (an instance id) is stored for the event."""
    return Response.objects.filter(client_key=_collected_key(event, key)).exists()


def _store_collected(event: PilotEvent, respondent: Respondent | Mapping[str, str], answers: dict[int, ResponseAnswer],
                     general: str, key: str, clauses: dict[int, str] | None = None) -> Response | None:
    """One answer sheet from a pilot site, stored as a submitted response of the event; None if that sheet was
    stored before (the same key: a re-imported file or a re-sent form)."""
    client_key = _collected_key(event, key)
    if Response.objects.filter(client_key=client_key).exists():
        return None
    texts = clean_texts({"name": (respondent.get("name", ""), NAME_MAX),
                         "organisation": (respondent.get("organisation", ""), NAME_MAX)})
    response = Response(round=event.round, event=event, client_key=client_key, submitted_at=timezone.now(),
                        name=texts["name"], email=respondent.get("email", "").strip(),
                        organisation=texts["organisation"],
                        sector=respondent.get("sector", ""), country=respondent.get("country", ""),
                        language=(respondent.get("language") or translation.get_language() or "en")[:2],
                        consent=respondent.get("consent", ""))
    response.full_clean(exclude=["token"])
    response.save()
    rows = _comments(response, answers, clauses or {}, general)
    if not rows:
        raise ValidationError(_("There is nothing to submit yet: answer a question or write a comment."))
    Comment.objects.bulk_create(rows)
    return response


@transaction.atomic(durable=True)
def event_response_enter(*, actor: User, event: PilotEvent, respondent: Respondent | Mapping[str, str],
                         answers: dict[int, ResponseAnswer], general: str, client_key: str) -> Response | None:
    """A facilitator types in one paper questionnaire; sending the same form twice stores it once."""
    if not client_key:
        raise ValidationError(_("The form is missing its key; reload the page and submit again."), code="no_key")
    response = _store_collected(event, respondent, answers, general, client_key)
    if response is not None:
        audit_record(actor, AuditAction.EVENT_RESPONSE_ENTER, response, str(event))
        _group_later(event.round_id)
    return response


@dataclass
class ImportResult:
    stored: int
    already: int


class ImportRejected(ValidationError):
    """An import with bad rows: nothing was stored; `rows` lists (row, field, message) for each problem."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        super().__init__([f"{row} · {field}: {message}" for row, field, message in rows])
        self.rows = rows


@transaction.atomic(durable=True)
def event_import(*, actor: User, event: PilotEvent, data: bytes, filename: str) -> ImportResult:
    """Import the XLSForm submissions of a pilot-site event (Kobo/ODK export, XLSX or CSV): every row stored,
    or, if any row is bad, none, with each problem reported. Re-importing the same file stores nothing twice."""
    from .xlsform import read_submissions  # late: it loads openpyxl, which only an import needs

    submissions, errors = read_submissions(data, filename, event.round)
    problems = [(e.row, e.field, str(e.message)) for e in errors]
    stored = already = 0
    clause_ids = dict(Criterion.objects.filter(version=event.round.version_id).values_list("code", "pk"))
    if not problems:
        for sub in submissions:
            answers = {qid: ResponseAnswer(a.get("value", ""), a.get("text", "")) for qid, a in sub.answers.items()}
            clauses = {clause_ids[code]: text for code, text in sub.clauses.items()}
            # A row without an instance id (a hand-made sheet) is known again by its whole content.
            key = sub.key or repr((sub.respondent, sorted(sub.answers.items()), sorted(sub.clauses.items()),
                                   sub.general))
            try:
                with transaction.atomic():
                    response = _store_collected(event, sub.respondent, answers, sub.general, key, clauses)
            except ValidationError as exc:
                for field, messages in (exc.message_dict.items() if hasattr(exc, "error_dict")
                                        else [("", exc.messages)]):
                    problems += [(sub.row, field, m) for m in messages]
                continue
            stored, already = stored + (response is not None), already + (response is None)
    if problems:
        raise ImportRejected(problems)
    audit_record(actor, AuditAction.EVENT_IMPORT, event, filename[:100], stored=stored, already=already)
    if stored:
        _group_later(event.round_id)
    return ImportResult(stored, already)


def may_facilitate(user: Any) -> bool:
    """Whether `user` may be linked to pilot-site events and send their answers from ODK Collect: an active
    facilitator who signs in with a password alone (the OpenRosa endpoints take HTTP Basic credentials, which
    cannot carry a second factor, so an account that needs one never signs in there)."""
    from assay.accounts.middleware import needs_second_factor
    from assay.accounts.rules import is_facilitator

    if not (getattr(user, "is_active", False) and is_facilitator(user)):
        return False
    return not (settings.ASSAY_REQUIRE_2FA and needs_second_factor(user))


@transaction.atomic(durable=True)
def event_facilitator_link(*, actor: User, event: PilotEvent, user: User) -> bool:
    """The secretariat names `user` a facilitator of `event`: that account may then fetch the event's form and
    send its answers from ODK Collect. False if the link was already there."""
    if not actor.has_perm("consultation.assign_facilitators"):
        raise PermissionDenied
    if not may_facilitate(user):
        raise ValidationError(_("Only an active facilitator account that signs in with a password alone can be "
                                "linked to an event."), code="not_facilitator")
    if event.facilitators.filter(pk=user.pk).exists():
        return False
    event.facilitators.add(user)
    audit_record(actor, AuditAction.EVENT_FACILITATOR_LINK, event, f"{event} ← {user.get_username()}",
                 account=user.pk)
    return True


@transaction.atomic(durable=True)
def event_facilitator_unlink(*, actor: User, event: PilotEvent, user: User) -> bool:
    """The secretariat withdraws `user` from `event`: the account no longer sees or sends the event's form."""
    if not actor.has_perm("consultation.assign_facilitators"):
        raise PermissionDenied
    if not event.facilitators.filter(pk=user.pk).exists():
        return False
    event.facilitators.remove(user)
    audit_record(actor, AuditAction.EVENT_FACILITATOR_UNLINK, event, f"{event} → {user.get_username()}",
                 account=user.pk)
    return True


def event_form_versions(event: PilotEvent) -> set[str]:
    """The versions of the event's form the server sends now (one per language it opens in)."""
    from .xlsform import LANGUAGE_NAMES, xlsform_sheets  # late: it loads openpyxl

    return {xlsform_sheets(event.round, language, event).version for language in LANGUAGE_NAMES}


@transaction.atomic(durable=True)
def event_submission_receive(*, actor: User, event: PilotEvent, instance: "Instance") -> Response | None:
    """One filled-in form of the event sent from ODK Collect, stored as the import stores a row of an export (the
    same checks, the same key: its instance id), so a resent form, or the same answers imported later from a
    Kobo or ODK Central export, is stored once. None if it was stored before. Raises ValidationError (code
    "version" when the form has changed since the phone fetched it), and then nothing is stored."""
    from .xlsform import read_instance  # late: it loads openpyxl

    key = instance.instance_id
    if not key:
        raise ValidationError(_("The submission lacks its instance id (meta/instanceID)."), code="no_key")
    if len(key) > 64:
        raise ValidationError(_("The submission's identifier is too long."), code="no_key")
    if collected_before(event, key):
        return None  # a resend, checked first: the answers were accepted under the form they were sent with
    if instance.version not in event_form_versions(event):
        raise ValidationError(_("This form has changed since the phone fetched it. Nothing was stored: fetch the "
                                "form again (Get blank form) and ask the secretariat how to send these answers."),
                              code="version")
    submission, errors = read_instance(instance, event.round)
    if submission is None:
        raise ValidationError([f"{e.field}: {e.message}" if e.field else str(e.message) for e in errors],
                              code="invalid")
    answers = {qid: ResponseAnswer(a.get("value", ""), a.get("text", "")) for qid, a in submission.answers.items()}
    clause_ids = dict(Criterion.objects.filter(version=event.round.version_id).values_list("code", "pk"))
    clauses = {clause_ids[code]: text for code, text in submission.clauses.items()}
    response = _store_collected(event, submission.respondent, answers, submission.general, key, clauses)
    if response is not None:
        audit_record(actor, AuditAction.EVENT_SUBMISSION_RECEIVE, response, str(event), instance=key[:64])
        _group_later(event.round_id)
    return response


# --- Near-duplicate groups (campaigns), kept as comments arrive ---------------------------------------------------

def _groupable(round_: Round) -> QuerySet[Comment]:
    """The round's submitted comments that have something to group (a text, or a closed answer's value)."""
    return (Comment.objects.filter(response__round=round_, response__submitted_at__isnull=False)
            .exclude(text="", value="").order_by("pk"))


def _saved_grouper(round_: Round) -> Grouper[int]:
    """The round's grouper as the stored groups left it (each group, its representatives, the digests)."""
    state: GrouperState[int] = GrouperState()
    for pk, group, digest in NearDuplicate.objects.filter(round=round_).order_by("pk").values_list(
            "comment_id", "group", "digest"):
        state.groups[pk] = group
        if digest is not None:
            state.digests[bytes(digest)] = pk
    for pk, text, value, signature in (NearDuplicate.objects.filter(round=round_, signature__isnull=False)
                                       .order_by("pk").values_list("comment_id", "comment__text", "comment__value",
                                                                   "signature")):
        if signature is not None:  # filtered so; the type does not know
            state.representatives[pk] = (text or value, bytes(signature))
    return Grouper.restore(state)


def _row(round_: Round, grouper: Grouper[int], pk: int) -> NearDuplicate:
    return NearDuplicate(comment_id=pk, round=round_, group=grouper.group_of(pk), digest=grouper.first_digest(pk),
                         signature=grouper.signature(pk))


@transaction.atomic(durable=True)
def comments_group(*, actor: User | None, round_: Round) -> int:
    """Group the round's submitted comments that are not grouped yet with those that are (the task after each
    submission, acknowledge_submission, runs it), reading the stored groups' representatives rather than regrouping the
    round; returns how many comments it grouped. Not audited: the groups are derived from stored texts, as
    stored scores are, and `comments_regroup` (audited) rebuilds them from those texts."""
    Round.objects.select_for_update().get(pk=round_.pk)  # one grouping of a round at a time
    new = list(_groupable(round_).filter(near_duplicate__isnull=True).values_list("pk", "text", "value"))
    if not new:
        return 0
    grouper = _saved_grouper(round_)
    changed = grouper.add((pk, text or value) for pk, text, value in new)
    new_pks = {pk for pk, _text, _value in new}
    NearDuplicate.objects.bulk_create([_row(round_, grouper, pk) for pk in sorted(new_pks)], batch_size=500)
    moved = [NearDuplicate(comment_id=pk, group=grouper.group_of(pk)) for pk in sorted(changed - new_pks)]
    NearDuplicate.objects.bulk_update(moved, ["group"], batch_size=500)  # groups a new comment joined together
    return len(new)


@task()
def group_comments(round_id: int) -> int:
    """Background work after a submission (django-tasks; at once unless TASK_BACKEND is the database queue)."""
    return comments_group(actor=None, round_=Round.objects.get(pk=round_id))


@task()
def acknowledge_submission(response_id: int, base_url: str) -> int:
    """A submission's background work, one queued task (one row written with the submission, not one per job):
    its comments grouped with the round's, then its receipt (tasks.send_receipt). The receipt leaves even when
    the grouping fails (the round's next grouping takes those comments up); the failure is still raised, for the
    worker's record."""
    try:
        comments_group(actor=None, round_=Round.objects.get(responses__pk=response_id))
    finally:
        sent = send_receipt(response_id, base_url)
    return sent


@dataclass
class Regrouped:
    comments: int
    groups_before: int
    groups: int
    changed: bool  # whether the stored groups were not those of a grouping from scratch


@transaction.atomic(durable=True)
def comments_regroup(*, actor: User | None, round_: Round) -> Regrouped:
    """Group all the round's submitted comments again from scratch (`manage.py regroup_comments`), replacing the
    stored groups; audited when that changes them (the partition, the representatives or the digests)."""
    Round.objects.select_for_update().get(pk=round_.pk)
    grouper: Grouper[int] = Grouper()
    texts = [(pk, text or value) for pk, text, value
             in _groupable(round_).values_list("pk", "text", "value").iterator(chunk_size=2000)]
    grouper.add(texts)
    fresh = {pk: _row(round_, grouper, pk) for pk, _text in texts}
    stored = {r.comment_id: r for r in NearDuplicate.objects.filter(round=round_)}

    def partition(groups: dict[int, int]) -> set[frozenset[int]]:
        members: dict[int, set[int]] = {}
        for pk, group in groups.items():
            members.setdefault(group, set()).add(pk)
        return {frozenset(m) for m in members.values()}

    def extras(rows: dict[int, NearDuplicate]) -> dict[int, tuple[bytes | None, bytes | None]]:
        return {pk: (None if r.digest is None else bytes(r.digest), None if r.signature is None else bytes(r.signature))
                for pk, r in rows.items()}

    before = partition({pk: r.group for pk, r in stored.items()})
    changed = before != partition({pk: r.group for pk, r in fresh.items()}) or extras(stored) != extras(fresh)
    result = Regrouped(len(fresh), len(before), len(grouper.groups()), changed)
    if changed:
        NearDuplicate.objects.filter(round=round_).delete()
        NearDuplicate.objects.bulk_create(fresh.values(), batch_size=500)
        audit_record(actor, AuditAction.COMMENTS_REGROUP, round_, str(round_)[:200], comments=result.comments,
                     groups_before=result.groups_before, groups=result.groups)
    return result
