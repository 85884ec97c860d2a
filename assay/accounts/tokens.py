"""API tokens at the edge: their secrets, and the ninja authentication that accepts `Authorization: Bearer`.

A token acts exactly as its user would with a session: the request's user becomes the token's user, so every
standing and every disclosure decision is the same, and nothing more. A read token may only read.
"""

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from .models import ApiToken, ApiTokenUse, TokenScope

PREFIX = "assay_"  # recognisable by secret scanners; not itself secret
MAX_SECRET = 100
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def valid_token(secret: str) -> ApiToken | None:
    """The unrevoked, unexpired token of an active user that `secret` opens, if any."""
    if not secret.startswith(PREFIX) or len(secret) > MAX_SECRET:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.is_valid() or not token.user.is_active:
        return None
    return token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; with no such header, other ways of signing in are tried."""

    def __call__(self, request: HttpRequest) -> Any:
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return self.without_token(request)
        return self.authenticate(request, secret.strip())

    def without_token(self, request: HttpRequest) -> Any:
        return None

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = valid_token(token)
        if found is None:  # a wrong, expired or revoked token never falls back to the session
            raise AuthenticationError(401, "invalid, expired or revoked token")
        log_token_use(found, request)
        if request.method not in SAFE_METHODS and found.scope != TokenScope.WRITE:
            raise AuthorizationError(403, "this token may only read")
        request.user = found.user
        return found


class OptionalTokenAuth(TokenAuth):
    """On public endpoints: a token shows what its user may see; without one the visitor is anonymous (or signed
    in with the session, which needs no CSRF token to read)."""

    def without_token(self, request: HttpRequest) -> Any:
        return request.user if request.user.is_authenticated else "anonymous"


def log_token_use(token: ApiToken, request: HttpRequest) -> None:
    """One request made with an API token: logged like a restricted read, and the token's last use updated."""
    ApiTokenUse.objects.create(token=token, user_id=token.user_id, method=request.method or "",
                               surface=request.path[:200])
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
