from django.contrib import admin
from django.db import models

from .models import Actor, CahraArea, CahraDesignation, Membership, Relationship, Site
from .services import registry_save


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        registry_save(request.user, obj, list(form.changed_data))


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0



@admin.register(Actor)
class ActorAdmin(AuditedAdmin):
    list_display = ["name", "role", "country", "miners"]
    list_filter = ["role", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, now


@admin.register(Relationship)
class RelationshipAdmin(AuditedAdmin):
    list_display = ["buyer", "supplier", "kind", "share", "start", "end"]
    list_filter = ["kind"]
    autocomplete_fields = ["buyer", "supplier"]
    list_select_related = ["buyer", "supplier"]


@admin.register(CahraArea)
class CahraAreaAdmin(admin.ModelAdmin):
    list_display = ["country", "region", "source", "start", "end"]
    list_filter = ["country", "source"]


@admin.register(CahraDesignation)
class CahraDesignationAdmin(AuditedAdmin):
    list_display = ["site", "source", "start", "end", "area"]
    list_select_related = ["site"]
