from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest

from . import services
from .forms import PreferenceForm
from .kinds import Kind, localized
from .kinds import render as render_notice
from .models import Notification


@login_required
def inbox(request: SignedInRequest) -> HttpResponse:
    """The signed-in user's own notifications, newest first, in the language of the page."""
    page = Paginator(Notification.objects.filter(user=request.user), 50).get_page(request.GET.get("page"))
    rows = []
    for note in page:
        subject, body = render_notice(note.kind, note.params)
        # a link is kept in the language of whoever caused it: show it in the reader's
        rows.append({"note": note, "subject": subject, "body": body,
                     "url": localized(note.url, get_language()) if note.url else ""})
    return render(request, "notifications/inbox.html", {"rows": rows, "page": page})


@login_required
@require_POST
def read(request: SignedInRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.mark_read(actor=request.user, ids=ids or None)
    return redirect("notifications:inbox")


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    pref = services.preference_of(request.user)
    initial = {"language": pref.language, "emailed": [k for k in Kind.values if k not in pref.muted]}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(actor=request.user, language=form.cleaned_data["language"],
                                    muted=[k for k in Kind.values if k not in form.cleaned_data["emailed"]])
        except ValidationError as exc:
            add_service_error(form, exc, lambda key: "emailed" if key == "muted" else key)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
