from itertools import groupby

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from assay.audit.admin import AuditedAdmin, AuditedInline, ReadOnlyAdmin, ServiceAdmin
from assay.standards.models import Criterion, StandardVersion, VersionStatus
from assay.standards.translation_status import SOURCE, TARGETS

from . import amendments, services
from .models import (
    Attendance,
    Comment,
    Disposition,
    DraftEdit,
    Invitation,
    PilotEvent,
    Question,
    Redaction,
    Response,
    Round,
)


class QuestionInline(AuditedInline, TranslationTabularInline):
    model = Question
    extra = 0


@admin.register(Invitation)
class InvitationAdmin(ServiceAdmin, admin.ModelAdmin):
    """Inviting a reviewer sends the invitation e-mail (through the audited service)."""

    list_display = ["name", "email", "round", "response", "created_at"]
    list_filter = ["round"]
    fields = ["round", "name", "email"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.reviewer_invite(actor=request.user, round_=obj.round, name=obj.name, email=obj.email,
                                         base_url=request.build_absolute_uri("/")[:-1])
        obj.pk = saved.pk


class RoundForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("languages"), choices=settings.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("The languages the round is run in."))

    class Meta:
        model = Round
        exclude: list[str] = []  # every field, with the languages as checkboxes


@admin.register(Round)
class RoundAdmin(AuditedAdmin, TranslationAdmin):
    form = RoundForm
    list_display = ["title", "kind", "number", "opens_on", "closes_on", "synthesised"]
    list_filter = ["kind", "synthesised"]
    inlines = [QuestionInline]


class CommentInline(AuditedInline, admin.TabularInline):
    model = Comment
    extra = 0
    can_delete = False  # nothing is ever deleted; moderation hides with a reason
    # Hiding is done on the comment's own page, through comment_hide (which stamps when and who).
    readonly_fields = ["question", "criterion", "value", "text", "hidden_reason", "hidden_at"]


