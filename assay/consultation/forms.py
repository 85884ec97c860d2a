"""Forms at the edge of the consultation pages: they read what a respondent or a facilitator posts; the services
check it, in the same words as for the API."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assay.lib.forms import ISODateField, PostedFile, PostedInt, PostedList, PostedText
from assay.standards.models import Criterion

from .models import AnswerType, Gender, Invitation, Question, Sector
from .services import Respondent, ResponseAnswer


def _respondent(data: dict[str, Any]) -> Respondent:
    return Respondent(name=data["name"], email=data["email"], organisation=data["organisation"],
                      sector=data["sector"], country=data["country"], language=data["language"],
                      consent=data["consent"])


class RespondentForm(forms.Form):
    """Who takes part in a round, before the questions. An invited reviewer's name and e-mail address are the
    invitation's, whatever is posted."""

    name = PostedText(label=_("Name"))
    email = PostedText(label=_("E-mail (never published)"))
    organisation = PostedText(label=_("Organisation"))
    sector = PostedText(label=_("Sector"))
    country = PostedText(label=_("Country"))
    language = PostedText(label=_("Language"), missing="en")
    consent = PostedText(label=_("May we publish your comments?"))
    clause = PostedText()  # the clause the respondent came to comment on: their form opens at it

    def __init__(self, *args: Any, invitation: Invitation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invitation is not None:
            for name in ("name", "email"):
                self.fields[name].disabled = True
                self.initial[name] = getattr(invitation, name)

    def respondent(self) -> Respondent:
        """The respondent's details, as `response_start` takes them."""
        return _respondent(self.cleaned_data)


class AnswersForm(forms.Form):
    """Answers to a round's questions: `q<id>` (every box ticked, for a multiple choice) and a comment `t<id>`."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = PostedList() if q.answer_type == AnswerType.MULTIPLE else PostedText()
            self.fields[f"t{q.pk}"] = PostedText(label=_("Comment"))

    def answers(self) -> dict[int, ResponseAnswer]:
        out = {}
        for q in self.questions:
            value = self.cleaned_data[f"q{q.pk}"]
            out[q.pk] = ResponseAnswer("\n".join(value) if isinstance(value, list) else value,
                                    self.cleaned_data[f"t{q.pk}"])
        return out


class ResponseForm(AnswersForm):
    """A respondent's comments: the answers, a comment on any clause (`c<id>`), a general comment, and whether
    to save the draft or submit it. The service keys its problems by these same names."""

    general = PostedText(label=_("General comment"))
    client_key = PostedText()
    action = PostedText()
    add_clause = PostedText()  # the clause picker: the code of a clause to comment on next

    def __init__(self, *args: Any, clauses: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clauses = clauses
        for c in clauses:
            self.fields[f"c{c.pk}"] = PostedText()
            self.fields[f"w{c.pk}"] = PostedText()  # new wording proposed for the clause

    def clause_texts(self) -> dict[int, str]:
        """The clauses commented on, by id (a clause left empty says nothing)."""
        return {c.pk: text for c in self.clauses if (text := self.cleaned_data[f"c{c.pk}"])}

    def clause_wordings(self) -> dict[int, str]:
        """The wording proposed for clauses, by id."""
        return {c.pk: text for c in self.clauses if (text := self.cleaned_data[f"w{c.pk}"])}

    @property
    def submits(self) -> bool:
        return self.cleaned_data["action"] == "submit"


class AnswerSheetForm(AnswersForm):
    """A paper answer sheet of a pilot-site event, typed in by a facilitator."""

    name = PostedText(label=_("Name"))
    organisation = PostedText(label=_("Organisation"))
    email = PostedText(label=_("E-mail (if any)"))
    sector = PostedText(label=_("Sector"))
    country = PostedText(label=_("Country"))
    language = PostedText(label=_("Language"))
    consent = PostedText(label=_("Publication"))
    general = PostedText(label=_("General comment"))
    client_key = PostedText()

    def respondent(self) -> Respondent:
        return _respondent(self.cleaned_data)


class EventForm(forms.Form):
    """A pilot-site event: where, when, who facilitated, and how many took part by sector and gender (`n_<sector>_
    <gender>`, whole numbers, empty for none)."""

    place = PostedText(label=_("Place"))
    held_on = ISODateField(label=_("held on"))
    facilitator = PostedText(label=_("facilitating organisation"))
    language = PostedText(label=_("The language the meeting was held in."))
    notes = PostedText(label=_("notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for s in Sector.values:
            for g in Gender.values:
                self.fields[f"n_{s}_{g}"] = PostedInt()

    def attendance(self) -> dict[tuple[str, str], int]:
        return {(s, g): self.cleaned_data[f"n_{s}_{g}"] for s in Sector.values for g in Gender.values}


class ImportForm(forms.Form):
    """The submissions file of a pilot-site event, as exported from KoboToolbox or ODK Central."""

    file = PostedFile(label=_("Submissions file (XLSX or CSV exported from KoboToolbox or ODK Central)"),
                      required=True, error_messages={"required": _("Choose the submissions file to import.")})


class RedactForm(forms.Form):
    """A passage of a comment to withhold from publication (the exact words, or a range of characters), and why."""

    passage = PostedText(label=_("Passage to redact (exactly as in the comment; every occurrence)"))
    start = forms.IntegerField(label=_("or from character"), required=False, min_value=0)
    end = forms.IntegerField(label=_("to character"), required=False, min_value=0)
    reason = PostedText(label=_("reason"))
