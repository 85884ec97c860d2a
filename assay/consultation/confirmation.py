"""The code in the e-mail that confirms a respondent's address. It is not the private link's token: whoever
starts a response is sent to its private page, so that token proves nothing about who reads the mailbox."""

from django.core import signing

from .models import Response

SALT = "assay.consultation.confirm-email"


def confirm_code(response: Response) -> str:
    """A signed code for this response and address (a changed address voids it); only ever sent by e-mail."""
    return signing.dumps([response.pk, response.email], salt=SALT, compress=True)


def response_for_code(code: str) -> Response | None:
    """The response a confirmation code stands for, or None for a forged, garbled or outdated code."""
    try:
        pk, email = signing.loads(code, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Response.objects.filter(pk=pk, email=email).exclude(email="").first()


DISOWN_SALT = "assay.consultation.not-me"


def disown_code(response: Response) -> str:
    """A signed code for the receipt's "this was not me" link; only ever sent by e-mail, to the address given."""
    return signing.dumps([response.pk, response.email], salt=DISOWN_SALT, compress=True)


def response_for_disown_code(code: str) -> Response | None:
    """The response a "this was not me" code stands for, or None for a forged, garbled or outdated code."""
    try:
        pk, email = signing.loads(code, salt=DISOWN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Response.objects.filter(pk=pk, email=email).exclude(email="").first()
