"""Reference data of outreach (partners, contacts, lists, templates) is edited here; subscriptions, mailings and
outreach plans change only through the audited services (a subscription added here still waits for the contact's
own yes)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from assay.audit.admin import AuditedAdmin, AuditedInline, ReadOnlyAdmin, ServiceAdmin
from assay.consultation.models import PilotEvent, Sector

from . import services
from .models import (
    Channel,
    Contact,
    Delivery,
    EmailTemplate,
    Mailing,
    MailingList,
    OutreachPlan,
    Partner,
    PlanActivity,
    Subscription,
)


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


class PlanForm(forms.ModelForm):
    """The stakeholder groups and channels as checkboxes (not JSON), the reach within what the service accepts."""

    audiences = forms.MultipleChoiceField(
        label=_("stakeholder groups"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    expected_reach = forms.IntegerField(
        label=_("expected reach (people)"), min_value=0, max_value=services.MAX_REACH, initial=0
    )

    class Meta:
        model = OutreachPlan
        fields = ["partner", "round", "networks", "audiences", "channels", "languages", "expected_reach", "notes"]


class ActivityForm(forms.ModelForm):
    expected_reach = forms.IntegerField(
        label=_("expected reach (people)"), min_value=0, max_value=services.MAX_REACH, initial=0
    )

    class Meta:
        model = PlanActivity
        fields = ["kind", "title", "planned_on", "language", "expected_reach", "event", "done_on"]


class PlanActivityInline(AuditedInline, admin.TabularInline):
    """The plan's activities; saved through plan_activity_save and plan_activity_delete (see PlanAdmin)."""

    model = PlanActivity
    form = ActivityForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("event")
        if field is not None:  # the service accepts only an event of the plan's round
            field.queryset = PilotEvent.objects.filter(round=obj.round_id) if obj else PilotEvent.objects.none()
        return formset


@admin.register(OutreachPlan)
class OutreachPlanAdmin(ServiceAdmin, admin.ModelAdmin):
    """Partners' outreach plans, also edited on the outreach desk; every save goes through the audited services."""

    form = PlanForm
    list_display = ["partner", "round", "languages", "expected_reach", "activity_count", "updated_at", "desk"]
    list_filter = ["round", "partner__sector"]
    search_fields = ["partner__name", "languages", "networks"]
    list_select_related = ["partner", "round"]
    inlines = [PlanActivityInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_activities=Count("activities"))

    def get_readonly_fields(self, request, obj=None):
        # plan_save keeps one plan per partner and round: a saved plan stays with its partner and round
        return ["partner", "round"] if obj is not None else []

    @admin.display(description=_("planned activities"), ordering="n_activities")
    def activity_count(self, obj: OutreachPlan) -> int:
        return obj.n_activities  # type: ignore[attr-defined]

    @admin.display(description=_("on the outreach desk"))
    def desk(self, obj: OutreachPlan) -> str:
        return format_html('<a href="{}">{}</a>', reverse("outreach:plan", args=[obj.partner_id, obj.round_id]), "→")

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # only its activities changed
        data = form.cleaned_data
        saved = services.plan_save(
            actor=request.user,
            partner=obj.partner,
            round_=obj.round,
            networks=data.get("networks") or "",
            audiences=list(data.get("audiences") or []),
            channels=list(data.get("channels") or []),
            languages=data.get("languages") or "",
            expected_reach=data.get("expected_reach") or 0,
            notes=data.get("notes") or "",
        )
        obj.pk = saved.pk

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # validates and records what changed for the admin's log; the services save
        plan = OutreachPlan.objects.get(pk=form.instance.pk)
        for activity in formset.deleted_objects:
            services.plan_activity_delete(actor=request.user, activity=activity)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            services.plan_activity_save(
                actor=request.user,
                plan=plan,
                kind=data["kind"],
                title=data["title"],
                planned_on=data["planned_on"],
                language=data.get("language") or "",
                expected_reach=data.get("expected_reach") or 0,
                event=data.get("event"),
                done_on=data.get("done_on"),
                activity=inline_form.instance if inline_form.instance.pk else None,
            )
