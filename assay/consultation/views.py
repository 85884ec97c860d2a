"""Consultation pages: the rounds, a round's questions, and the respondent's form (resumable by private link)."""

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from assay.lib import exports
from assay.lib.charts import bar_chart
from assay.lib.exports import XLSX
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.lib.pdf import fresh_pdf, html_to_pdf, kept_pdf, kept_pdf_size, pdf_download, render_pdf
from assay.lib.ratelimit import over_limit, too_many_requests
from assay.lib.text import COMMENT_MAX
from assay.standards.models import Criterion

from . import fieldkit, selectors, services, timeline
from .amendments import criterion_text
from .confirmation import response_for_code, response_for_disown_code
from .fingerprint import client_fingerprint
from .forms import AnswerSheetForm, EventForm, ImportForm, RedactForm, RespondentForm, ResponseForm
from .models import (
    REFERRAL_SESSION_KEY,
    Attendance,
    Comment,
    Consent,
    Gender,
    Invitation,
    PilotEvent,
    RedactionReason,
    Response,
    Round,
    RoundKind,
    Sector,
    Withdrawal,
)


def _referral(request: HttpRequest, round_: Round) -> str:
    """The outreach link this visitor came by to this round, if any (set by the tracked link's redirect)."""
    came = request.session.get(REFERRAL_SESSION_KEY) or {}
    return str(came.get("token", ""))[:64] if isinstance(came, dict) and came.get("round") == round_.pk else ""


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("version__standard").prefetch_related("questions")
    return render(request, "consultation/round_list.html", {"rounds": rounds})


DRAFTS_KEY = "consultation_drafts"  # in the session: round id → the private token of the draft in progress


def _remember_draft(request: HttpRequest, response: Response) -> None:
    """Keep the token of a draft in this browser's session, so that "Comment on this clause" on any criterion page
    comes back to the same response; a submitted response is forgotten."""
    drafts = dict(request.session.get(DRAFTS_KEY, {}))
    key = str(response.round_id)
    if response.submitted:
        if drafts.pop(key, None) is not None:
            request.session[DRAFTS_KEY] = drafts
    elif drafts.get(key) != response.token:
        drafts[key] = response.token
        request.session[DRAFTS_KEY] = drafts


def _draft_in_progress(request: HttpRequest, round_: Round) -> Response | None:
    token = request.session.get(DRAFTS_KEY, {}).get(str(round_.pk))
    if not token:
        return None
    return Response.objects.filter(token=token, round=round_, submitted_at__isnull=True).first()


def _with_clause(target: HttpResponse, clause: str) -> HttpResponse:
    if clause:
        target["Location"] += "?" + urlencode({"clause": clause})
    return target


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    if (request.method == "GET" and "new" not in request.GET
            and (draft := _draft_in_progress(request, round_)) is not None):
        # A respondent with a draft in progress goes on with it: one response, any number of clauses.
        return _with_clause(redirect("consultation:respond", draft.token), request.GET.get("clause", "")[:20])
    if request.method == "POST":
        form = RespondentForm(request.POST)
        form.is_valid()  # always: every detail is the service's to check
        if wait := over_limit(request, "consultation_start", form.cleaned_data["email"]):
            return too_many_requests(request, wait)  # each start sends an e-mail: no flooding anyone's mailbox
        try:
            response = services.response_start(round_=round_, **form.respondent(),
                                                base_url=request.build_absolute_uri("/")[:-1],
                                                referral=_referral(request, round_))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            _remember_draft(request, response)
            return _with_clause(redirect("consultation:respond", response.token), form.cleaned_data["clause"])
    else:
        form = RespondentForm(initial={"language": (get_language() or "en")[:2]})
    return render(request, "consultation/round_detail.html", {
        "round": round_, "questions": round_.questions.all(), "form": form, "sectors": Sector.choices,
        "consents": Consent.choices, "countries": list(countries), "public": round_.kind == RoundKind.PUBLIC,
        "clause": request.GET.get("clause", form.data.get("clause", ""))[:20],
        "milestones": timeline.milestones(round_),
    })


