"""Forms at the edge of the assessment pages: they parse and check input; the services decide."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assay.accounts.roles import ASSESSORS_GROUP


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
