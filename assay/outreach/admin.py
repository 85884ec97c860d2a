"""Reference data of outreach (partners, contacts, lists, templates) is edited here; subscriptions and mailings
change only through the audited services (a subscription added here still waits for the contact's own yes)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin

from assay.audit.admin import AuditedAdmin, AuditedInline, ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import Contact, Delivery, EmailTemplate, Mailing, MailingList, Partner, Subscription


class ContactInline(AuditedInline, admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "email", "language"]


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "sector", "country", "language"]
    list_filter = ["sector", "language"]
    search_fields = ["name"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "email", "partner", "language", "created_at"]
    search_fields = ["name", "email"]
    list_filter = ["language"]


@admin.register(MailingList)
class MailingListAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "slug", "open_signup"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Subscription)
class SubscriptionAdmin(ServiceAdmin, admin.ModelAdmin):
    list_display = ["contact", "mailing_list", "status", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["mailing_list", "status"]
    fields = ["mailing_list", "contact"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = services.subscription_add(actor=request.user, mailing_list=obj.mailing_list, contact=obj.contact).pk


@admin.register(EmailTemplate)
class EmailTemplateAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "for_packages"]


@admin.register(Mailing)
class MailingAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "round", "created_at", "finished_at", "progress"]

    def has_add_permission(self, request):
        return False  # started from the outreach desk, which queues the sending

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="progress")
    def progress(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("outreach:mailing", args=[obj.pk]), "→")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["email", "mailing", "language", "status", "sent_at"]
    list_filter = ["status", "language"]
