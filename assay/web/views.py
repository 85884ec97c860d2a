from datetime import date
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from assay.assessments import permissions
from assay.assessments import selectors as assessment_selectors
from assay.assessments.models import Assessment, AssessmentStatus
from assay.consultation.models import Round
from assay.registry.models import Membership
from assay.standards import documents, selectors
from assay.standards.models import Standard


def home(request: HttpRequest) -> HttpResponse:
    entries = []
    for standard in Standard.objects.all():
        version = selectors.current_version(request.user, standard)
        if version is not None:
            entries.append({"standard": standard, "version": version, "modules": version.modules.count(),
                            "criteria": version.criteria.count(),
                            "pdf_size": documents.version_pdf_size(version, get_language() or "en")})
    return render(request, "web/home.html", {"entries": entries})


SERVICE_WORKER = Path(__file__).with_name("sw.js")


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that serves saved versions of the standard offline. From the site root, so that its
    scope covers every language's pages; never cached for long, so a new one reaches readers at their next visit."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """A signed-in user's start: their organisations, what they have to review or finish, rounds they run."""
    memberships = Membership.objects.filter(user=request.user).select_related("actor")
    mine = Assessment.objects.select_related("actor").order_by("date")
    to_review = mine.filter(status=AssessmentStatus.SUBMITTED)
    if not request.user.has_perm("assessments.review_any"):
        to_review = to_review.filter(assessor=request.user)
    to_review = [a for a in to_review[:200] if permissions.can_review(request.user, a)]
    in_progress = mine.filter(status=AssessmentStatus.DRAFT).filter(
        Q(assessor=request.user) | Q(assessing_actor__memberships__user=request.user)
        | Q(actor__memberships__user=request.user)).distinct()[:200]
    facilitates = request.user.has_perm("consultation.run_events")
    today = date.today()
    return render(request, "web/dashboard.html", {
        "memberships": memberships, "to_review": to_review, "in_progress": in_progress,
        "to_verify": assessment_selectors.awaiting_verification(request.user),
        "lapsed": assessment_selectors.lapsed_to_follow(request.user, today),
        "secretariat": request.user.has_perm("reporting.view_secretariat_dashboard"),
        "queue": permissions.has_queue(request.user),
        "rounds": [r for r in Round.objects.all() if r.status() == "open"] if facilitates else []})
