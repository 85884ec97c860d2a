"""Forms at the edge of the award pages: they read what the secretariat, a juror, the chair and a candidate's admin
post; the services decide."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import PostedInt, PostedText


def languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class AwardForm(forms.Form):
    """A new award: the shortlist and version (ids), its category and group, organisations one a line, and its
    name, prize and description in each language of the settings (`name_en`, `name_fr`, …)."""

    shortlist = PostedInt(label=_("Shortlist"))
    version = PostedInt(label=_("Standard version"))
    category = PostedText(label=_("Category"))
    group = PostedText(label=_("Country or mineral"))
    organisations = PostedText(label=_("Awarding organisations, one a line"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _name in languages():
            for field, label in (("name", _("Name")), ("prize", _("Prize")), ("description", _("Public description"))):
                self.fields[f"{field}_{code}"] = PostedText(label=label)

    def texts(self, field: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{field}_{code}", "") for code, _name in languages()}

    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["organisations"].splitlines() if line.strip()]


class JurorForm(forms.Form):
    username = PostedText(label=_("User name"))
    organisation = PostedText(label=_("Organisation"))
    chair = forms.BooleanField(label=_("Chair of the jury"), required=False)


class ScoreForm(forms.Form):
    value = PostedInt(label=_("Score (0–10)"), missing=-1)
    comment = PostedText(label=_("Comment"))


class NoteForm(forms.Form):
    note = PostedText(label=_("Nature of the conflict"))


class DecisionForm(forms.Form):
    winner = PostedInt(label=_("Winner"))
    rationale = PostedText(label=_("Rationale"))
