"""Forms at the edge of the outreach pages: they read what the secretariat or a subscriber posts; the services
check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.consultation.models import Round
from assay.lib.forms import PostedText

from .models import EmailTemplate, MailingList


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
