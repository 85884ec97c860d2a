"""Forms at the edge of the outreach pages: they read what the secretariat or a subscriber posts; the services
check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.consultation.models import PilotEvent, Round, Sector
from assay.lib.forms import ISODateField, PickedFrom, PostedInt, PostedList, PostedText

from .models import ActivityKind, Channel, EmailTemplate, MailingList


class MailingForm(forms.Form):
    """A mailing: which template goes to which list, about which round."""

    template = forms.ModelChoiceField(label=_("Template"), queryset=EmailTemplate.objects.all())
    list = forms.ModelChoiceField(label=_("List"), queryset=MailingList.objects.all())
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.all())


class SubscribeForm(forms.Form):
    """Someone asks to join a mailing list (the service checks the address and sends the confirmation)."""

    name = PostedText(label=_("Name"))
    email = PostedText(label=_("E-mail"))
    language = PostedText(label=_("Language"), missing="en")


class PlanForm(forms.Form):
    """A partner's outreach plan for a round (the service checks the choices and the figures)."""

    networks = PostedText(label=_("Networks and audiences"), widget=forms.Textarea(attrs={"rows": 3}))
    audiences = PostedList(label=_("Stakeholder groups"), widget=forms.CheckboxSelectMultiple(
        choices=Sector.choices))
    channels = PostedList(label=_("Channels"), widget=forms.CheckboxSelectMultiple(choices=Channel.choices))
    languages = PostedText(label=_("Languages"))
    expected_reach = PostedInt(label=_("Expected reach (people)"), widget=forms.NumberInput(attrs={"min": 0}))
    notes = PostedText(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(forms.Form):
    """One planned activity of a plan: what, when, in which language, for how many, and when it was done."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = PostedText(label=_("What"))
    planned_on = ISODateField(label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"}))
    language = PostedText(label=_("Language"))
    expected_reach = PostedInt(label=_("Expected reach (people)"), widget=forms.NumberInput(attrs={"min": 0}))
    event = PickedFrom(PilotEvent.objects.none(), label=_("Pilot-site event that held it"))
    done_on = ISODateField(label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, round_: Round, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        events = PilotEvent.objects.filter(round=round_)
        field = self.fields["event"]
        field.queryset = events  # type: ignore[attr-defined]