def respond(request: HttpRequest, token: str) -> HttpResponse:
    response = Response.objects.select_related("round__version__standard").filter(token=token).first()
    if response is None:
        raise Http404
    _remember_draft(request, response)
    questions = list(response.round.questions.all())
    # The respondent's own sector's questions first, then the others (DESIGN §6).
    questions.sort(key=lambda q: (not q.aimed_at(response.sector), q.position))
    clauses = list(Criterion.objects.filter(version=response.round.version_id).select_related("module").order_by(
        "module__position", "position"))
    by_code = {c.code: c for c in clauses}
    # The clauses the respondent came to comment on (from a criterion's page, or picked in the form).
    focus = {by_code[code].pk for code in request.GET.getlist("clause") if code in by_code}
    form = ResponseForm(questions=questions, clauses=clauses)
    if request.method == "POST" and not response.submitted:
        form = ResponseForm(request.POST, questions=questions, clauses=clauses)
        form.is_valid()  # always: the answers are the service's to check
        answers, clause_text, typed_general = form.answers(), form.clause_texts(), form.cleaned_data["general"]
        wordings = form.clause_wordings()
        try:
            services.response_save(response=response, answers=answers, clauses=clause_text, general=typed_general,
                                   wordings=wordings)
            if form.submits:
                response, _new = services.response_submit(response=response, client_key=form.cleaned_data["client_key"],
                                                          base_url=request.build_absolute_uri("/")[:-1],
                                                          fingerprint=client_fingerprint(request))
                _remember_draft(request, response)
                return redirect("consultation:respond", response.token)
            if form.cleaned_data["action"] == "add":  # the clause picker: saved, then back with the clause open
                codes = [*request.GET.getlist("clause"), form.cleaned_data["add_clause"]]
                target = redirect("consultation:respond", response.token)
                target["Location"] += "?" + urlencode([("clause", c) for c in dict.fromkeys(codes) if c in by_code])
                return target
            if form.cleaned_data["action"] == "browse":  # saved, then off to read the draft (and come back)
                version = response.round.version
                return redirect("standards:version", version.standard.slug, version.label)
            messages.success(request, _("Saved. You can come back with your private link."))
            return redirect(request.get_full_path())
        except ValidationError as exc:
            add_service_error(form, exc)
            messages.error(request, _("Nothing was saved: please correct the answers marked below."))
    comments = list(response.comments.all())
    stored = {c.question_id: c for c in comments if c.question_id}
    clause_comments = {c.criterion_id: c.text for c in comments if c.criterion_id}
    clause_wordings = {c.criterion_id: c.proposed_wording for c in comments if c.criterion_id}
    general = next((c.text for c in comments if not c.question_id and not c.criterion_id), "")
    errors = form.errors
    if errors:  # what was typed comes back, so a refused (say, too long) text is not lost
        stored = {qid: Comment(question_id=qid, value=a.value, text=a.text) for qid, a in answers.items()}
        clause_comments, general, clause_wordings = clause_text, typed_general, wordings
    rows = [{"q": q, "mine": q.aimed_at(response.sector), "comment": stored.get(q.pk),
             "errors": list(errors.get(f"q{q.pk}", []))} for q in questions]
    shown_ids = {c.pk for c in clauses if c.pk in focus or c.pk in clause_comments or c.pk in clause_wordings}
    shown = [{"c": c, "text": clause_comments.get(c.pk, ""), "wording": clause_wordings.get(c.pk, ""),
              "draft_text": criterion_text(c, response.language)} for c in clauses if c.pk in shown_ids]
    # What is not about a question is said at the top, naming the clause or the general comment it is about.
    general_errors = [*form.non_field_errors(), *(f"{_('General comment')}: {m}" for m in errors.get("general", [])),
                      *(f"{c.code}: {m}" for c in clauses for key in (f"c{c.pk}", f"w{c.pk}")
                        for m in errors.get(key, []))]
    return render(request, "consultation/respond.html", {
        "response": response, "rows": rows, "clauses": clauses, "shown_clauses": shown,
        "other_clauses": [c for c in clauses if c.pk not in shown_ids],
        "general": general, "client_key": uuid.uuid4().hex, "general_errors": general_errors,
        "focus_clause": bool(focus), "comment_max": COMMENT_MAX,
    })


def round_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """What respondents said and how the committee answered, as each respondent allowed."""
    round_ = get_object_or_404(Round, pk=pk)
    return render(request, "consultation/comments.html", {
        "round": round_, "shown": selectors.grouped(round_),
        "may_redact": request.user.has_perm("consultation.redact_comment")})


