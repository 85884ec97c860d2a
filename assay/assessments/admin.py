from django.contrib import admin

from assay.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Assessment, AssessmentStatus, AssessorAssignment, Score


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin, admin.ModelAdmin):
    """Read-only here: assessments change only through their services (start, answer, submit, review)."""

    list_display = ["actor", "date", "kind", "status", "version"]
    list_filter = ["status", "kind", "version"]
    search_fields = ["actor__name"]
    list_select_related = ["actor", "version__standard"]

    def get_queryset(self, request):
        # A draft is private to the actor's members: the admin shows it to no one but a superuser.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.exclude(status=AssessmentStatus.DRAFT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["assessment", "outcome", "level", "overall", "progress", "engine", "computed_at"]
    list_filter = ["outcome", "level", "engine"]
    list_select_related = ["assessment__actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssessorAssignment)
class AssessorAssignmentAdmin(ReadOnlyAdmin):
    """The record of who was assigned to assess what, by whom and why: written by the assignment services only."""

    list_display = ["assessment", "assessor", "assigned_by", "assigned_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    search_fields = ["assessor__username", "assessment__actor__name"]
    list_select_related = ["assessment__actor", "assessor", "assigned_by"]
