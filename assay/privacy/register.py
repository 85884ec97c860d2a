"""The register of personal data: which fields of which models hold something about a person, what for, on which
legal basis, who sees it and for how long it is kept.

It is data in code so that a test can hold it against the models themselves (tests/privacy/test_register.py):
every field that holds a person's name, e-mail address or phone number, and every link from a record to a user
account, must be named by one entry here, or listed in NOT_PERSONAL with the reason it is not about a person. A
new personal field without an entry fails that test. The access export and the erasure read the same entries.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Basis:
    """The legal basis of each processing (GDPR art. 6(1)), as the public page words it."""

    CONSENT = _("consent (you can withdraw it at any time)")
    CONTRACT = _("the account you asked for (contract)")
    LEGITIMATE = _("legitimate interest: running an open, accountable standard-setting process")
    OBLIGATION = _("accountability: the record a standard-setter must keep of who decided what")


# How long each kind of data is kept, in days (None: as long as the record it belongs to). The retention job
# (`manage.py apply_retention`) deletes what is older; a deployment may change a period with the setting
# PRIVACY_RETENTION_DAYS = {"notifications": 180, …}.
RETENTION_DEFAULTS: dict[str, int] = {
    "unconfirmed_subscriptions": 30,
    "unverified_responses": 90,
    "notifications": 365,
    "token_uses": 180,
}


def retention_days() -> dict[str, int]:
    """The periods in force: the defaults, with the deployment's own where it sets them."""
    return {**RETENTION_DEFAULTS, **getattr(settings, "PRIVACY_RETENTION_DAYS", {})}


@dataclass(frozen=True)
class Entry:
    """One kind of personal data. `fields` are "app_label.Model.field" (the model's label, then the field)."""

    key: str
    title: Promise
    fields: tuple[str, ...]
    purpose: Promise
    basis: Promise
    seen_by: Promise
    retention: Promise
    retention_key: str = ""  # a key of RETENTION_DEFAULTS where the retention job applies a period

    @property
    def days(self) -> int | None:
        return retention_days().get(self.retention_key) if self.retention_key else None


# Links from a record to the account that did something: kept with the record, as the trail of who acted.
ACTED_FIELDS = (
    "assessments.Assessment.created_by", "assessments.Assessment.submitted_by", "assessments.Assessment.reviewed_by",
    "assessments.Evidence.uploaded_by", "assessments.Evidence.reviewed_by", "assessments.Commitment.done_by",
    "assessments.Commitment.verified_by", "assessments.AssessorAssignment.assigned_by",
    "assessments.AssessorAssignment.withdrawn_by", "assessments.AssessmentRequest.created_by",
    "assessments.AssessmentRequest.answered_by", "consultation.DraftEdit.applied_by", "outreach.Mailing.created_by",
    "reporting.Shortlist.created_by", "reporting.ReportShare.shared_by", "reporting.ReportShare.revoked_by",
    "reporting.SupplyChainClaim.issued_by", "reporting.SupplyChainClaim.withdrawn_by", "awards.Award.created_by",
    "awards.Award.announced_by", "awards.Juror.added_by", "awards.Nomination.consented_by",
    "awards.Decision.decided_by", "alignment.AlignmentRating.updated_by", "alignment.Crosswalk.imported_by",
    "privacy.PrivacyRequest.handled_by", "governance.Meeting.recorded_by", "governance.Decision.recorded_by",
    "simulation.Simulation.created_by",
)

