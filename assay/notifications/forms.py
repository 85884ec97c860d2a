from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import PostedList, PostedText

from .kinds import Kind


class PreferenceForm(forms.Form):
    language = PostedText(label=_("Language of the e-mails Assay sends you"),
                          widget=forms.RadioSelect(choices=settings.LANGUAGES))
    # Ticked: e-mailed. The service stores the complement (what is muted), so a kind added later is e-mailed.
    emailed = PostedList(label=_("Send me an e-mail when"),
                         widget=forms.CheckboxSelectMultiple(choices=Kind.choices))
