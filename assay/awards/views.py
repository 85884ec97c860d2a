"""Award pages. Thin: parse, ask a service or a selector, render. Who may open what is decided server-side: the
jury room is for the award's jurors and the secretariat, a conflicted juror gets neither the candidate's pack nor
its score form, and the public sees an award only once it is announced."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.lib import exports
from assay.lib.http import SignedInRequest
from assay.lib.pdf import fresh_pdf, kept_pdf, pdf_download
from assay.registry.models import MemberRole, Membership
from assay.reporting.models import Shortlist
from assay.standards.models import FROZEN_STATUSES, StandardVersion

from . import pack as packs
from . import services
from .forms import AwardForm, DecisionForm, JurorForm, NoteForm, ScoreForm, languages
from .models import Award, AwardCategory, Decision, Nomination
from .selectors import announced, conflicts_of, current_decision, seat_of, visible_scores


def _manager(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.has_perm("awards.manage_awards"))


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def index(request: HttpRequest) -> HttpResponse:
    """Announced awards for everyone; the secretariat sees every award, and jurors their juries."""
    seats = (Award.objects.filter(jurors__user=request.user).distinct() if request.user.is_authenticated
             else Award.objects.none())
    return render(request, "awards/index.html", {
        "announced": announced(), "manager": _manager(request), "seats": seats,
        "all_awards": Award.objects.all() if _manager(request) else None})


@login_required
def new(request: SignedInRequest) -> HttpResponse:
    if not _manager(request):
        raise PermissionDenied
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shortlist = Shortlist.objects.filter(pk=data["shortlist"]).first()
        version = StandardVersion.objects.filter(pk=data["version"], status__in=FROZEN_STATUSES).first()
        if shortlist is None or version is None:
            messages.error(request, _("Choose a shortlist and a published standard version."))
        else:
            try:
                award = services.award_create(
                    actor=request.user, shortlist=shortlist, version=version, category=data["category"],
                    group=data["group"], names=form.texts("name"), prizes=form.texts("prize"),
                    descriptions=form.texts("description"), organisations=form.organisation_list())
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("The award is made: now seat its jury."))
                return redirect("awards:manage", award.pk)
    return render(request, "awards/new.html", {
        "form": form, "shortlists": Shortlist.objects.all(), "categories": AwardCategory.choices,
        "versions": StandardVersion.objects.filter(status__in=FROZEN_STATUSES).select_related("standard"),
        "languages": languages()})


@login_required
def manage(request: SignedInRequest, pk: int) -> HttpResponse:
    """The secretariat's page of one award: its candidates and their consent, and its jury (seat a member)."""
    if not _manager(request):
        raise PermissionDenied
    award = get_object_or_404(Award, pk=pk)
    if request.method == "POST":
        form = JurorForm(request.POST)
        form.is_valid()
        user = get_user_model().objects.filter(username=form.cleaned_data.get("username", "")).first()
        if user is None:
            messages.error(request, _("No account has this user name."))
        else:
            try:
                services.juror_add(actor=request.user, award=award, user=user,
                                   organisation=form.cleaned_data["organisation"],
                                   chair=bool(form.cleaned_data.get("chair")))
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("%(user)s is on the jury.") % {"user": user.get_username()})
                return redirect("awards:manage", award.pk)
    return render(request, "awards/manage.html", {
        "award": award, "jurors": award.jurors.select_related("user"),
        "nominations": award.nominations.select_related("entry"), "decision": current_decision(award)})


def _room_award(request: HttpRequest, pk: int) -> tuple[Award, Any]:
    """The award and the viewer's seat; only its jurors and the secretariat get further (others: not found)."""
    award = get_object_or_404(Award, pk=pk)
    seat = seat_of(request.user, award)
    if seat is None and not _manager(request):
        raise Http404
    return award, seat


@login_required
def room(request: SignedInRequest, pk: int) -> HttpResponse:
    """The jury room: every candidate, the viewer's declared conflicts and own scores (the whole jury's once the
    chair has decided), the pack of each candidate the viewer is not conflicted with, and the chair's forms."""
    award, seat = _room_award(request, pk)
    conflicts = conflicts_of(seat)
    scores = list(visible_scores(request.user, award))
    mine = {s.nomination_id: s for s in scores if seat is not None and s.juror_id == seat.pk}
    decision = current_decision(award)
    rows = [{"nomination": n, "conflicted": n.pk in conflicts, "score": mine.get(n.pk)}
            for n in award.nominations.select_related("entry")]
    decided = Decision.objects.filter(award=award).exists()
    return render(request, "awards/room.html", {
        "award": award, "seat": seat, "rows": rows, "decision": decision, "decided": decided,
        "all_scores": scores if decided else None, "manager": _manager(request),
        "history": award.decisions.select_related("winner", "corrects")})


def _nomination(award: Award, nomination_pk: int) -> Nomination:
    return get_object_or_404(Nomination, pk=nomination_pk, award=award)


def _in_room(request: SignedInRequest, award: Award, act: Callable[[], object], done: str) -> HttpResponse:
    """Run one jury-room service: refused by permission, the room is not there (404); refused by a rule, the
    reason is shown; done, the message. Back to the room either way."""
    try:
        act()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return redirect("awards:room", award.pk)


