"""The request of a page or endpoint that only a signed-in user reaches, for type checking.

Django types `request.user` as a user or AnonymousUser; behind `login_required`, a permission check or the API's
token auth it is a user, and the services that page calls are told so (`actor: User`). Annotate such a view's
request as `SignedInRequest`; nothing changes at run time.
"""

from django.contrib.auth.models import User
from django.http import HttpRequest


class SignedInRequest(HttpRequest):
    user: User
