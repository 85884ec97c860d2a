"""Consultation pages: the rounds, a round's questions, and the respondent's form (resumable by private link)."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from assay.lib.pdf import render_pdf
from assay.lib.ratelimit import over_limit, too_many_requests
from assay.lib.text import COMMENT_MAX
from assay.standards.models import Criterion

from . import services
from .models import Comment, Consent, Response, Round, RoundKind, Sector


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("version__standard").prefetch_related("questions")
    return render(request, "consultation/round_list.html", {"rounds": rounds})


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    form = {"language": (get_language() or "en")[:2]}
    if request.method == "POST":
        form = request.POST.dict()
        if wait := over_limit(request, "consultation_start", form.get("email", "")):
            return too_many_requests(request, wait)  # each start sends an e-mail: no flooding anyone's mailbox
        try:
            response = services.response_start(
                round_, name=form.get("name", ""), email=form.get("email", ""), sector=form.get("sector", ""),
                country=form.get("country", ""), language=form.get("language", "en"),
                consent=form.get("consent", ""), organisation=form.get("organisation", ""),
                base_url=request.build_absolute_uri("/")[:-1])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            target = redirect("consultation:respond", response.token)
            clause = request.POST.get("clause", "")
            if clause:
                target["Location"] += "?" + urlencode({"clause": clause})
            return target
    return render(request, "consultation/round_detail.html", {
        "round": round_, "questions": round_.questions.all(), "form": form, "sectors": Sector.choices,
        "consents": Consent.choices, "countries": list(countries), "public": round_.kind == RoundKind.PUBLIC,
        "clause": request.GET.get("clause", request.POST.get("clause", ""))[:20],
    })


def respond(request: HttpRequest, token: str) -> HttpResponse:
    response = Response.objects.select_related("round__version").filter(token=token).first()
    if response is None:
        raise Http404
    questions = list(response.round.questions.all())
    # The respondent's own sector's questions first, then the others (DESIGN §6).
    questions.sort(key=lambda q: (not q.aimed_at(response.sector), q.position))
    clauses = list(Criterion.objects.filter(version=response.round.version_id).order_by(
        "module__position", "position"))
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and not response.submitted:
        answers = {q.pk: services.AnswerInput(
            "\n".join(request.POST.getlist(f"q{q.pk}")) if q.answer_type == "multiple"
            else request.POST.get(f"q{q.pk}", ""), request.POST.get(f"t{q.pk}", "")) for q in questions}
        clause_text = {c.pk: request.POST.get(f"c{c.pk}", "") for c in clauses if request.POST.get(f"c{c.pk}")}
        try:
            services.response_save(response, answers, clause_text, request.POST.get("general", ""))
            if request.POST.get("action") == "submit":
                response, _new = services.response_submit(response, request.POST.get("client_key", ""),
                                                          base_url=request.build_absolute_uri("/")[:-1])
                return redirect("consultation:respond", response.token)
            messages.success(request, _("Saved. You can come back with your private link."))
            return redirect("consultation:respond", response.token)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            messages.error(request, _("Nothing was saved: please correct the answers marked below."))
    stored = {c.question_id: c for c in response.comments.all() if c.question_id}
    clause_comments = {c.criterion_id: c.text for c in response.comments.all() if c.criterion_id}
    general = next((c.text for c in response.comments.all() if not c.question_id and not c.criterion_id), "")
    if errors:  # what was typed comes back, so a refused (say, too long) text is not lost
        stored = {qid: Comment(question_id=qid, value=a.value, text=a.text) for qid, a in answers.items()}
        clause_comments, general = clause_text, request.POST.get("general", "")
    rows = [{"q": q, "mine": q.aimed_at(response.sector), "comment": stored.get(q.pk),
             "errors": errors.get(f"q{q.pk}", [])} for q in questions]
    # What is not about a question is said at the top, naming the clause or the general comment it is about.
    general_errors = [*errors.get("__all__", []), *(f"{_('General comment')}: {m}" for m in errors.get("general", [])),
                      *(f"{c.code}: {m}" for c in clauses for m in errors.get(f"c{c.pk}", []))]
    return render(request, "consultation/respond.html", {
        "response": response, "rows": rows, "clauses": clauses, "clause_comments": clause_comments,
        "general": general, "client_key": uuid.uuid4().hex, "general_errors": general_errors,
        "focus_clause": request.GET.get("clause", ""), "comment_max": COMMENT_MAX,
    })


def round_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """What respondents said and how the committee answered, as each respondent allowed."""
    from . import selectors

    round_ = get_object_or_404(Round, pk=pk)
    return render(request, "consultation/comments.html", {"round": round_, "shown": selectors.grouped(round_)})


def round_synopsis(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The synopsis of comments and responses: HTML, PDF or XLSX, in the page's language."""
    from assay.lib import exports

    from . import selectors

    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    sections, by_sector = selectors.synopsis(round_)
    context = {"round": round_, "sections": sections, "by_sector": by_sector, "lang": get_language() or "en"}
    if fmt == "html":
        return render(request, "consultation/synopsis.html", context)
    if fmt == "pdf":
        return render_pdf(request, "consultation/synopsis_pdf.html", context, f"synopsis-{round_.pk}.pdf")
    rows = [[section.title or _("General comment"), item.comment.response.get_sector_display(),
             item.author or _("Anonymous"), item.count, item.comment.value, item.comment.text,
             item.comment.disposition.get_decision_display() if hasattr(item.comment, "disposition") else "",
             item.comment.disposition.response if hasattr(item.comment, "disposition") else ""]
            for section in sections for item in section.items]
    header = [_("Clause or question"), _("Sector"), _("Author"), _("Near-identical comments"), _("Answer"),
              _("Comment"), _("Decision"), _("Response")]
    return exports.table_response(f"synopsis-{round_.pk}", fmt, header, rows)


