"""Forms at the edge of the disclosure pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import PostedText


class SharingForm(forms.Form):
    """An actor's sharing choice: one kind of its data opened to a class (empty: back to the default). The
    service checks both."""

    kind = PostedText(label=_("Data"))
    opened_to = PostedText(label=_("Your choice"))

    def choice(self) -> tuple[str, str | None]:
        return self.cleaned_data["kind"], self.cleaned_data["opened_to"] or None
