from django.contrib import admin

from assay.audit.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "read_at", "emailed_at")
    list_filter = ("kind",)
