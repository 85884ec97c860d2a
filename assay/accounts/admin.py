from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assay.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import ActorDisclosure, ApiToken, ApiTokenUse, RestrictedRead


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
        from assay.web.exports import table_response  # its cells are neutralised: no name runs as a formula

        rows = [[r.at.isoformat(), r.user.username if r.user else "", r.actor.name if r.actor else "", r.kind,
                 r.object_ref, r.surface] for r in queryset.select_related("user", "actor")]
        return table_response("restricted-reads", "csv", ["at", "user", "actor", "kind", "object", "surface"], rows)


@admin.register(ActorDisclosure)
class ActorDisclosureAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["actor", "kind", "opened_to"]
    list_filter = ["kind", "opened_to"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Every user's API tokens with their last use; only their owners create and revoke them. No secret is here:
    only its digest is stored, and not even that is shown."""

    list_display = ["name", "user", "scope", "created_at", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["user__username", "name"]
    list_select_related = ["user"]
    exclude = ["digest"]


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(ReadOnlyAdmin):
    """Every request made with an API token, as the restricted reads are."""

    list_display = ["at", "user", "token", "method", "surface"]
    list_filter = ["method"]
    search_fields = ["user__username", "token__name", "surface"]
    list_select_related = ["user", "token"]
