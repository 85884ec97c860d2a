import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.consultation.models import Round
from assay.domain.scoring.rules import KINDS
from assay.standards.models import StandardVersion, VersionStatus

KIND_CHOICES = [("self", _("self-assessment")), ("second_party", _("second party")),
                ("third_party", _("third party"))]


class StartForm(forms.Form):
    version: forms.ModelChoiceField[StandardVersion] = forms.ModelChoiceField(
        StandardVersion.objects.exclude(status=VersionStatus.RETIRED).select_related("standard"),
        label=_("Rules of"), help_text=_("A draft, or a published version whose parameters you change below."))
    base: forms.ModelChoiceField[StandardVersion] = forms.ModelChoiceField(
        StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("standard"), required=False,
        label=_("Assessments made on"), help_text=_("Empty: the standard's latest published version."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    progressing = forms.DecimalField(label=_("Overall score a level needs (level 2)"), required=False,
                                     max_digits=6, decimal_places=2)
    level_bonus = forms.DecimalField(label=_("Level bonus"), required=False, max_digits=6, decimal_places=2)
    cahra_multiplier = forms.DecimalField(label=_("CAHRA multiplier"), required=False, max_digits=6,
                                          decimal_places=3)
    min_interval_days = forms.IntegerField(label=_("Minimum days between A0 and A1"), required=False)
    max_tiers = forms.IntegerField(label=_("Supply-chain tiers counted"), required=False)
    progress_kinds = forms.MultipleChoiceField(label=_("Kinds of assessment that count for progress"),
                                               choices=KIND_CHOICES, required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("None ticked: as the version says."))
    overrides = forms.CharField(
        label=_("Other parameters (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('For example {"levels": {"3": {"overall_min": 65}}, "points": {"6.2": 8}}.'))

    def clean_overrides(self) -> dict[str, Any]:
        text = self.cleaned_data["overrides"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The parameters must be a JSON object."))
        return value

    def start_arguments(self) -> dict[str, Any]:
        d = self.cleaned_data
        overrides: dict[str, Any] = dict(d["overrides"])
        for name in ("level_bonus", "cahra_multiplier", "min_interval_days", "max_tiers"):
            if d[name] is not None:
                overrides[name] = str(d[name])
        if d["progressing"] is not None:
            overrides.setdefault("levels", {}).setdefault("2", {})["overall_min"] = str(d["progressing"])
        if d["progress_kinds"]:
            overrides.setdefault("assurance", {})["progress"] = [k for k in KINDS if k in d["progress_kinds"]]
        return {"version": d["version"], "base": d["base"], "title": d["title"], "overrides": overrides}


class AttachForm(forms.Form):
    round: forms.ModelChoiceField[Round] = forms.ModelChoiceField(Round.objects.all(), required=False,
                                                                  label=_("Consultation round"))
