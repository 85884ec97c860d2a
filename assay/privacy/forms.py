from django import forms
from django.utils.translation import gettext_lazy as _


class PersonForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, required=False,
                               help_text=_("The person's account, if they have one."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             help_text=_("For a respondent or a contact without an account, or another address of "
                                         "the account's owner."))

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("username") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a user name, an e-mail address, or both."))
        return data


class EraseForm(PersonForm):
    reason = forms.CharField(label=_("Why"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("E.g. the person's request and its date. Do not write their name here."))
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))
