from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from assay.audit.admin import AuditedAdmin, AuditedInline, ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import Attendance, Comment, Disposition, Invitation, PilotEvent, Question, Response, Round


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


@admin.register(Round)
class RoundAdmin(AuditedAdmin, TranslationAdmin):
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


class DispositionInline(AuditedInline, admin.StackedInline):
    model = Disposition
    extra = 1
    max_num = 1
    can_delete = False
    autocomplete_fields = []

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and request.user.has_perm("consultation.dispose_comment")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm("consultation.dispose_comment")


@admin.register(Comment)
class CommentAdmin(ServiceAdmin, admin.ModelAdmin):
    """Moderation and dispositions: both go through audited services; nothing is ever deleted."""

    list_display = ["id", "response", "question", "criterion", "hidden_at"]
    list_filter = ["response__round", "response__sector", "hidden_at", "disposition__decision"]
    readonly_fields = ["response", "question", "criterion", "value", "text", "hidden_at"]
    fields = ["response", "question", "criterion", "value", "text", "hidden_reason", "hidden_at"]
    inlines = [DispositionInline]

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
                services.comment_dispose(actor=request.user, comment=form.instance, decision=data["decision"],
                                         response=data.get("response", ""),
                                         changed_criterion=data.get("changed_criterion"))


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
