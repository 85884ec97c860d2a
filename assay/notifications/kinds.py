"""What each kind of notification says, in the recipient's language.

A notification copies no actor data beyond names and dates: what it is about (findings, a reviewer's comment, a
commitment's text) is read behind its link, through the disclosure policy, by whoever opens it. E-mail leaves our
control, so nothing the policy guards travels in it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(models.TextChoices):
    REQUEST_RECEIVED = "request_received", gettext_lazy("an assessment is requested from your organisation")
    REQUEST_ANSWERED = "request_answered", gettext_lazy("a supplier answers your request for an assessment")
    REQUEST_OVERDUE = "request_overdue", gettext_lazy("a requested assessment is overdue")
    ASSIGNMENT = "assignment", gettext_lazy("you are assigned to assess an actor")
    CONFLICT_DECLARED = "conflict_declared", gettext_lazy("an assessor declares a conflict of interest")
    SUBMITTED = "submitted", gettext_lazy("an assessment is submitted")
    RETURNED = "returned", gettext_lazy("an assessment is returned with comments")
    VERIFIED = "verified", gettext_lazy("an assessment is verified")
    COMMITMENT_DUE = "commitment_due", gettext_lazy("a commitment falls due within 14 days")
    COMMITMENT_LAPSED = "commitment_lapsed", gettext_lazy("a commitment is overdue")
    CLAIM_ISSUED = "claim_issued", gettext_lazy("a supply-chain claim is issued")
    ACTION_ITEM_DUE = "action_item_due", gettext_lazy("a committee's action item assigned to you falls due")
    ACTION_ITEM_OVERDUE = "action_item_overdue", gettext_lazy("a committee's action item assigned to you is overdue")


def _texts() -> dict[str, tuple[str, str]]:
    """(subject, body) per kind, read in the active language: placeholders are the notification's params."""
    return {
        Kind.REQUEST_RECEIVED: (
            _("%(buyer)s asks %(supplier)s for an assessment"),
            _("%(buyer)s asks %(supplier)s for a %(kind)s by %(due)s. Open the request to accept or decline it; "
              "accepting it gives %(buyer)s no access to your data beyond what the standard already allows.")),
        Kind.REQUEST_ANSWERED: (
            _("%(supplier)s answered your request: %(answer)s"),
            _("%(supplier)s answered your request for a %(kind)s due by %(due)s: %(answer)s.")),
        Kind.REQUEST_OVERDUE: (
            _("The assessment requested from %(supplier)s is overdue"),
            _("The %(kind)s that %(buyer)s requested from %(supplier)s was due by %(due)s and has not been "
              "submitted.")),
        Kind.ASSIGNMENT: (
            _("You are assigned to assess %(actor)s"),
            _("The secretariat assigned you to the %(kind)s of %(actor)s of %(date)s. Declare any conflict of "
              "interest before you begin: until you do, the assessment stays closed to you.")),
        Kind.CONFLICT_DECLARED: (
            _("%(assessor)s declared a conflict of interest with %(actor)s"),
            _("%(assessor)s declared a conflict of interest with %(actor)s and the assignment to its assessment of "
              "%(date)s has ended. Assign another assessor.")),
        Kind.SUBMITTED: (
            _("The assessment of %(actor)s of %(date)s is submitted"),
            _("The %(kind)s of %(actor)s of %(date)s was submitted and waits for verification.")),
        Kind.RETURNED: (
            _("The assessment of %(actor)s of %(date)s is returned"),
            _("The %(kind)s of %(actor)s of %(date)s was returned with the reviewer's comments. Open it to read "
              "them; a correction starts from the returned assessment.")),
        Kind.VERIFIED: (
            _("The assessment of %(actor)s of %(date)s is verified"),
            _("The %(kind)s of %(actor)s of %(date)s was verified.")),
        Kind.COMMITMENT_DUE: (
            _("A commitment of %(actor)s falls due on %(due)s"),
            _("An improvement commitment of %(actor)s falls due on %(due)s. When the work is done, record it with "
              "its evidence so that an assessor can verify it.")),
        Kind.COMMITMENT_LAPSED: (
            _("A commitment of %(actor)s is overdue"),
            _("An improvement commitment of %(actor)s was due on %(due)s and is not recorded as done.")),
        Kind.CLAIM_ISSUED: (
            _("%(buyer)s issued a supply-chain claim"),
            _("%(buyer)s issued a supply-chain claim for %(mineral)s, %(start)s to %(end)s. Anyone can check it "
              "at its address.")),
        Kind.ACTION_ITEM_DUE: (
            _("An action item of %(body)s is due on %(due)s"),
            _("An action item from the meeting of %(body)s on %(date)s is assigned to you and due on %(due)s. Open "
              "it to see what it asks; the secretariat records it as done.")),
        Kind.ACTION_ITEM_OVERDUE: (
            _("An action item of %(body)s is overdue"),
            _("An action item from the meeting of %(body)s on %(date)s is assigned to you; it was due on %(due)s and "
              "is not recorded as done.")),
    }


def render(kind: str, params: dict[str, str]) -> tuple[str, str]:
    """The subject and body of a notification in the active language. A param named `*_msgid` holds a message
    id (such as an assessment kind's name) and is translated now, under its name without the suffix."""
    values = {k: v for k, v in params.items() if not k.endswith("_msgid")}
    values.update({k.removesuffix("_msgid"): _(v) for k, v in params.items() if k.endswith("_msgid")})
    subject, body = _texts()[kind]
    return subject % values, body % values


def localized(url: str, language: str) -> str:
    """A page's path in `language`: a link is kept in the language of whoever caused the notification."""
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            return f"/{language}/" + url[len(code) + 2:]
    return url
