"""The distribution package a partner organisation receives for a round, in one language, as one ZIP: the cover
e-mail filled in (as .eml, ready to send, and as text), the draft standard, a two-page summary, the
questionnaire as a printable PDF and as an XLSForm for KoboToolbox / ODK Collect, the field kit for a
pilot-site meeting (the facilitator's guide, the slides for the partner's sector, the picture handouts of every
stakeholder group), and the round's timeline as an iCalendar file."""

import io
import zipfile
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from assay.consultation import fieldkit
from assay.consultation.models import Consent, Gender, Round, Sector
from assay.consultation.timeline import milestones, round_calendar
from assay.lib.pdf import html_to_pdf
from assay.standards.pdf import version_pdf_bytes

from . import services
from .models import EmailTemplate, Partner


def _pdf(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        return html_to_pdf(render_to_string(template, {**context, "lang": language}))


def cover_email(round_: Round, partner: Partner, language: str, base_url: str,
                template: EmailTemplate) -> EmailMessage:
    contact = partner.contacts.order_by("name").first()
    link = services.tracked_link(round_=round_, language=language, partner=partner)
    url = services.link_url(base_url, "outreach:track", link.token, language)
    values = services.merge_values(partner=partner.name, contact=contact.name if contact else "", round_=round_,
                                   link=url, language=language)
    subject, body = services.render_template(template, language, values, services.audience(None, "package"))
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email] if contact else [],
                        headers={"Date": formatdate(localtime=False)})


def build(round_: Round, partner: Partner, language: str, base_url: str, template: EmailTemplate) -> bytes:
    from assay.consultation.xlsform import build_xlsform  # late: it loads openpyxl, which only a package needs

    version = round_.version
    questions = list(round_.questions.select_related("criterion"))
    with translation.override(language):
        context = {"round": round_, "partner": partner, "version": version, "standard": version.standard,
                   "questions": questions, "sectors": Sector.choices, "consents": Consent.choices,
                   "genders": Gender.choices, "base_url": base_url, "milestones": milestones(round_)}
    message = cover_email(round_, partner, language, base_url, template)
    slug = f"{version.standard.slug}-{version.label}-{language}".lower().replace(" ", "-")
    files = {
        f"1-cover-email-{language}.eml": message.message().as_bytes(),
        f"1-cover-email-{language}.txt": f"{message.subject}\n\n{message.body}".encode(),
        f"2-draft-standard-{slug}.pdf": version_pdf_bytes(version, language),
        f"3-summary-{language}.pdf": _pdf("outreach/package/summary.html", context, language),
        f"4-questionnaire-{language}.pdf": _pdf("outreach/package/questionnaire.html", context, language),
        f"5-questionnaire-xlsform-{language}.xlsx": build_xlsform(round_, language),
        f"6-facilitators-guide-{language}.pdf": fieldkit.guide_pdf(round_, language, base_url, partner.name),
        f"7-slides-{partner.sector}-{language}.pdf": fieldkit.slides_pdf(round_, language, partner.sector, base_url,
                                                                          partner.name),
        f"8-picture-handouts-{language}.pdf": fieldkit.handouts_pdf(round_, language, Sector.values, base_url),
        f"9-timeline-{language}.ics": round_calendar(round_, language, base_url),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
