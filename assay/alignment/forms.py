from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Rating
from .reference import reference


class RatingForm(forms.Form):
    item = forms.ChoiceField(label=_("OECD reference item"), choices=())
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    criteria = forms.MultipleChoiceField(label=_("Criteria that address it"), required=False, choices=(),
                                         widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, f"{i.code} — {i.title}") for i in reference()]
        self.fields["criteria"].choices = [(c.key, f"{c.code} {c.title}") for c in criteria]


class CrosswalkImportForm(forms.Form):
    slug = forms.SlugField(label=_("Short name (in the address)"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    scheme = forms.CharField(label=_("Other scheme"), max_length=200)
    file = forms.FileField(label=_("CSV file (requirement, title, criterion, note)"))
