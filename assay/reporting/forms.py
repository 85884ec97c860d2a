"""Forms at the edge of the reporting pages: they read what the jury's secretariat and an actor's admin post; the
services check it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import ISODateField, PostedInt, PostedList, PostedText
from assay.registry.models import Actor

from . import rankings


class ShortlistForm(forms.Form):
    """Freeze a shortlist: a title, the ranking (category, period `from`–`to`, grouping, country and mineral)
    and how many entries each list keeps."""

    title = PostedText(label=_("Title"))
    category = PostedText(label=_("Category"))
    size = PostedInt(label=_("Entries per list"))
    group_by = PostedText(label=_("Grouping"))
    country = PostedText(label=_("Country"))
    mineral = PostedText(label=_("Mineral"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword: the field cannot be declared in the class body.
        self.fields["from"] = ISODateField(label=_("From"))
        self.fields["to"] = ISODateField(label=_("To"))

    def freeze_arguments(self) -> dict[str, Any]:
        """The keyword arguments of `services.shortlist_freeze`."""
        data = self.cleaned_data
        return {"title": data["title"], "category": data["category"], "start": data["from"], "end": data["to"],
                "size": data["size"], "group_by": data["group_by"],
                "filters": rankings.Filters(country=data["country"].upper()[:2], mineral=data["mineral"])}


class ReportShareForm(forms.Form):
    """Share an assessment's full report with a buyer, named by its registry address (slug) or its exact name."""

    buyer = forms.CharField(label=_("Buyer"), max_length=200, help_text=_(
        "The buyer's name as the registry shows it, or the last part of its registry address."))

    def clean_buyer(self) -> Actor:
        given = self.cleaned_data["buyer"].strip()
        found = Actor.objects.filter(slug=given).first()
        if found is None:
            named = list(Actor.objects.filter(name__iexact=given)[:2])
            found = named[0] if len(named) == 1 else None
            if len(named) > 1:
                raise forms.ValidationError(_("Several actors have this name: give its registry address."),
                                            code="ambiguous")
        if found is None:
            raise forms.ValidationError(_("No actor in the registry has this name or address."), code="unknown")
        return found


class EngagementForm(forms.Form):
    """Record a support engagement with a supplier: its slug, finance or technical support, the period, the minerals
    concerned and a note."""

    supplier = PostedText(label=_("Supplier"))
    kind = PostedText(label=_("Type of support"))
    start = ISODateField(label=_("Start"))
    end = ISODateField(label=_("End (optional)"), required=False)
    minerals = PostedList(label=_("Minerals"))
    note = PostedText(label=_("Note"))


class ClaimForm(forms.Form):
    """Issue a supply-chain claim: a mineral and a period `from`–`to`."""

    mineral = PostedText(label=_("Mineral"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = ISODateField(label=_("From"))
        self.fields["to"] = ISODateField(label=_("To"))


class WithdrawForm(forms.Form):
    reason = PostedText(label=_("Reason for withdrawal"))
