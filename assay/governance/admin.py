"""The body's record in the admin, read only: its services write it (decisions are immutable besides)."""

from django.contrib import admin

from assay.audit.admin import AuditedInline, ReadOnlyAdmin

from .models import ActionItem, Body, Decision, DecisionLink, Meeting, Member


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "slug")


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("user", "body", "role", "sector", "term_start", "term_end")
    list_filter = ("body", "role", "sector")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("body", "held_on", "status")
    list_filter = ("body", "status")


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "due_on", "status")
    list_filter = ("status",)


class DecisionLinkInline(AuditedInline, admin.TabularInline):
    model = DecisionLink
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "body", "outcome", "recorded_at")
    list_filter = ("body", "outcome")
    inlines = [DecisionLinkInline]
