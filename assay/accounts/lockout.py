"""Sign-in lockout with separate limits per account and per client address (django-axes).

Axes counts failures for each lockout parameter separately but compares them all with one limit. Here an
account locks after AXES_FAILURE_LIMIT failures from any address (one account guessed from many addresses),
and an address after AXES_IP_FAILURE_LIMIT failures across accounts (one password sprayed over many accounts):
a higher limit, since many honest people may share one address (an office, a mobile network's NAT)."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class SeparateLimitsHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures that count, on the scale of AXES_FAILURE_LIMIT: axes locks when this reaches it.
        An address's failures are scaled down by its higher limit (n * L // L_ip reaches L exactly when n
        reaches L_ip), so whichever of the two limits is reached first locks."""
        account_limit, ip_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT
        counts = {str(parameter): attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
                  for parameter, attempts in zip(get_lockout_parameters(request, credentials),
                                                 self.get_user_attempts(request, credentials), strict=True)}
        return max(counts.get("username", 0), counts.get("ip_address", 0) * account_limit // ip_limit)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful sign-in forgives its own account's mistakes from this address only: signing in to
        one's own account must not wipe the address's failures on other accounts (or an attacker would reset
        the per-address count with every few guesses)."""
        attempts: Any = AccessAttempt.objects.filter(username=get_client_username(request, credentials),
                                                     ip_address=request.axes_ip_address)
        count, _ = attempts.delete()
        return count