def round_synopsis(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The synopsis of comments and responses: HTML, PDF or XLSX, in the page's language."""

    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    sections, by_sector = selectors.synopsis(round_)
    context: dict[str, Any] = {"round": round_, "sections": sections, "by_sector": by_sector,
                               "lang": get_language() or "en"}
    # Once the round has closed, no comment arrives: the PDF is kept, keyed by its HTML (which moves if a
    # disposition or a redaction comes later). While the round is open it is rendered on every request.
    closed = round_.status() in ("closed", "synthesised")
    if fmt == "html":
        if closed:
            pdf_html = render_to_string("consultation/synopsis_pdf.html", context, request)
            context["pdf_size"] = kept_pdf_size("synopsis-pdf", round_.pk, context["lang"], pdf_html)
        return render(request, "consultation/synopsis.html", context)
    if fmt == "pdf":
        pdf_html = render_to_string("consultation/synopsis_pdf.html", context, request)
        pdf = (kept_pdf("synopsis-pdf", round_.pk, context["lang"], pdf_html) if closed
               else fresh_pdf("synopsis-pdf", pdf_html))
        return pdf_download(pdf, f"synopsis-{round_.pk}.pdf")
    rows = [[section.title or _("General comment"), item.comment.response.get_sector_display(),
             item.author or _("Anonymous"), item.count, item.answer, item.text,
             item.comment.disposition.get_decision_display() if hasattr(item.comment, "disposition") else "",
             item.comment.disposition.response if hasattr(item.comment, "disposition") else "",
             item.comment.proposed_wording,
             "\n".join(f"{a.author or _('Anonymous')}: {a.text}" for a in item.additions)]
            for section in sections for item in section.items]
    header = [_("Clause or question"), _("Sector"), _("Author"), _("Near-identical comments"), _("Answer"),
              _("Comment"), _("Decision"), _("Response"), _("Proposed wording"), _("Added by signatories")]
    return exports.table_response(f"synopsis-{round_.pk}", fmt, header, rows)


def _workshop_context(round_: Round) -> dict[str, Any]:
    """The workshop's figures, with a chart beside each table (the tables are the charts' text equivalent)."""
    w = selectors.workshop(round_)
    top = max((total for _label, total, _issues in w.sectors), default=0) or 1
    charts = {
        "sectors": bar_chart(_("Comments per sector"), [(capfirst(label), total)
                                                         for label, total, _issues in w.sectors], maximum=top),
        "participation": bar_chart(_("Pilot-site participants per sector"),
                                   [(capfirst(label), total) for label, _counts, total in w.participation.by_sector],
                                   maximum=max((t for *_rest, t in w.participation.by_sector), default=0) or 1),
        "closed": [bar_chart(t.question.text, list(zip(t.options, t.totals, strict=True)),
                             maximum=max(t.totals, default=0) or 1) for t in w.closed],
    }
    return {"round": round_, "w": w, "sectors": w.sectors, "charts": charts,
            "closed": list(zip(w.closed, charts["closed"], strict=True)), "topics": w.top_topics(),
            "milestones": timeline.milestones(round_), "lang": get_language() or "en"}


def round_workshop(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The forum workshop's summary of the feedback: page, PDF or XLSX, in the page's language."""
    round_: Round = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    if fmt not in ("html", "pdf", "xlsx"):
        raise Http404
    context = _workshop_context(round_)
    if fmt == "html":
        return render(request, "consultation/workshop.html", context)
    if fmt == "pdf":
        return render_pdf(request, "consultation/workshop_pdf.html", context, f"workshop-{round_.pk}.pdf")
    w: selectors.Workshop = context["w"]
    issues = [[label, total, issue.topic or _("General comments"), issue.count, issue.quote]
              for label, total, found in w.sectors for issue in found]
    everyone = _("All sectors")
    closed = [[t.question.text, sector, answered, *[f"{o}: {n}" for o, n in zip(t.options, counts, strict=True)]]
              for t in w.closed for sector, counts, answered in [*t.by_sector, (everyone, t.totals, t.answered)]]
    people = [[sector, *counts, total] for sector, counts, total in
              [*w.participation.by_sector, (_("All sectors"), w.participation.totals, w.participation.total)]]
    groups = [[selectors.topic_of(s.comment) or _("General comment"), s.count, s.text or s.answer,
               "\n".join(f"{a.author or _('Anonymous')}: {a.text}" for a in s.additions)] for s in w.campaigns]
    return exports.workbook_response(f"workshop-{round_.pk}", [
        (_("Key issues"), [_("Sector"), _("Comments from the sector"), _("Clause or question"), _("Comments"),
                           _("Representative quote")], issues),
        (_("Closed questions"), [_("Question"), _("Sector"), _("Respondents"), _("Answers")], closed),
        (_("Pilot-site participation"), [_("Sector"), *w.participation.genders, _("Total")], people),
        (_("Campaigns"), [_("Clause or question"), _("Near-identical comments"), _("Representative text"),
                          _("Added by signatories")], groups),
    ])


def workshop_pack(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The side-session pack for the forum workshop (agenda, key issues, the committee's proposed responses,
    questions for the room) as a PDF in one of the languages."""
    if lang not in fieldkit.LANGUAGES:
        raise Http404
    round_: Round = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    with translation.override(lang):
        context = _workshop_context(round_)
        context["lang"] = lang
        pdf = html_to_pdf(render_to_string("consultation/workshop_pack.html", context))
    return pdf_download(pdf, f"workshop-pack-{round_.pk}-{lang}.pdf")


def round_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's timeline as an iCalendar file, in the page's language."""
    round_ = get_object_or_404(Round, pk=pk)
    data = timeline.round_calendar(round_, get_language() or "en", request.build_absolute_uri("/")[:-1])
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}.ics"'
    return response


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited reviewer's way into an outline-review round (once; afterwards the link leads to their answers)."""
    invite = Invitation.objects.select_related("round", "response").filter(token=token).first()
    if invite is None:
        raise Http404
    if invite.response is not None:
        return redirect("consultation:respond", invite.response.token)
    if request.method == "POST":
        form = RespondentForm(request.POST, invitation=invite)
        form.is_valid()  # always: every detail is the service's to check
        try:
            response = services.response_start(round_=invite.round, **form.respondent(),
                                                base_url=request.build_absolute_uri("/")[:-1], invitation=invite)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("consultation:respond", response.token)
    else:
        form = RespondentForm(invitation=invite, initial={"language": (get_language() or "en")[:2]})
    return render(request, "consultation/round_detail.html", {
        "round": invite.round, "questions": invite.round.questions.all(), "form": form, "sectors": Sector.choices,
        "consents": Consent.choices, "countries": list(countries), "public": True, "clause": "",
        "invited": invite,
    })


def verify_email(request: HttpRequest, code: str) -> HttpResponse:
    """The link in the e-mail: a page with one button, so that mail scanners that open links confirm nobody."""
    response = response_for_code(code)
    if response is None:
        raise Http404
    if request.method == "POST":
        services.response_verify_email(response=response)
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("consultation:respond", response.token)
    return render(request, "consultation/confirm_email.html", {"response": response})


def not_me(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt's "this was not me" link: a page with one button (a mail scanner that opens the link withdraws
    nothing); the button withdraws the response's comments from publication until the secretariat reviews it."""
    response = response_for_disown_code(code)
    if response is None:
        raise Http404
    if request.method == "POST":
        services.response_disown(response=response)
        return redirect("consultation:not_me", code)
    return render(request, "consultation/not_me.html", {"response": response, "Withdrawal": Withdrawal})


def _reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm("consultation.review_responses"):
        raise PermissionDenied


def round_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """The secretariat's review of a round's responses: likely scripted ones with why they were flagged, and the
    ones disowned from a receipt, to reinstate or to confirm as withdrawn."""
    _reviewer(request)
    round_ = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        picked = request.POST.get("response", "")
        target = get_object_or_404(Response, pk=int(picked) if picked.isdigit() else 0, round=round_)
        try:
            services.response_withdrawal_review(actor=request.user, response=target,
                                                confirm=request.POST.get("decision") == "confirm")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Review recorded."))
        return redirect("consultation:review", round_.pk)
    return render(request, "consultation/review.html", {
        "round": round_, "flagged": selectors.flagged_responses(round_),
        "withdrawals": selectors.withdrawals(round_), "Withdrawal": Withdrawal})


def comment_redact(request: SignedInRequest, pk: int) -> HttpResponse:
    """Redact a passage of one comment with a reason (the secretariat's); the original stays, unpublished."""
    if not request.user.has_perm("consultation.redact_comment"):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.select_related("response__round", "question", "criterion"), pk=pk)
    form = RedactForm(request.POST or None)
    if form.is_bound:
        form.is_valid()  # always: the service checks the passage against the text
        data = form.cleaned_data
        try:
            services.comment_redact(actor=request.user, comment=comment, reason=data.get("reason", ""),
                                    passage=data.get("passage", ""), start=data.get("start"), end=data.get("end"))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The passage is redacted."))
            return redirect("consultation:redact", comment.pk)
    return render(request, "consultation/redact.html", {
        "comment": comment, "form": form, "reasons": RedactionReason.choices,
        "redactions": comment.redactions.all(), "published": comment.public_text()})


def _facilitator(request: HttpRequest) -> None:
    if not request.user.has_perm("consultation.run_events"):
        raise PermissionDenied


def round_events(request: SignedInRequest, pk: int) -> HttpResponse:
    """The pilot-site events of a round, and the form to record a new one (facilitators and the secretariat)."""

    _facilitator(request)
    round_ = get_object_or_404(Round, pk=pk)
    form = EventForm(request.POST if request.method == "POST" else None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Enter the date as YYYY-MM-DD and the counts as whole numbers."))
    elif form.is_bound:
        data = form.cleaned_data
        try:
            event = services.event_create(actor=request.user, round_=round_, place=data["place"],
                                          held_on=data["held_on"],
                                          facilitator=data["facilitator"], language=data["language"],
                                          attendance=form.attendance(), notes=data["notes"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("consultation:event", event.pk)


    people = Attendance.objects.filter(event=OuterRef("pk")).values("event").annotate(n=Sum("count")).values("n")
    events = PilotEvent.objects.filter(round=round_).annotate(participants=Subquery(people),
                                                              answers=Count("responses"))
    return render(request, "consultation/events.html", {
        "round": round_, "events": events, "form": form, "sectors": Sector.choices, "genders": Gender.choices})


def _assign_facilitator(request: SignedInRequest, event: PilotEvent, action: str) -> None:
    """The secretariat links an account to the event (by username or e-mail) or withdraws one."""
    if not request.user.has_perm("consultation.assign_facilitators"):
        raise PermissionDenied
    account = request.POST.get("account", "").strip()[:254]
    users = get_user_model().objects
    if action == "facilitator_remove":
        user = event.facilitators.filter(pk=int(account)).first() if account.isdigit() else None
    else:
        user = (users.filter(username=account).first() or users.filter(email__iexact=account).first()
                if account else None)
    if user is None:
        messages.error(request, _("There is no such account."))
        return
    try:
        if action == "facilitator_remove":
            services.event_facilitator_unlink(actor=request.user, event=event, user=user)
            messages.success(request, _("%(account)s no longer facilitates this event.")
                             % {"account": user.get_username()})
        else:
            services.event_facilitator_link(actor=request.user, event=event, user=user)
            messages.success(request, _("%(account)s may now send this event's answers from ODK Collect.")
                             % {"account": user.get_username()})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def event_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One pilot-site event: who took part, the answers entered so far, paper entry and file import; for the
    secretariat, the facilitator accounts that may send its answers from ODK Collect."""
    _facilitator(request)
    event = get_object_or_404(PilotEvent.objects.select_related("round"), pk=pk)
    questions = list(event.round.questions.all())
    problems: list[tuple[int, str, str]] = []
    form = AnswerSheetForm(questions=questions)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("facilitator_add", "facilitator_remove"):
        _assign_facilitator(request, event, action)
        return redirect("consultation:event", event.pk)
    if action == "import":  # which of the page's forms
        upload_form = ImportForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            messages.error(request, " ".join(upload_form.errors["file"]))
        else:
            upload = upload_form.cleaned_data["file"]
            try:
                result = services.event_import(actor=request.user, event=event, data=upload.read(),
                                               filename=upload.name)
            except services.ImportRejected as exc:
                problems = exc.rows
                messages.error(request, _("Nothing was imported: correct the rows listed below and import the "
                                          "whole file again."))
            else:
                messages.success(request, _("%(stored)s answer sheets imported; %(already)s were already there.")
                                 % {"stored": result.stored, "already": result.already})
                return redirect("consultation:event", event.pk)
    elif request.method == "POST":
        form = AnswerSheetForm(request.POST, questions=questions)
        form.is_valid()  # always: the sheet is the service's to check
        try:
            stored = services.event_response_enter(actor=request.user, event=event, respondent=form.respondent(),
                                                   answers=form.answers(), general=form.cleaned_data["general"],
                                                   client_key=form.cleaned_data["client_key"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if stored is None:
                messages.info(request, _("This answer sheet was already entered."))
            else:
                messages.success(request, _("Answer sheet entered."))
            return redirect("consultation:event", event.pk)
    counts = {(a.sector, a.gender): a.count for a in event.attendance.all()}
    table = [(label, [counts.get((s, g), 0) for g in Gender.values]) for s, label in Sector.choices]
    return render(request, "consultation/event.html", {
        "event": event, "table": table, "genders": Gender.choices, "questions": questions, "form": form,
        "responses": event.responses.order_by("id"), "problems": problems, "sectors": Sector.choices,
        "consents": Consent.choices, "countries": list(countries), "client_key": uuid.uuid4().hex,
        "total": sum(counts.values()), "languages": fieldkit.LANGUAGES,
        "facilitators": event.facilitators.order_by("username"),
        "openrosa_url": request.build_absolute_uri(reverse("openrosa:form_list")).removesuffix("/formList")})


def round_xlsform(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The round's questionnaire as an XLSForm, to load into KoboToolbox or ODK Central."""
    from .xlsform import build_xlsform  # late: it loads openpyxl, which only this download needs

    if lang not in fieldkit.LANGUAGES:
        raise Http404
    round_ = get_object_or_404(Round, pk=pk, kind=RoundKind.PUBLIC)  # outline reviewers answer by invitation
    response = HttpResponse(build_xlsform(round_, lang), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}-xlsform-{lang}.xlsx"'
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def round_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """The field kit of a public round: slides per sector, picture handouts per stakeholder group, and the
    facilitator's guide, each in every language (public: the kit holds no actor data)."""
    round_ = fieldkit.kit_round(pk)
    return render(request, "consultation/kit.html", {"round": round_, "sectors": Sector.choices,
                                                     "languages": fieldkit.LANGUAGES})


def kit_slides(request: HttpRequest, pk: int, sector: str, lang: str) -> HttpResponse:
    round_ = fieldkit.kit_round(pk)
    pdf = fieldkit.slides_pdf(round_, fieldkit.kit_language(lang), sector, _base_url(request))
    return pdf_download(pdf, f"consultation-{round_.pk}-slides-{sector}-{lang}.pdf")


def kit_handout(request: HttpRequest, pk: int, sector: str, lang: str) -> HttpResponse:
    round_ = fieldkit.kit_round(pk)
    pdf = fieldkit.handouts_pdf(round_, fieldkit.kit_language(lang), [sector], _base_url(request))
    return pdf_download(pdf, f"consultation-{round_.pk}-handout-{sector}-{lang}.pdf")


def kit_guide(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    round_ = fieldkit.kit_round(pk)
    pdf = fieldkit.guide_pdf(round_, fieldkit.kit_language(lang), _base_url(request))
    return pdf_download(pdf, f"consultation-{round_.pk}-facilitators-guide-{lang}.pdf")


def round_benefits(request: HttpRequest, pk: int, audience: str) -> HttpResponse:
    """Purpose and benefits of the standard for one audience (producers and traders, or buyers and the others):
    what joining costs and asks, what buyers commit to, what each group gets, from the round's draft."""
    round_ = fieldkit.kit_round(pk)
    title, sectors = fieldkit.AUDIENCES[audience]
    language = get_language() or "en"
    context = fieldkit.context(round_, language if language in fieldkit.LANGUAGES else "en")
    return render(request, "consultation/benefits.html", {
        **context, "title": title, "audience": audience, "audience_groups": [fieldkit.GROUP_OF[s] for s in sectors],
        "upstream": audience == "producers-and-traders"})
