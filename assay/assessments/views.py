"""Assessment pages: start, fill module by module, submit, review. Thin: parse, call a service, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.accounts.roles import is_secretariat
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.registry.models import Actor, Mineral
from assay.standards.models import Criterion, Kind, StandardVersion, VersionStatus

from . import permissions, scoring, services
from .forms import (
    AssignForm,
    CommitmentDoneForm,
    CommitmentVerifyForm,
    FindingForm,
    ModuleForm,
    ReviewForm,
    StartForm,
    WithdrawForm,
)
from .models import Assessment, AssessmentKind, AssessmentStatus, Commitment, Evidence, GateFinding

MATURITY_STEPS = (
    (0, lambda: _("0 — not in place; the risk is not addressed")),
    (1, lambda: _("1 — committed: a plan with a due date exists (add it below as an improvement commitment)")),
    (2, lambda: _("2 — partly in place; measurable improvement under way")),
    (3, lambda: _("3 — fully in place; the risk is absent or mitigated")),
)


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard", "site"), pk=pk)
    if not permissions.can_view(request.user, assessment):
        raise Http404  # whether an assessment exists is itself not disclosed
    return assessment


@login_required
def start(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    versions = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("standard")
    # Only the viewer's own organisations that buy from the actor: relationships are not shown to others.
    buyers = Actor.objects.filter(memberships__user=request.user, memberships__role__in=permissions.WRITERS,
                                  supplier_links__supplier=actor, supplier_links__kind="sourcing").distinct()
    sees_sites = Lens(request.user, actor.pk, request, full=request.user.is_superuser).any_standing
    form = StartForm(request.POST if request.method == "POST" else None, actor=actor, versions=versions,
                     buyers=buyers, initial={"kind": AssessmentKind.SELF, "date": date.today().isoformat()})
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Choose a published version and enter the date as YYYY-MM-DD."))
    elif form.is_bound:
        data = form.cleaned_data
        try:
            assessment = services.assessment_start(actor=request.user, organisation=actor, version=data["version"],
                                                   kind=data["kind"], on=data["date"],
                                                   site=data["site"], assessing_actor=data["assessing_actor"],
                                                   minerals=data["minerals"] or None)
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
    answered = set(assessment.answers.values_list("criterion_id", flat=True))
    modules = []
    applicable = Criterion.objects.applicable_to(assessment.actor.role, scoring.scope(assessment))
    for module in assessment.version.modules.prefetch_related(Prefetch("criteria", queryset=applicable,
                                                                       to_attr="applicable")):
        if module.applicable:
            modules.append((module, len(module.applicable), sum(c.pk in answered for c in module.applicable)))
    lens = _lens(request, assessment)
    # Where the verifier differed: each change shown to whoever may see that finding, and what the changes did
    changed = [a for a in assessment.answers.select_related("criterion").order_by("criterion__position")
               if a.verifier_reason and lens.can(DatumKind.GATE_FINDINGS if a.criterion.kind == "gate"
                                                 else DatumKind.ANSWERS, a.criterion.disclosure)]
    as_answered = scoring.score_as_answered(assessment) if changed else None
    can_review = permissions.can_review(request.user, assessment)
    return render(request, "assessments/overview.html", {
        "changed": changed, "as_answered_overall": as_answered.overall if as_answered else None,
        "finding_criteria": [c for m in modules for c in m[0].applicable] if can_review else [],
        "assessment": assessment, "modules": modules, "sees": lens.sees,
        "minerals": [dict(Mineral.choices).get(m, m) for m in assessment.minerals],
        "missing": services.missing_answers(assessment) if not assessment.is_locked else [],
        "score": getattr(assessment, "score", None), "can_edit": permissions.can_edit(request.user, assessment),
        "can_review": can_review,
        "evidence": assessment.evidence.select_related("criterion") if lens.can(DatumKind.EVIDENCE) else [],
        "commitments": assessment.commitments.select_related("criterion") if lens.sees[DatumKind.COMMITMENTS]
        else [], "today": date.today(),
        "gate_findings_visible": bool(lens.can(DatumKind.GATE_FINDINGS)),
        # The reviewer's words speak of the findings: restricted, like the gates.
        "review_comment": assessment.review_comment if lens.can(DatumKind.GATE_FINDINGS) else "",
        # a correction shows what the reviewer said of the assessment it corrects
        "corrected_comment": assessment.corrects.review_comment
        if assessment.corrects and lens.can(DatumKind.GATE_FINDINGS) else "",
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
def assign(request: SignedInRequest, pk: int) -> HttpResponse:
    """Assign (or replace) the assessor of a third-party assessment: the secretariat's decision, audited."""
    assessment = _assessment(request, pk)
    if not is_secretariat(request.user):
        raise Http404
    withdrawing = request.POST.get("action") == "withdraw"
    form = WithdrawForm(request.POST) if withdrawing else AssignForm(request.POST)
    if form.is_valid():
        try:
            if withdrawing:
                services.assessor_withdraw(actor=request.user, assessment=assessment,
                                           reason=form.cleaned_data["reason"])
            else:
                services.assessor_assign(actor=request.user, assessment=assessment,
                                         assessor=form.cleaned_data["assessor"],
                                         reason=form.cleaned_data["reason"])
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
def module_form(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    module = get_object_or_404(assessment.version.modules, code=code)
    applicable = Criterion.objects.applicable_to(assessment.actor.role, scoring.scope(assessment))
    criteria = list(applicable.filter(module=module).order_by("position"))
    if not criteria:
        raise Http404
    editable = permissions.can_edit(request.user, assessment)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ModuleForm(request.POST, request.FILES, criteria=criteria)
        if form.is_valid():
            try:
                services.assessment_save_module(actor=request.user, assessment=assessment, answers=form.answers(),
                                                uploads=form.uploads(),
                                                commitments=form.commitments())
            except ValidationError as exc:
                form.add_service_error(exc)
        if form.errors:
            messages.error(request, _("Nothing was saved: please correct the answers marked below."))
        else:
            messages.success(request, _("Saved."))
            following = assessment.version.modules.filter(position__gt=module.position, criteria__in=applicable)
            nxt = following.order_by("position").first()
            if nxt is not None:
                return redirect("assessments:module", assessment.pk, nxt.code)
            return redirect("assessments:overview", assessment.pk)
    else:
        stored = {a.criterion_id: a for a in assessment.answers.all()}
        initial = {}
        for c in criteria:
            answer = stored.get(c.pk)
            value = None if answer is None else answer.engine_value()
            initial[f"v-{c.pk}"] = "" if value is None else str(value)
            initial[f"n-{c.pk}"] = answer.notes if answer else ""
        form = ModuleForm(criteria=criteria, initial=initial)
    lens = _lens(request, assessment)
    problems = form.problems()
    rows = []
    for c in criteria:
        if not lens.can(DatumKind.ANSWERS, c.disclosure):
            rows.append({"criterion": c, "value": "", "notes": "", "errors": [], "hidden": True})
            continue
        rows.append({"criterion": c, "value": form[f"v-{c.pk}"].value(), "notes": form[f"n-{c.pk}"].value(),
                     "errors": problems.get(c.code, [])})
    return render(request, "assessments/module.html", {
        "assessment": assessment, "module": module, "rows": rows, "editable": editable,
        "maturity_steps": [(v, label()) for v, label in MATURITY_STEPS], "general_errors": problems.get("__all__", []),
        "gate_choices": GateFinding.choices, "kind": Kind,
    })


@login_required
@require_POST
def submit(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.assessment_submit(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not submit this assessment."))
    else:
        messages.success(request, _("Submitted. The assessment can no longer change."))
    return redirect("assessments:overview", pk)


@login_required
@require_POST
def finding(request: SignedInRequest, pk: int) -> HttpResponse:
    """The verifier changes one finding of a submitted assessment (services.finding_change)."""
    assessment = _assessment(request, pk)
    form = FindingForm(request.POST, criteria=Criterion.objects.filter(version=assessment.version_id))
    if not form.is_valid() or form.cleaned_data["criterion"] is None:
        messages.error(request, _("Choose the criterion whose finding you change."))
        return redirect("assessments:overview", pk)
    data = form.cleaned_data
    try:
        services.finding_change(actor=request.user, assessment=assessment, criterion=data["criterion"],
                                value=data["value"], reason=data["reason"], comment=data["comment"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not review this assessment."))
    else:
        messages.success(request, _("Finding %(code)s changed; the score follows the verified findings.")
                         % {"code": data["criterion"].code})
    return redirect("assessments:overview", pk)


@login_required
@require_POST
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()  # always: it only reads the decision and the comment, which the service judges
    try:
        services.assessment_review(actor=request.user, assessment=assessment, verify=form.verifies,
                                   comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not review this assessment."))
    else:
        messages.success(request, _("Verified.") if form.verifies else _("Returned with your comments."))
    return redirect("assessments:overview", pk)


@login_required
@require_POST
def correct(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        copy = services.assessment_correct(actor=request.user, assessment=assessment)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("You may not correct this assessment."))
        return redirect("assessments:overview", pk)
    return redirect("assessments:overview", copy.pk)


@login_required
def commitment(request: SignedInRequest, pk: int) -> HttpResponse:
    """One commitment: what was promised, by when, what was done and who verified it; the producer marks it done
    (services.commitment_done), an assessor confirms or reopens it (services.commitment_verify)."""
    item = get_object_or_404(Commitment.objects.live().select_related(
        "assessment__actor", "criterion", "evidence", "done_by", "verified_by"), pk=pk)
    may_verify = permissions.can_verify_commitment(request.user, item)
    lens = _lens(request, item.assessment)
    if not (lens.can(DatumKind.COMMITMENTS) or may_verify):
        raise Http404  # whether a commitment exists is itself not disclosed
    done_form, verify_form = CommitmentDoneForm(), CommitmentVerifyForm()
    if request.method == "POST":
        verifying = request.POST.get("decision") in ("confirm", "reopen")
        done_form = CommitmentDoneForm(request.POST, request.FILES) if not verifying else done_form
        verify_form = CommitmentVerifyForm(request.POST) if verifying else verify_form
        form = verify_form if verifying else done_form
        form.is_valid()  # the service judges what the forms read
        data = form.cleaned_data
        try:
            if verifying:
                services.commitment_verify(actor=request.user, commitment=item, confirm=verify_form.confirms,
                                           comment=data["comment"])
            else:
                services.commitment_done(actor=request.user, commitment=item, note=data["note"],
                                         upload=data["upload"])
        except ValidationError as exc:
            add_service_error(form, exc)
            messages.error(request, _("Nothing was saved: please correct the form below."))
        except PermissionDenied:
            messages.error(request, _("You may not change this commitment."))
        else:
            messages.success(request, _("Verified.") if verifying and verify_form.confirms
                             else _("Reopened with your comment.") if verifying
                             else _("Marked as done; an assessor will verify it."))
            return redirect("assessments:commitment", pk)
    return render(request, "assessments/commitment.html", {
        "c": item, "actor": item.assessment.actor, "today": date.today(),
        "evidence_visible": item.evidence is not None and bool(lens.can(DatumKind.EVIDENCE, item.evidence.disclosure)),
        "done_form": done_form if permissions.can_complete_commitment(request.user, item) else None,
        "verify_form": verify_form if may_verify else None,
    })


@login_required
@require_POST
def evidence_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """The reviewer accepts or challenges one evidence file (services.evidence_review), from the overview."""
    evidence = get_object_or_404(Evidence.objects.select_related("assessment"), pk=pk)
    if not permissions.can_view(request.user, evidence.assessment):
        raise Http404
    try:
        services.evidence_review(actor=request.user, evidence=evidence, accept=request.POST.get("decision") == "accept",
                                 comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("Only the reviewer of a submitted assessment reviews its evidence."))
    else:
        messages.success(request, _("Your review of %(file)s is saved.") % {"file": evidence.original_name})
    return redirect(f"{reverse('assessments:overview', args=[evidence.assessment_id])}#evidence")


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


