from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ActorDisclosure, RestrictedRead


@admin.register(RestrictedRead)
class RestrictedReadAdmin(admin.ModelAdmin):
    """The secretariat's view of every read of restricted data; exportable, never editable."""

    list_display = ["at", "user", "actor", "kind", "object_ref", "surface"]
    list_filter = ["kind"]
    search_fields = ["user__username", "actor__name", "surface"]
    list_select_related = ["user", "actor"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the selected records as CSV"))
    def export_csv(self, request, queryset):
        from assay.web.exports import table_response  # its cells are neutralised: no name runs as a formula

        rows = [[r.at.isoformat(), r.user.username if r.user else "", r.actor.name if r.actor else "", r.kind,
                 r.object_ref, r.surface] for r in queryset.select_related("user", "actor")]
        return table_response("restricted-reads", "csv", ["at", "user", "actor", "kind", "object", "surface"], rows)


@admin.register(ActorDisclosure)
class ActorDisclosureAdmin(admin.ModelAdmin):
    list_display = ["actor", "kind", "opened_to"]
    list_filter = ["kind", "opened_to"]
