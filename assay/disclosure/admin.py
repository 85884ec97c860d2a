from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assay.audit.admin import AuditedAdmin, ReadOnlyAdmin
from assay.lib.exports import table_response

from .models import ActorDisclosure, RestrictedRead


@admin.register(RestrictedRead)
class RestrictedReadAdmin(ReadOnlyAdmin):
    """The secretariat's view of every read of restricted data; exportable, never editable."""

    list_display = ["at", "user", "actor", "kind", "object_ref", "surface"]
    list_filter = ["kind"]
    search_fields = ["user__username", "actor__name", "surface"]
    list_select_related = ["user", "actor"]
    actions = ["export_csv"]

    @admin.action(description=_("Export the selected records as CSV"))
    def export_csv(self, request, queryset):
        # table_response neutralises cells: no name runs as a formula.
        rows = [[r.at.isoformat(), r.user.username if r.user else "", r.actor.name if r.actor else "", r.kind,
                 r.object_ref, r.surface] for r in queryset.select_related("user", "actor")]
        return table_response("restricted-reads", "csv", ["at", "user", "actor", "kind", "object", "surface"], rows)


@admin.register(ActorDisclosure)
class ActorDisclosureAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["actor", "kind", "opened_to"]
    list_filter = ["kind", "opened_to"]
