from django import forms
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import PostedText

from .models import ApiToken, TokenScope


class TwoFactorForm(forms.Form):
    """The code an authenticator app shows (spaces allowed, as apps group the digits), and where to go next."""

    token = PostedText(label=_("Code"))
    next = PostedText()

    def code(self) -> str:
        return self.cleaned_data["token"].strip().replace(" ", "")


class TokenForm(forms.Form):
    """A new API token, as typed: the service decides whether it may exist."""

    name = forms.CharField(label=_("Name"), max_length=ApiToken._meta.get_field("name").max_length,
                           help_text=_("What the token is for, e.g. the system using it."))
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ,
                              widget=forms.RadioSelect)
    # ISO: a date input shows nothing for the French or Spanish date format Django would otherwise write.
    expires_on = forms.DateField(label=_("Valid until"), help_text=_("At most a year from today."),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
