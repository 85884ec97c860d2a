"""The secretariat's form to record a meeting with one minutes item, one action item and one decision."""

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from assay.consultation.models import Disposition, Round
from assay.standards.models import StandardVersion

from .models import ActionStatus, Body, OutcomeKind


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    call_link = forms.CharField(label=_("Call link"), required=False, max_length=200)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attendees = forms.ModelMultipleChoiceField(label=_("Attended"), required=False, queryset=User.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    item_title = forms.CharField(label=_("Minutes item"), required=False, max_length=200)
    item_notes = forms.CharField(label=_("Notes of the item"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    item_public = forms.BooleanField(label=_("Publish this item"), required=False)
    action_title = forms.CharField(label=_("Action item"), required=False, max_length=300)
    action_owner = forms.ModelChoiceField(label=_("Owner of the action item"), required=False,
                                          queryset=User.objects.none())
    action_due = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action_round: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Concerns the round"), required=False,
                                                                  queryset=Round.objects.all())
    action_version: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Concerns the version"), required=False,
                                            queryset=StandardVersion.objects.all())
    decision_title = forms.CharField(label=_("Decision"), required=False, max_length=300)
    decision_options = forms.CharField(label=_("Options considered"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    decision_rationale = forms.CharField(label=_("Rationale"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    decision_outcome = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices,
                                         initial=OutcomeKind.CONSENSUS)
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    decision_disposition = forms.ModelChoiceField(
        label=_("Takes the disposition of a comment"), required=False,
        queryset=Disposition.objects.select_related("comment__criterion", "comment__response__round"))

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(governance_seats__body=body).distinct().order_by("last_name", "username")
        # A non-member among the attendees is the service's to refuse (with its reason), not the form's to drop.
        attendees = cast(forms.ModelMultipleChoiceField, self.fields["attendees"])
        attendees.queryset = User.objects.filter(is_active=True).order_by("last_name", "username")
        self.fields["attendees"].widget.choices = [(u.pk, u.get_full_name() or u.get_username()) for u in people]
        cast(forms.ModelChoiceField, self.fields["action_owner"]).queryset = User.objects.filter(is_active=True)
        self.fields["action_owner"].widget.choices = [("", "–")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in people]
        self.fields["decision_disposition"].label_from_instance = _disposition_label  # type: ignore[attr-defined]


def _disposition_label(d: Disposition) -> str:
    clause = d.comment.criterion.code if d.comment.criterion else "–"
    return f"{d.comment.response.round} · {clause} · #{d.comment_id} · {d.get_decision_display()}"


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ReverseForm(forms.Form):
    """A new decision that reverses a recorded one: the same fields as a decision of the meeting form."""

    title = forms.CharField(label=_("Decision"), max_length=300)
    options = forms.CharField(label=_("Options considered"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices, initial=OutcomeKind.CONSENSUS)
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
