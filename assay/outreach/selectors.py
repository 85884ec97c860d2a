"""Reads that outreach pages share: the preview of a mailing before it is confirmed, and the partners' outreach
plans with their progress as the platform's own records show it."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from assay.consultation.models import Round

from . import services
from .models import EmailTemplate, MailingList, Subscription

PREVIEW_TOKEN = "preview"  # the tracked link of a delivery is made when the mailing is confirmed


@dataclass
class MailingPreview:
    """What a mailing would send: to how many, in which languages and audiences, what one chosen recipient
    receives exactly, who would get an empty merge field, and the fingerprint a confirmation must repeat."""

    template: EmailTemplate
    mailing_list: MailingList
    round: Round
    recipients: list[Subscription]
    recipient: Subscription | None
    subject: str = ""
    body: str = ""
    by_language: list[tuple[str, int]] = field(default_factory=list)
    by_audience: list[tuple[str, int]] = field(default_factory=list)
    problems: list[tuple[str, set[str]]] = field(default_factory=list)
    fingerprint: str = ""


def mailing_preview(*, template: EmailTemplate, mailing_list: MailingList, round_: Round, base_url: str,
                    recipient_pk: int | None = None) -> MailingPreview:
    recipients = services.confirmed_subscriptions(mailing_list)
    chosen = next((s for s in recipients if s.pk == recipient_pk), recipients[0] if recipients else None)
    preview = MailingPreview(template=template, mailing_list=mailing_list, round=round_, recipients=recipients,
                             recipient=chosen)
    for sub in recipients:
        subject, body, empty = services.mailing_merge(template=template, subscription=sub, round_=round_,
                                                      base_url=base_url, token=PREVIEW_TOKEN)
        if empty:
            preview.problems.append((sub.contact.email, empty))
        if sub is chosen:
            # a stand-in token: the preview shows the footer, never a subscriber's own way out
            unsubscribe = services.link_url(base_url, "outreach:unsubscribe", PREVIEW_TOKEN, sub.contact.language)
            preview.subject, preview.body = subject, body + services.mail_footer(unsubscribe, sub.contact.language)
    languages = Counter(s.contact.language for s in recipients)
    preview.by_language = sorted(languages.items())
    partners = sum(1 for s in recipients if s.contact.partner_id)
    preview.by_audience = [(_("contacts of a partner organisation"), partners),
                           (_("subscribers of no partner organisation"), len(recipients) - partners)]
    preview.fingerprint = services.mailing_fingerprint(template=template, subscriptions=recipients, round_=round_)
    return preview
