from enum import StrEnum

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(StrEnum):
    """Every kind of state change the audit trail records: one member per service (admin edits have three)."""

    ADMIN_ADD = "admin_add"
    ADMIN_CHANGE = "admin_change"
    ADMIN_DELETE = "admin_delete"
    ASSESSMENT_CORRECT = "assessment_correct"
    AWARD_ANNOUNCE = "award_announce"
    AWARD_CONFLICT_DECLARE = "award_conflict_declare"
    AWARD_CONSENT = "award_consent"
    AWARD_CONSENT_WITHDRAW = "award_consent_withdraw"
    AWARD_CORRECT = "award_correct"
    AWARD_CREATE = "award_create"
    AWARD_DECIDE = "award_decide"
    AWARD_JUROR_ADD = "award_juror_add"
    AWARD_SCORE = "award_score"
    ASSESSMENT_RETURN = "assessment_return"
    ASSESSMENT_SAVE_ANSWERS = "assessment_save_answers"
    ASSESSMENT_START = "assessment_start"
    ASSESSMENT_SUBMIT = "assessment_submit"
    ASSESSMENT_VERIFY = "assessment_verify"
    FINDING_CHANGE = "finding_change"
    ACTION_ITEM_ADD = "action_item_add"
    ACTION_ITEM_UPDATE = "action_item_update"
    ALIGNMENT_RATE = "alignment_rate"
    ALIGNMENT_SEED = "alignment_seed"
    AMENDMENT_APPLY = "amendment_apply"
    ASSESSOR_ASSIGN = "assessor_assign"
    ASSESSOR_WITHDRAW = "assessor_withdraw"
    ASSESSOR_DECLARE = "assessor_declare"
    BODY_CREATE = "body_create"
    CAHRA_IMPORT = "cahra_import"
    CLAIM_ISSUE = "claim_issue"
    CLAIM_WITHDRAW = "claim_withdraw"
    COMMENT_DISPOSE = "comment_dispose"
    CROSSWALK_IMPORT = "crosswalk_import"
    COMMENT_HIDE = "comment_hide"
    COMMENT_REDACT = "comment_redact"
    COMMENTS_REGROUP = "comments_regroup"
    COMMITMENT_ADD = "commitment_add"
    COMMITMENT_DONE = "commitment_done"
    COMMITMENT_VERIFY = "commitment_verify"
    CONTENT_CREATE = "content_create"
    CONTENT_DELETE = "content_delete"
    CONTENT_UPDATE = "content_update"
    DECISION_RECORD = "decision_record"
    DECISION_REVERSE = "decision_reverse"
    DISCLOSURE_OPEN = "disclosure_open"
    DISCLOSURE_RESET = "disclosure_reset"
    ENGAGEMENT_RECORD = "engagement_record"
    EVENT_CREATE = "event_create"
    EVENT_FACILITATOR_LINK = "event_facilitator_link"
    EVENT_FACILITATOR_UNLINK = "event_facilitator_unlink"
    EVENT_IMPORT = "event_import"
    EVENT_RESPONSE_ENTER = "event_response_enter"
    EVENT_SUBMISSION_RECEIVE = "event_submission_receive"
    EVIDENCE_ADD = "evidence_add"
    EVIDENCE_REVIEW = "evidence_review"
    MAILING_CREATE = "mailing_create"
    MAILING_SEND = "mailing_send"
    NOTICE_PREFERENCE_SET = "notice_preference_set"
    PLAN_ACTIVITY_DELETE = "plan_activity_delete"
    PLAN_ACTIVITY_SAVE = "plan_activity_save"
    PLAN_SAVE = "plan_save"
    PRIVACY_ACCESS_EXPORT = "privacy_access_export"
    PRIVACY_ERASE = "privacy_erase"
    PRIVACY_RETENTION_APPLY = "privacy_retention_apply"
    ACTOR_CREATE = "actor_create"
    SITE_CREATE = "site_create"
    RELATIONSHIP_CREATE = "relationship_create"
    REPORT_SHARE = "report_share"
    REPORT_SHARE_REVOKE = "report_share_revoke"
    MEETING_ATTENDANCE_SET = "meeting_attendance_set"
    MEETING_RECORD = "meeting_record"
    MEMBER_ADD = "member_add"
    MEMBERSHIP_GRANT = "membership_grant"
    RESPONSE_DISOWN = "response_disown"
    RESPONSE_START = "response_start"
    RESPONSE_SUBMIT = "response_submit"
    RESPONSE_VERIFY_EMAIL = "response_verify_email"
    RESPONSE_WITHDRAWAL_REVIEW = "response_withdrawal_review"
    REVIEWER_INVITE = "reviewer_invite"
    REQUEST_ANSWER = "request_answer"
    REQUEST_SEND = "request_send"
    REQUEST_START = "request_start"
    REQUEST_WITHDRAW = "request_withdraw"
    ROUND_CREATE = "round_create"
    SHORTLIST_FREEZE = "shortlist_freeze"
    SIMULATION_ATTACH = "simulation_attach"
    SIMULATION_START = "simulation_start"
    SUBSCRIPTION_ADD = "subscription_add"
    SUBSCRIPTION_CANCEL = "subscription_cancel"
    SUBSCRIPTION_CONFIRM = "subscription_confirm"
    SUBSCRIPTION_REQUEST = "subscription_request"
    SUMMARIES_REFRESH = "summaries_refresh"
    TOKEN_CREATE = "token_create"
    TOKEN_REVOKE = "token_revoke"
    TRACKED_LINK_CREATE = "tracked_link_create"
    TWO_FACTOR_ENROL = "two_factor_enrol"
    TWO_FACTOR_VERIFY = "two_factor_verify"
    VERSION_DERIVE = "version_derive"
    VERSION_IMPORT = "version_import"
    VERSION_OPEN_CONSULTATION = "version_open_consultation"
    VERSION_PUBLISH = "version_publish"
    VERSION_RETIRE = "version_retire"


class AuditRecord(models.Model):
    """One state change made by a service function: who, what, on which object, when."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class DataVersion(models.Model):
    """One row: a number that grows with every committed change of what rankings and reports read (audited changes
    in the standards, registry, disclosure and assessments apps, and batch recomputes). Cached reports key on it, so
    a read costs one primary-key lookup instead of scanning the tables it summarises; it is updated inside the
    changing transaction, so other processes see the new number exactly when they can see the new data."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")

    def __str__(self) -> str:
        return str(self.value)
