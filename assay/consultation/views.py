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

from assay.standards.models import Criterion

from . import services
from .models import Consent, Response, Round, RoundKind, Sector


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("version__standard").prefetch_related("questions")
    return render(request, "consultation/round_list.html", {"rounds": rounds})


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    form = {"language": (get_language() or "en")[:2]}
    if request.method == "POST":
        form = request.POST.dict()
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
                response, _new = services.response_submit(response, request.POST.get("client_key", ""))
                return redirect("consultation:respond", response.token)
            messages.success(request, _("Saved. You can come back with your private link."))
            return redirect("consultation:respond", response.token)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            messages.error(request, _("Nothing was saved: please correct the answers marked below."))
    stored = {c.question_id: c for c in response.comments.all() if c.question_id}
    clause_comments = {c.criterion_id: c.text for c in response.comments.all() if c.criterion_id}
    general = next((c.text for c in response.comments.all() if not c.question_id and not c.criterion_id), "")
    rows = [{"q": q, "mine": q.aimed_at(response.sector), "comment": stored.get(q.pk),
             "errors": errors.get(f"q{q.pk}", [])} for q in questions]
    return render(request, "consultation/respond.html", {
        "response": response, "rows": rows, "clauses": clauses, "clause_comments": clause_comments,
        "general": general, "client_key": uuid.uuid4().hex, "general_errors": errors.get("__all__", []),
        "focus_clause": request.GET.get("clause", ""),
    })


def round_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """What respondents said and how the committee answered, as each respondent allowed."""
    from . import selectors

    round_ = get_object_or_404(Round, pk=pk)
    return render(request, "consultation/comments.html", {"round": round_, "shown": selectors.grouped(round_)})


def round_synopsis(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The synopsis of comments and responses: HTML, PDF or XLSX, in the page's language."""
    from assay.web import exports

    from . import selectors

    round_ = get_object_or_404(Round.objects.select_related("version__standard"), pk=pk)
    sections, by_sector = selectors.synopsis(round_)
    context = {"round": round_, "sections": sections, "by_sector": by_sector, "lang": get_language() or "en"}
    if fmt == "html":
        return render(request, "consultation/synopsis.html", context)
    if fmt == "pdf":
        from django.template.loader import render_to_string
        from weasyprint import HTML

        pdf = HTML(string=render_to_string("consultation/synopsis_pdf.html", context, request)).write_pdf()
        result = HttpResponse(pdf, content_type="application/pdf")
        result["Content-Disposition"] = f'attachment; filename="synopsis-{round_.pk}.pdf"'
        return result
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


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    response = Response.objects.filter(token=token).first()
    if response is None:
        raise Http404
    services.response_verify_email(response)
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    return redirect("consultation:respond", token)
