"""Secretariat, assessors and staff confirm a one-time code after their password before they go anywhere."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import rules


def needs_second_factor(user) -> bool:
    return bool(user.is_authenticated and rules.needs_second_factor(user))


class RequireTwoFactorMiddleware:
    ALLOWED_SUFFIXES = ("/accounts/two-factor/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (settings.ASSAY_REQUIRE_2FA and needs_second_factor(user) and not user.is_verified()
                and not request.path.startswith(settings.STATIC_URL)
                and not request.path.endswith(self.ALLOWED_SUFFIXES)):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "two-factor verification required"}, status=403)
            return redirect(f"{reverse('two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
