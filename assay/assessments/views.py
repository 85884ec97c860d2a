"""Assessment pages: start, fill module by module, submit, review. Thin: parse, call a service, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.accounts.roles import is_secretariat
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.registry.models import Actor
from assay.standards.models import Criterion, Kind, StandardVersion, VersionStatus

from . import permissions, services
from .forms import AssignForm, WithdrawForm
from .models import Assessment, AssessmentKind, AssessmentStatus, Evidence

MATURITY_STEPS = (
    (0, lambda: _("0 — not in place; the risk is not addressed")),
    (1, lambda: _("1 — committed: a plan with a due date exists")),
    (2, lambda: _("2 — partly in place; measurable improvement under way")),
    (3, lambda: _("3 — fully in place; the risk is absent or mitigated")),
)


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard", "site"), pk=pk)
    if not permissions.can_view(request.user, assessment):
        raise Http404  # whether an assessment exists is itself not disclosed
    return assessment


@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    versions = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("standard")
    # Only the viewer's own organisations that buy from the actor: relationships are not shown to others.
    buyers = Actor.objects.filter(memberships__user=request.user, memberships__role__in=permissions.WRITERS,
                                  supplier_links__supplier=actor, supplier_links__kind="sourcing").distinct()
    sees_sites = Lens(request.user, actor.pk, request, full=request.user.is_superuser).any_standing
    form = {"kind": request.POST.get("kind", AssessmentKind.SELF), "date": request.POST.get("date",
                                                                                               date.today().isoformat())}
    if request.method == "POST":
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
            version = versions.get(pk=request.POST.get("version"))
            site = actor.sites.filter(pk=request.POST.get("site") or 0).first()
            buyer = buyers.filter(pk=request.POST.get("assessing_actor") or 0).first()
            assessment = services.assessment_start(request.user, actor, version, request.POST.get("kind", ""), on,
                                                   site=site, assessing_actor=buyer)
        except (ValueError, StandardVersion.DoesNotExist):
            messages.error(request, _("Choose a published version and enter the date as YYYY-MM-DD."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("You may not start this kind of assessment for this actor."))
        else:
            return redirect("assessments:overview", assessment.pk)
    return render(request, "assessments/start.html", {
        "actor": actor, "versions": versions, "sites": actor.sites.all() if sees_sites else [], "buyers": buyers,
        "kinds": AssessmentKind.choices, "form": form,
    })


@login_required
def overview(request: HttpRequest, pk: int, **forms_: object) -> HttpResponse:
    assessment = _assessment(request, pk)
    role = assessment.actor.role
    answered = set(assessment.answers.values_list("criterion_id", flat=True))
    modules = []
    for module in assessment.version.modules.prefetch_related("criteria"):
        applicable = [c for c in module.criteria.all() if role in c.applies_to]
        if applicable:
            modules.append((module, len(applicable), sum(c.pk in answered for c in applicable)))
    lens = _lens(request, assessment)
    return render(request, "assessments/overview.html", {
        "assessment": assessment, "modules": modules, "sees": lens.sees,
        "missing": services.missing_answers(assessment) if not assessment.is_locked else [],
        "score": getattr(assessment, "score", None), "can_edit": permissions.can_edit(request.user, assessment),
        "can_review": permissions.can_review(request.user, assessment),
        "evidence": assessment.evidence.select_related("criterion") if lens.can(DatumKind.EVIDENCE) else [],
        "commitments": assessment.commitments.select_related("criterion") if lens.sees[DatumKind.COMMITMENTS]
        else [],
        "gate_findings_visible": bool(lens.can(DatumKind.GATE_FINDINGS)),
        # The reviewer's words speak of the findings: restricted, like the gates.
        "review_comment": assessment.review_comment if lens.can(DatumKind.GATE_FINDINGS) else "",
        **_assignment_context(request, assessment, **forms_),
    })


def _assignment_context(request: HttpRequest, assessment: Assessment, **forms_: object) -> dict[str, object]:
    """The secretariat's view of who assesses a third-party assessment, with the forms to change it."""
    if assessment.kind != AssessmentKind.THIRD_PARTY or not is_secretariat(request.user):
        return {}
    assignable = assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED)
    return {"assignments": assessment.assignments.select_related("assessor", "assigned_by", "withdrawn_by"),
            "assign_form": forms_.get("assign_form", AssignForm()) if assignable else None,
            "withdraw_form": forms_.get("withdraw_form", WithdrawForm())
            if assignable and assessment.assessor_id else None}


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign (or replace) the assessor of a third-party assessment: the secretariat's decision, audited."""
    assessment = _assessment(request, pk)
    if not is_secretariat(request.user):
        raise Http404
    withdrawing = request.POST.get("action") == "withdraw"
    form = WithdrawForm(request.POST) if withdrawing else AssignForm(request.POST)
    if form.is_valid():
        try:
            if withdrawing:
                services.assessor_withdraw(request.user, assessment, form.cleaned_data["reason"])
            else:
                services.assessor_assign(request.user, assessment, form.cleaned_data["assessor"],
                                         form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Assignment withdrawn.") if withdrawing else _("Assessor assigned."))
        return redirect("assessments:overview", pk)
    messages.error(request, _("Nothing was changed: please correct the form below."))
    return overview(request, pk, **{"withdraw_form" if withdrawing else "assign_form": form})


def _lens(request: HttpRequest, assessment: Assessment) -> Lens:
    """What this viewer may see of the assessment; whoever may edit it sees all of it."""
    full = permissions.can_edit(request.user, assessment) or request.user.is_superuser
    return permissions.assessment_lens(request.user, assessment, request, full=full)


@login_required
def module_form(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    module = get_object_or_404(assessment.version.modules, code=code)
    criteria = [c for c in Criterion.objects.filter(module=module).order_by("position")
                if assessment.actor.role in c.applies_to]
    if not criteria:
        raise Http404
    editable = permissions.can_edit(request.user, assessment)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        answers = {c.pk: services.AnswerInput(request.POST.get(f"v-{c.pk}", ""), request.POST.get(f"n-{c.pk}", ""))
                   for c in criteria}
        uploads = {c.pk: request.FILES[f"e-{c.pk}"] for c in criteria if f"e-{c.pk}" in request.FILES}
        commitments, bad_dates = [], []
        for c in criteria:
            action = request.POST.get(f"ca-{c.pk}", "").strip()
            if action:
                try:
                    due = date.fromisoformat(request.POST.get(f"cd-{c.pk}", ""))
                except ValueError:
                    bad_dates.append(c.code)
                    continue
                commitments.append(services.CommitmentInput(c, action, request.POST.get(f"co-{c.pk}", ""), due))
        try:
            if bad_dates:
                raise ValidationError({code: [_("Enter the due date as YYYY-MM-DD.")] for code in bad_dates})
            services.assessment_save_module(request.user, assessment, answers, uploads, commitments)
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, _("Nothing was saved: please correct the answers marked below."))
        else:
            messages.success(request, _("Saved."))
            following = assessment.version.modules.filter(position__gt=module.position).order_by("position")
            for nxt in following:
                if any(assessment.actor.role in c.applies_to for c in nxt.criteria.all()):
                    return redirect("assessments:module", assessment.pk, nxt.code)
            return redirect("assessments:overview", assessment.pk)
    stored = {a.criterion_id: a for a in assessment.answers.all()}
    lens = _lens(request, assessment)
    rows = []
    for c in criteria:
        if not lens.can(DatumKind.ANSWERS, c.disclosure):
            rows.append({"criterion": c, "value": "", "notes": "", "errors": [], "hidden": True})
            continue
        answer = stored.get(c.pk)
        value = request.POST.get(f"v-{c.pk}") if request.method == "POST" else (
            "" if answer is None else str(answer.engine_value() if answer.engine_value() is not None else ""))
        notes = request.POST.get(f"n-{c.pk}") if request.method == "POST" else (answer.notes if answer else "")
        rows.append({"criterion": c, "value": value, "notes": notes, "errors": errors.get(c.code, [])})
    return render(request, "assessments/module.html", {
        "assessment": assessment, "module": module, "rows": rows, "editable": editable,
        "maturity_steps": [(v, label()) for v, label in MATURITY_STEPS], "general_errors": errors.get("__all__", []),
        "gate_choices": [("clear", _("clear")), ("breach", _("breach")), ("unknown", _("unknown"))],
        "kind": Kind,
    })


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.assessment_submit(request.user, assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not submit this assessment."))
    else:
        messages.success(request, _("Submitted. The assessment can no longer change."))
    return redirect("assessments:overview", pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    verify = request.POST.get("decision") == "verify"
    try:
        services.assessment_review(request.user, assessment, verify, request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not review this assessment."))
    else:
        messages.success(request, _("Verified.") if verify else _("Returned with your comments."))
    return redirect("assessments:overview", pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        copy = services.assessment_correct(request.user, assessment)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("You may not correct this assessment."))
        return redirect("assessments:overview", pk)
    return redirect("assessments:overview", copy.pk)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("assessment"), pk=pk)
    if not permissions.can_view(request.user, evidence.assessment):
        raise Http404
    lens = _lens(request, evidence.assessment)
    if not lens.can(DatumKind.EVIDENCE, evidence.disclosure):
        raise Http404
    lens.log(DatumKind.EVIDENCE, f"evidence:{evidence.pk}")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


