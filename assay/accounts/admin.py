from django.contrib import admin

from assay.audit.admin import ReadOnlyAdmin

from .models import ApiToken, ApiTokenUse


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
