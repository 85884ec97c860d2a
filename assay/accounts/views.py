from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest

from . import services
from .forms import TokenForm, TwoFactorForm
from .models import ApiToken


def _qr_svg(uri: str) -> str:
    import io

    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue().decode()


def two_factor(request: HttpRequest) -> HttpResponse:
    """Confirm a TOTP code; on first use, enrol an authenticator app with a QR code."""
    from base64 import b32encode

    from django.contrib import messages
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    @login_required
    def view(request):
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        enrolling = device is None
        if enrolling:
            device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or \
                TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        form = TwoFactorForm(request.POST if request.method == "POST" else None)
        form.is_valid()  # always when posted: the device judges the code
        target = request.GET.get("next") or (form.cleaned_data["next"] if form.is_bound else "") or "/"
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = "/"
        if form.is_bound:
            if device.verify_token(form.code()):
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                otp_login(request, device)
                audit_record(request.user,
                             AuditAction.TWO_FACTOR_ENROL if enrolling else AuditAction.TWO_FACTOR_VERIFY, device)
                return redirect(target)
            messages.error(request, _("That code is not valid. Enter the 6-digit code your app shows now."))
        context = {"enrolling": enrolling, "next": target}
        if enrolling:
            context["secret"] = b32encode(device.bin_key).decode()
            context["qr"] = mark_safe(_qr_svg(device.config_url))  # an SVG we generate from our own data
        return render(request, "accounts/two_factor.html", context)

    return view(request)


@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    """The signed-in user's API tokens: create one (its secret is shown on this answer only), list, revoke."""
    initial = {"expires_on": timezone.localdate() + timedelta(days=90)}
    form = TokenForm(request.POST or None, initial=initial)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            created = {"token": token, "secret": secret}
            form = TokenForm(initial=initial)
    response = render(request, "accounts/tokens.html", {
        "form": form, "created": created, "tokens": request.user.api_tokens.all(), "today": timezone.localdate()})
    response["Cache-Control"] = "no-store"  # a secret shown once must not stay in any cache
    return response


@login_required
@require_POST
def token_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's token is not found
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("accounts:tokens")