def round_workshop(request: HttpRequest, pk: int) -> HttpResponse:
    from . import selectors

    round_ = get_object_or_404(Round, pk=pk)
    return render(request, "consultation/workshop.html", {"round": round_,
                                                          "sectors": selectors.workshop_summary(round_)})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited reviewer's way into an outline-review round (once; afterwards the link leads to their answers)."""
    from .models import Invitation

    invite = Invitation.objects.select_related("round", "response").filter(token=token).first()
    if invite is None:
        raise Http404
    if invite.response is not None:
        return redirect("consultation:respond", invite.response.token)
    form = {"name": invite.name, "email": invite.email, "language": (get_language() or "en")[:2]}
    if request.method == "POST":
        form = {**request.POST.dict(), "name": invite.name, "email": invite.email}
        try:
            response = services.response_start(
                invite.round, name=invite.name, email=invite.email, sector=form.get("sector", ""),
                country=form.get("country", ""), language=form.get("language", "en"),
                consent=form.get("consent", ""), organisation=form.get("organisation", ""),
                base_url=request.build_absolute_uri("/")[:-1], invitation=invite)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("consultation:respond", response.token)
    return render(request, "consultation/round_detail.html", {
        "round": invite.round, "questions": invite.round.questions.all(), "form": form, "sectors": Sector.choices,
        "consents": Consent.choices, "countries": list(countries), "public": True, "clause": "",
        "invited": invite,
    })


def verify_email(request: HttpRequest, code: str) -> HttpResponse:
    """The link in the e-mail: a page with one button, so that mail scanners that open links confirm nobody."""
    from .confirmation import response_for_code

    response = response_for_code(code)
    if response is None:
        raise Http404
    if request.method == "POST":
        services.response_verify_email(response)
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("consultation:respond", response.token)
    return render(request, "consultation/confirm_email.html", {"response": response})


def _facilitator(request: HttpRequest) -> None:
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm("consultation.run_events"):
        raise PermissionDenied


def round_events(request: HttpRequest, pk: int) -> HttpResponse:
    """The pilot-site events of a round, and the form to record a new one (facilitators and the secretariat)."""
    from datetime import date

    from .models import Gender, PilotEvent

    _facilitator(request)
    round_ = get_object_or_404(Round, pk=pk)
    form = request.POST.dict() if request.method == "POST" else {}
    if request.method == "POST":
        try:
            attendance = {(s, g): int(request.POST.get(f"n_{s}_{g}") or 0)
                          for s in Sector.values for g in Gender.values}
            held_on = date.fromisoformat(form.get("held_on", ""))
        except ValueError:
            messages.error(request, _("Enter the date as YYYY-MM-DD and the counts as whole numbers."))
        else:
            try:
                event = services.event_create(request.user, round_, place=form.get("place", ""), held_on=held_on,
                                              facilitator=form.get("facilitator", ""),
                                              language=form.get("language", ""), attendance=attendance,
                                              notes=form.get("notes", ""))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return redirect("consultation:event", event.pk)
    from django.db.models import Count, OuterRef, Subquery, Sum

    from .models import Attendance

    people = Attendance.objects.filter(event=OuterRef("pk")).values("event").annotate(n=Sum("count")).values("n")
    events = PilotEvent.objects.filter(round=round_).annotate(participants=Subquery(people),
                                                              answers=Count("responses"))
    return render(request, "consultation/events.html", {
        "round": round_, "events": events, "form": form, "sectors": Sector.choices, "genders": Gender.choices})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pilot-site event: who took part, the answers entered so far, paper entry and file import."""
    from .models import Gender, PilotEvent

    _facilitator(request)
    event = get_object_or_404(PilotEvent.objects.select_related("round"), pk=pk)
    questions = list(event.round.questions.all())
    problems: list[tuple[int, str, str]] = []
    form: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "import":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose the submissions file to import."))
        else:
            try:
                result = services.event_import(request.user, event, upload.read(), upload.name)
            except services.ImportRejected as exc:
                problems = exc.rows
                messages.error(request, _("Nothing was imported: correct the rows listed below and import the "
                                          "whole file again."))
            else:
                messages.success(request, _("%(stored)s answer sheets imported; %(already)s were already there.")
                                 % {"stored": result.stored, "already": result.already})
                return redirect("consultation:event", event.pk)
    elif request.method == "POST":
        form = request.POST.dict()
        answers = {q.pk: services.AnswerInput(
            "\n".join(request.POST.getlist(f"q{q.pk}")) if q.answer_type == "multiple"
            else request.POST.get(f"q{q.pk}", ""), request.POST.get(f"t{q.pk}", "")) for q in questions}
        try:
            stored = services.event_response_enter(request.user, event, form, answers, form.get("general", ""),
                                                   form.get("client_key", ""))
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
        "total": sum(counts.values()), "languages": ("en", "fr", "es")})


def round_xlsform(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The round's questionnaire as an XLSForm, to load into KoboToolbox or ODK Central."""
    from assay.lib.exports import XLSX

    from .xlsform import build_xlsform

    if lang not in ("en", "fr", "es"):
        raise Http404
    round_ = get_object_or_404(Round, pk=pk, kind=RoundKind.PUBLIC)  # outline reviewers answer by invitation
    response = HttpResponse(build_xlsform(round_, lang), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}-xlsform-{lang}.xlsx"'
    return response