@login_required
@require_POST
def conflict(request: SignedInRequest, pk: int, nomination_pk: int) -> HttpResponse:
    award, _seat = _room_award(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    return _in_room(request, award, lambda: services.conflict_declare(
        actor=request.user, nomination=_nomination(award, nomination_pk), note=form.cleaned_data["note"]),
        _("Your conflict of interest is on record."))


@login_required
@require_POST
def score(request: SignedInRequest, pk: int, nomination_pk: int) -> HttpResponse:
    award, _seat = _room_award(request, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A score is a whole number from 0 to 10."))
        return redirect("awards:room", award.pk)
    return _in_room(request, award, lambda: services.score_record(
        actor=request.user, nomination=_nomination(award, nomination_pk), value=form.cleaned_data["value"],
        comment=form.cleaned_data["comment"]), _("Your score is saved. Only you see it until the decision."))


@login_required
def pack_pdf(request: SignedInRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """One candidate's jury pack: public data, network data where the candidate consented, never restricted."""
    award, _seat = _room_award(request, pk)
    nomination = _nomination(award, nomination_pk)
    if not packs.may_open(request.user, nomination):
        raise Http404  # a juror conflicted with this candidate: the pack does not exist for them
    content = packs.build(nomination, request)
    html = render_to_string("awards/pack_pdf.html", {"award": award, "pack": content,
                                                     "lang": translation.get_language()}, request)
    return pdf_download(fresh_pdf("award-pack", html), f"jury-pack-{award.pk}-{nomination.pk}.pdf")


@login_required
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    award, _seat = _room_award(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    winner = Nomination.objects.filter(pk=form.cleaned_data.get("winner") or 0, award=award).first()
    service = services.decision_correct if request.POST.get("action") == "correct" else services.decision_record

    def record() -> None:
        if winner is None:
            raise ValidationError(_("Choose the winner among the candidates."))
        service(actor=request.user, award=award, winner=winner, rationale=form.cleaned_data["rationale"])

    return _in_room(request, award, record, _("The decision is recorded."))


@login_required
@require_POST
def announce(request: SignedInRequest, pk: int) -> HttpResponse:
    award, _seat = _room_award(request, pk)
    try:
        services.award_announce(actor=request.user, award=award)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("awards:room", award.pk)
    return redirect("awards:announcement", award.pk)


@login_required
def scores_file(request: SignedInRequest, pk: int, fmt: str) -> HttpResponse:
    """Every juror's score and comment, for the chair (and the secretariat) once the decision is recorded."""
    award, seat = _room_award(request, pk)
    if not ((seat is not None and seat.chair) or _manager(request)) or not award.decisions.exists():
        raise Http404
    header = [_("Candidate"), _("Juror"), _("Organisation"), _("Score"), _("Comment"), _("Scored on")]
    rows = [[s.nomination.name, s.juror.user.get_username(), s.juror.organisation, s.value, s.comment,
             s.updated_at.strftime("%Y-%m-%d %H:%M")]
            for s in visible_scores(request.user, award).order_by("nomination__entry__position", "juror_id")]
    return exports.table_response(f"award-{award.pk}-scores", fmt, header, rows)


@login_required
def nominations(request: SignedInRequest) -> HttpResponse:
    """A candidate's admin sees its nominations and chooses what the jury sees: public data only (the default), or
    its network data too (consent, which can be withdrawn until the announcement)."""
    admin_of = Membership.objects.filter(user=request.user, role=MemberRole.ADMIN).values_list("actor_id", flat=True)
    mine = Nomination.objects.filter(actor_id__in=admin_of).select_related("award", "actor")
    if request.method == "POST":
        raw = request.POST.get("nomination", "")
        nomination = mine.filter(pk=int(raw)).first() if raw.isdigit() else None
        if nomination is None:
            raise Http404
        try:
            if request.POST.get("action") == "withdraw":
                services.consent_withdraw(actor=request.user, nomination=nomination)
                messages.success(request, _("The jury now sees your public data only."))
            else:
                services.consent_give(actor=request.user, nomination=nomination)
                messages.success(request, _("The jury's packs now include your network data (never restricted "
                                            "data)."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("awards:nominations")
    return render(request, "awards/nominations.html", {"nominations": mine})


def _announced(pk: int) -> Award:
    award = get_object_or_404(Award, pk=pk)
    if not award.announced:
        raise Http404
    return award


def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    award = _announced(pk)
    return render(request, "awards/announcement.html", {
        "award": award, "decision": current_decision(award),
        "history": award.decisions.select_related("winner", "corrects").order_by("decided_at", "pk"),
        "jurors": award.jurors.select_related("user"), "languages": languages()})


def certificate(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The winner's certificate in one of the configured languages; an announced award never changes, so each is
    rendered once and kept (a correction is a new decision: a new certificate)."""
    award = _announced(pk)
    if lang not in dict(languages()):
        raise Http404
    decision = current_decision(award)
    if decision is None:
        raise Http404
    with translation.override(lang):
        html = render_to_string("awards/certificate_pdf.html", {
            "award": award, "decision": decision, "lang": lang,
            "chair": award.jurors.filter(chair=True).select_related("user").first()})
    return pdf_download(kept_pdf("award-certificate", decision.pk, lang, html),
                        f"award-{award.pk}-certificate-{lang}.pdf")