@admin.register(Response)
class ResponseAdmin(AuditedAdmin, admin.ModelAdmin):
    """Personal data of respondents: for the secretariat; read-only."""

    list_display = ["round", "sector", "country", "consent", "submitted_at", "withdrawal"]
    list_filter = ["round", "sector", "consent", "withdrawal"]
    readonly_fields = [f.name for f in Response._meta.fields if f.name != "id"]
    inlines = [CommentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def clause_choices(field: forms.ModelChoiceField, version_id: int) -> None:
    """The clauses a disposition may say it changed: those of the draft under consultation (as the service
    requires), each labelled with its version and grouped by module, in the standard's order."""
    criteria = list(Criterion.objects.filter(version_id=version_id).select_related("module__version__standard")
                    .order_by("module__position", "position", "code"))
    field.queryset = Criterion.objects.filter(version_id=version_id)
    field.help_text = _("A clause of the draft under consultation.")
    choices: list = [("", "---------")]
    for module, group in groupby(criteria, key=lambda c: c.module):
        version = f"{module.version.standard.slug} {module.version.label}"
        choices.append((f"{version} · {module}", [(c.pk, f"{version} · {c.code} {c.title}") for c in group]))
    field.choices = choices


STATUS_FILTERS = [f"tr_status_{lang}" for lang in TARGETS]


class DispositionInline(AuditedInline, TranslationStackedInline):
    """The committee's decision and response in three languages, with the wording it accepts from a proposal."""

    model = Disposition
    extra = 1
    max_num = 1
    can_delete = False
    autocomplete_fields = []
    fields = ["decision", "response", "wording", "changed_criterion", *STATUS_FILTERS]
    readonly_fields = STATUS_FILTERS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("changed_criterion")
        if field is not None and obj is not None:
            clause_choices(field, obj.response.round.version_id)
        return formset

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and request.user.has_perm("consultation.dispose_comment")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm("consultation.dispose_comment")


@admin.register(Comment)
class CommentAdmin(ServiceAdmin, admin.ModelAdmin):
    """Moderation and dispositions: both go through audited services; nothing is ever deleted."""

    list_display = ["id", "response", "question", "criterion", "hidden_at"]
    list_filter = ["response__round", "response__sector", "hidden_at", "disposition__decision"]
    readonly_fields = ["response", "question", "criterion", "value", "text", "proposal", "hidden_at"]
    fields = ["response", "question", "criterion", "value", "text", "proposal", "hidden_reason", "hidden_at"]
    inlines = [DispositionInline]
    actions = ["apply_wording"]

    @admin.display(description=_("proposed wording"))
    def proposal(self, obj: Comment) -> str:
        if not obj.proposed_wording or obj.criterion is None:
            return "—"
        changes = amendments.proposal_changes(obj.criterion, obj.proposed_wording, obj.response.language)
        return format_html_join("", '<p><strong>{}</strong></p><p class="tracked">{}</p>',
                                ((c.label, c.html) for c in changes))

    @admin.action(description=_("Write the accepted wording into the next draft"), permissions=["dispose"])
    def apply_wording(self, request, queryset):
        done = 0
        for comment in queryset.select_related("response__round__version", "disposition"):
            disposition = getattr(comment, "disposition", None)
            consulted = comment.response.round.version
            draft = (StandardVersion.objects.filter(standard=consulted.standard_id, status=VersionStatus.DRAFT)
                     .exclude(pk=consulted.pk).order_by("-created_at").first())
            if disposition is None or draft is None:
                messages.error(request, _("Comment %(id)s: no accepted wording, or no next draft to write it into.")
                               % {"id": comment.pk})
                continue
            try:
                services.amendment_apply(actor=request.user, disposition=disposition, draft=draft)
            except ValidationError as exc:
                messages.error(request, f"{comment.pk}: {' '.join(exc.messages)}")
            else:
                done += 1
        if done:
            messages.success(request, _("Accepted wording written into the next draft: %(n)s.") % {"n": done})

    def has_dispose_permission(self, request):
        return request.user.has_perm("consultation.dispose_comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm("consultation.hide_comment")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "hidden_reason" in form.changed_data and obj.hidden_reason.strip():
            services.comment_hide(actor=request.user, comment=obj, reason=obj.hidden_reason)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # validates and records what changed for the admin's log; the service saves
        for inline_form in formset.forms:
            data = inline_form.cleaned_data if inline_form.is_valid() else {}
            if data.get("decision") and inline_form.has_changed():
                services.comment_dispose(
                    actor=request.user, comment=form.instance, decision=data["decision"],
                    response=data.get("response_en") or "", changed_criterion=data.get("changed_criterion"),
                    translations={lang: data.get(f"response_{lang}") or "" for lang in TARGETS},
                    wording={lang: data.get(f"wording_{lang}") or "" for lang in (SOURCE, *TARGETS)})


class AttendanceInline(AuditedInline, admin.TabularInline):
    model = Attendance
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PilotEvent)
class PilotEventAdmin(ReadOnlyAdmin):
    """Events are recorded on the round's events page (through the audited service); here they are read."""

    list_display = ["place", "held_on", "facilitator", "language", "round"]
    list_filter = ["round"]
    inlines = [AttendanceInline]


@admin.register(DraftEdit)
class DraftEditAdmin(ReadOnlyAdmin):
    """Accepted wording written into drafts, with the comment it came from (amendment_apply writes them)."""

    list_display = ["criterion", "disposition", "applied_by", "applied_at"]


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    """Passages withheld from publication, with their reason: made on the comment's redaction page (through the
    audited service), read here."""

    list_display = ["comment", "start", "end", "reason", "created_at"]
    list_filter = ["reason", "comment__response__round"]
    # The withheld passage only on the redaction's own page, not in the list (it is personal data or defamatory).
    fields = ["comment", "start", "end", "reason", "passage", "created_at"]
    readonly_fields = ["passage", "created_at"]

    @admin.display(description=_("passage"))
    def passage(self, obj: Redaction) -> str:
        return obj.comment.text[obj.start:obj.end]