REGISTER: tuple[Entry, ...] = (
    Entry(
        "accounts", _("User accounts"),
        ("auth.User.username", "auth.User.first_name", "auth.User.last_name", "auth.User.email"),
        _("Signing in, and telling you what concerns you."), Basis.CONTRACT,
        _("You; the secretariat."), _("Until you close the account or ask for it to be erased.")),
    Entry(
        "memberships", _("Memberships of organisations"), ("registry.Membership.user",),
        _("Which organisation's data you may see and change, and in which role."), Basis.CONTRACT,
        _("You; your organisation's administrators; the secretariat."),
        _("Until your organisation's administrator or the secretariat ends it.")),
    Entry(
        "governance", _("Seats on the standard body's committees and groups"),
        ("governance.Member.user", "governance.Member.interests", "governance.ActionItem.owner"),
        _("Who decides on the standard, the interests they declared, and who owns which action item."),
        Basis.OBLIGATION, _("Everyone sees who sits on a body; declared interests and action items: the committee "
                            "and the secretariat."),
        _("As long as the standard body's record (a public record of who decided what).")),
    Entry(
        "tokens", _("API tokens"), ("accounts.ApiToken.user", "accounts.ApiToken.name"),
        _("Letting your own systems use the API as you."), Basis.CONTRACT, _("You; the secretariat."),
        _("Until the token expires or is revoked, then with the account.")),
    Entry(
        "token_uses", _("Log of API token use"), ("accounts.ApiTokenUse.user",),
        _("Security: seeing which token was used where."), Basis.LEGITIMATE, _("The secretariat."),
        _("Deleted after the retention period."), "token_uses"),
    Entry(
        "notifications", _("Notifications"), ("notifications.Notification.user", "notifications.Preference.user"),
        _("Telling you of what concerns you, in your language."), Basis.CONTRACT, _("You."),
        _("Deleted after the retention period; your choices, with the account."), "notifications"),
    Entry(
        "audit", _("Audit trail"), ("audit.AuditRecord.user",),
        _("Accountability: who changed what, and when."), Basis.OBLIGATION, _("The secretariat."),
        _("As long as the records it explains; an erased person's name and e-mail are replaced in it.")),
    Entry(
        "restricted_reads", _("Log of reads of restricted data"), ("disclosure.RestrictedRead.user",),
        _("Accountability: who read an organisation's restricted data."), Basis.OBLIGATION,
        _("The secretariat."), _("As long as the data read.")),
    Entry(
        "responses", _("Consultation responses"),
        ("consultation.Response.name", "consultation.Response.email"),
        _("Counting and answering your comments, and sending you a receipt; your name is published only if you "
          "chose so, your e-mail never."), Basis.CONSENT,
        _("The secretariat; your name, the public if you chose to publish with it."),
        _("Confirmed responses: as long as the standard's record of its consultations. Responses never "
          "confirmed: deleted after the retention period."), "unverified_responses"),
    Entry(
        "invitations", _("Invitations to review an outline"),
        ("consultation.Invitation.name", "consultation.Invitation.email"),
        _("Inviting reviewers of an outline."), Basis.LEGITIMATE, _("The secretariat."),
        _("As long as the round's record.")),
    Entry(
        "contacts", _("Contacts and subscriptions"),
        ("outreach.Contact.name", "outreach.Contact.email", "outreach.Delivery.email"),
        _("Sending the mailings you subscribed to, and reaching partner organisations."), Basis.CONSENT,
        _("The secretariat."),
        _("Until you unsubscribe; sign-ups never confirmed are deleted after the retention period."),
        "unconfirmed_subscriptions"),
    Entry(
        "facilitators", _("Pilot-site facilitators"), ("consultation.PilotEvent.facilitators",),
        _("Which accounts may send a pilot-site event's answers from ODK Collect."), Basis.LEGITIMATE,
        _("The secretariat."), _("As long as the event's record.")),
    Entry(
        "assessors", _("Assessors and their declarations of interests"),
        ("assessments.Assessment.assessor", "assessments.AssessorAssignment.assessor"),
        _("Independent assessment: who assessed what, and their declared conflicts of interest."),
        Basis.OBLIGATION, _("The assessed organisation; the secretariat."), _("As long as the assessment.")),
    Entry(
        "commitment_owners", _("Owners of commitments"), ("assessments.Commitment.owner",),
        _("Who answers for an improvement an organisation promised (often a function, sometimes a person)."),
        Basis.LEGITIMATE, _("The organisation, its partners, assessors and the secretariat."),
        _("As long as the assessment.")),
    Entry(
        "jurors", _("Award jurors"), ("awards.Juror.user",),
        _("Who sits on an award's jury."), Basis.LEGITIMATE, _("The secretariat; the jury."),
        _("As long as the award's record.")),
    Entry(
        "acted", _("Who did what"), ACTED_FIELDS,
        _("Accountability: the account that created, submitted, reviewed or decided a record."), Basis.OBLIGATION,
        _("The secretariat; where a page shows it, those who may see the record."),
        _("As long as the record; an erased account keeps only its number.")),
)

# Fields that look like a person's (a name, an address) but are not about one, and why.
NOT_PERSONAL: dict[str, str] = {
    "standards.Standard.name": "the standard's name",
    "governance.Body.name": "a committee's or group's name",
    "standards.Level.name": "a level's name",
    "registry.Actor.name": "an organisation's name",
    "registry.Site.name": "a mine site's name",
    "assessments.Evidence.original_name": "a file's name",
    "consultation.PilotEvent.facilitator": "the facilitating organisation",
    "outreach.Partner.name": "a partner organisation's name",
    "outreach.MailingList.name": "a mailing list's name",
    "outreach.EmailTemplate.name": "a template's name",
    "reporting.ShortlistEntry.actor_name": "an organisation's name",
    "reporting.ReportSnapshot.name": "a report summary's name",
    "reporting.RankingRow.name": "an organisation's name",
    "awards.Award.name": "an award's name",
    "awards.Nomination.name": "the nominated organisation's name",
    "alignment.Crosswalk.name": "a crosswalk's name",
}


def registered_fields() -> set[str]:
    return {f for entry in REGISTER for f in entry.fields}


def entry(key: str) -> Entry:
    return next(e for e in REGISTER if e.key == key)
