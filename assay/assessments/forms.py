"""Forms at the edge of the assessment pages: they parse and check input; the services decide."""

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assay.accounts.roles import ASSESSORS_GROUP
from assay.lib.forms import ISODateField, PickedFrom, PostedFile, PostedText, add_service_error
from assay.registry.models import Actor, Mineral, Site
from assay.standards.models import Criterion, StandardVersion

from .services import AnswerInput, CommitmentInput


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Why this assessor"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (get_user_model().objects.filter(groups__name=ASSESSORS_GROUP,
                                                                            is_active=True).order_by("username"))


class WithdrawForm(forms.Form):
    prefix = "withdraw"  # shown beside the assignment form: its field ids must differ
    reason = forms.CharField(label=_("Why the assignment is withdrawn"), max_length=500)


class PostedChoices(forms.MultipleChoiceField):
    """Several values as posted: which of them are acceptable is the service's to say, in its own words."""

    def valid_value(self, value: str) -> bool:
        return True


class StartForm(forms.Form):
    """Start an assessment of `actor`: a published version, the kind, the date, and the optional site and buyer.

    The kind goes to the service as posted, which names a wrong one; a site or a buyer that is not among the
    actor's own is no site or buyer."""

    version = forms.ModelChoiceField(label=_("Version of the standard (published)"),
                                     queryset=StandardVersion.objects.none())
    kind = PostedText(label=_("Kind"))
    assessing_actor = PickedFrom(label=_("Assessing buyer (second-party only)"), queryset=Actor.objects.none())
    site = PickedFrom(label=_("Site"), queryset=Site.objects.none())
    date = ISODateField(label=_("Assessment date"))
    # as posted: the service says which are not the actor's; none ticked means all of them
    minerals = PostedChoices(label=_("Minerals in scope (none ticked: all of the actor's)"), required=False)

    def __init__(self, *args: Any, actor: Actor, versions: QuerySet[StandardVersion], buyers: QuerySet[Actor],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["assessing_actor"].queryset = buyers
        self.fields["site"].queryset = actor.sites.all()
        names = dict(Mineral.choices)
        minerals = self.fields["minerals"]
        assert isinstance(minerals, PostedChoices)
        minerals.choices = [(m, names.get(m, m)) for m in actor.minerals or []]


class ReviewForm(forms.Form):
    """A reviewer's decision: verify, or return with the comment (the service asks for one)."""

    decision = PostedText()
    comment = PostedText(label=_("Comments (required to return)"))

    @property
    def verifies(self) -> bool:
        return self.cleaned_data["decision"] == "verify"


class CommitmentDoneForm(forms.Form):
    """The producer's word that a commitment is done, with the file that shows it (the service asks for both)."""

    note = PostedText(label=_("What was done"))
    upload = PostedFile(label=_("A file that shows it (PDF, image or office document, up to 10 MB)"))


class CommitmentVerifyForm(forms.Form):
    """An assessor's decision on a done commitment: confirm it, or reopen it saying why."""

    decision = PostedText()
    comment = PostedText(label=_("Comment (required to reopen)"))

    @property
    def confirms(self) -> bool:
        return self.cleaned_data["decision"] == "confirm"


class FindingForm(forms.Form):
    """The verifier's change of one finding: which criterion (`criterion`, an id), the verified value (as in the
    module form: clear, 2, na, 42.5), why, and an optional word to the producer."""

    value = PostedText(label=_("Verified finding"))
    reason = PostedText(label=_("Why it is changed"))
    comment = PostedText(label=_("Comment to the producer (optional)"))

    def __init__(self, *args: Any, criteria: QuerySet[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"] = PickedFrom(criteria, label=_("Criterion"))


class ModuleForm(forms.Form):
    """One module's answers: for each criterion a value (`v-<id>`), notes (`n-<id>`), an evidence file (`e-<id>`)
    and an optional commitment (action `ca-`, owner `co-`, due date `cd-`). Values are the service's to judge;
    the form only reads the due date of a commitment that has an action.

    Problems are shown by criterion: `problems()` keys them by criterion code, as the service does."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.due: dict[int, date] = {}  # by criterion id, for each commitment with an action
        for c in criteria:
            self.fields[f"v-{c.pk}"] = PostedText()
            self.fields[f"n-{c.pk}"] = PostedText(label=_("Notes"))
            self.fields[f"e-{c.pk}"] = PostedFile(label=_("Evidence file (PDF, image or office document, up to "
                                                          "10 MB)"))
            self.fields[f"ca-{c.pk}"] = PostedText(label=_("Action"))
            self.fields[f"co-{c.pk}"] = PostedText(label=_("Owner"))
            self.fields[f"cd-{c.pk}"] = PostedText(label=_("Due date"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for c in self.criteria:
            if data.get(f"ca-{c.pk}", "").strip():
                try:
                    self.due[c.pk] = date.fromisoformat(data[f"cd-{c.pk}"])
                except ValueError:
                    self.add_error(f"cd-{c.pk}", _("Enter the due date as YYYY-MM-DD."))
        return data

    def answers(self) -> dict[int, AnswerInput]:
        return {c.pk: AnswerInput(self.cleaned_data[f"v-{c.pk}"], self.cleaned_data[f"n-{c.pk}"])
                for c in self.criteria}

    def uploads(self) -> dict[int, UploadedFile]:
        return {c.pk: self.cleaned_data[f"e-{c.pk}"] for c in self.criteria
                if self.cleaned_data.get(f"e-{c.pk}") is not None}

    def commitments(self) -> list[CommitmentInput]:
        return [CommitmentInput(c, self.cleaned_data[f"ca-{c.pk}"].strip(), self.cleaned_data[f"co-{c.pk}"],
                                self.due[c.pk]) for c in self.criteria if c.pk in self.due]

    def add_service_error(self, exc: ValidationError) -> None:
        """The service keys its problems by criterion code: each goes on that criterion's value."""
        fields = {c.code: f"v-{c.pk}" for c in self.criteria}
        add_service_error(self, exc, fields.get)

    def problems(self) -> dict[str, list[str]]:
        """Every problem by criterion code (`__all__` for the module as a whole)."""
        codes = {f"{part}-{c.pk}": c.code for c in self.criteria for part in ("v", "n", "e", "ca", "co", "cd")}
        out: dict[str, list[str]] = {}
        for field, problems in self.errors.items():
            out.setdefault(codes.get(field, field), []).extend(problems)
        return out


class RequestForm(forms.Form):
    """A buyer's request to a supplier: the supplier is one it sources from (a pick among them: another is no
    pick, and the service says a supplier is needed), the kind and due date as posted, for the service to judge."""

    supplier = PickedFrom(label=_("Supplier"), queryset=Actor.objects.none())
    kind = PostedText(label=_("Assessment asked for"), widget=forms.RadioSelect(choices=[
        ("self", _("a self-assessment by the supplier")),
        ("second_party", _("a second-party assessment by your organisation"))]), missing="self")
    due = ISODateField(label=_("Due by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    message = PostedText(label=_("Message to the supplier (optional)"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, suppliers: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        assert isinstance(field, PickedFrom)
        field.queryset = suppliers


class RequestAnswerForm(forms.Form):
    """The supplier's answer (accept or decline, with a note) or the buyer's (start, withdraw with a reason)."""

    decision = PostedText()
    version = PickedFrom(label=_("Version of the standard (published)"), queryset=StandardVersion.objects.none())
    note = PostedText(label=_("Note (needed to decline or withdraw)"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, versions: QuerySet[StandardVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, PickedFrom)
        field.queryset = versions


class DeclareForm(forms.Form):
    """The assessor's declaration of interests: none (the standard statement, with an optional note) or a conflict."""

    conflict = PostedText(label=_("Your declaration"), widget=forms.RadioSelect(choices=[
        ("no", _("I have no conflict of interest")), ("yes", _("I have a conflict of interest"))]), missing="")
    statement = PostedText(label=_("What you declare (needed for a conflict; optional otherwise)"),
                           widget=forms.Textarea(attrs={"rows": 3}))
