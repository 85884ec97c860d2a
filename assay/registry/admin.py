from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assay.audit.admin import AuditedAdmin, AuditedInline, ServiceAdmin

from . import services
from .models import Actor, CahraArea, CahraDesignation, Membership, Relationship, Site


class SiteInline(AuditedInline, admin.TabularInline):
    model = Site
    extra = 0


class MembershipInline(AuditedInline, admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Actor)
class ActorAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "role", "country", "miners"]
    list_filter = ["role", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, now


@admin.register(Site)
class SiteAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "actor", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name", "actor__name"]
    list_select_related = ["actor"]
    autocomplete_fields = ["actor"]


class MembershipForm(forms.ModelForm):
    granted_by = None  # set per request by MembershipAdmin.get_form

    def clean(self):
        data = super().clean()
        granter = self.granted_by
        if granter is not None and not granter.is_superuser and data.get("user") == granter:
            # Memberships decide what one sees: nobody grants one to themselves (DESIGN §5).
            raise ValidationError(_("Nobody grants themselves a membership: ask someone else of the secretariat."))
        return data


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    """Granting and withdrawing a membership: the secretariat's (or the actor's admin, on the dashboard)."""

    form = MembershipForm
    list_display = ["user", "actor", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["user", "actor"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"granted_by": request.user})


@admin.register(Relationship)
class RelationshipAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["buyer", "supplier", "kind", "share", "start", "end"]
    list_filter = ["kind"]
    autocomplete_fields = ["buyer", "supplier"]
    list_select_related = ["buyer", "supplier"]


@admin.register(CahraArea)
class CahraAreaAdmin(ServiceAdmin, admin.ModelAdmin):
    """A line of the CAHRA list entered or corrected by hand: the sites' designations follow at once."""

    list_display = ["country", "region", "source", "start", "end"]
    list_filter = ["country", "source"]

    def save_model(self, request, obj, form, change):
        services.cahra_area_save(actor=request.user, area=obj, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.cahra_area_delete(actor=request.user, areas=[obj])

    def delete_queryset(self, request, queryset):
        services.cahra_area_delete(actor=request.user, areas=queryset)


@admin.register(CahraDesignation)
class CahraDesignationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["site", "source", "start", "end", "area"]
    list_select_related = ["site"]
