"""The receipt of a submission, written by the task worker from what was stored (services.acknowledge_submission),
so that the request that stores a submission only queues it (one small row, in the submission's transaction)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .confirmation import confirm_code, disown_code
from .models import Response


def send_receipt(response_id: int, base_url: str) -> int:
    """The receipt of a submitted response, in its language: a copy of what was said, the link that confirms
    the address and the "this was not me" link (`base_url`: the site's address as the submitting request saw
    it)."""
    response = Response.objects.select_related("round").get(pk=response_id)
    comments = list(response.comments.select_related("question", "criterion").order_by("id"))
    verify = base_url + reverse("consultation:verify", args=[confirm_code(response)])
    not_me = base_url + reverse("consultation:not_me", args=[disown_code(response)])
    with translation.override(response.language):
        subject = _("Receipt: your comments on %(title)s") % {"title": response.round.title}
        body = render_to_string("consultation/email_receipt.txt", {
            "response": response, "comments": comments, "verify": verify, "not_me": not_me})
    return send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, [response.email])
