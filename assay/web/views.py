from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assay.standards import selectors
from assay.standards.models import Standard


def home(request: HttpRequest) -> HttpResponse:
    entries = []
    for standard in Standard.objects.all():
        version = selectors.current_version(request.user, standard)
        if version is not None:
            entries.append({"standard": standard, "version": version, "modules": version.modules.count(),
                            "criteria": version.criteria.count()})
    return render(request, "web/home.html", {"entries": entries})
