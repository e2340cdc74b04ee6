from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Role


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MembershipSwitchForm(forms.Form):
    membership = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False)


class RolePolicyForm(forms.Form):
    def __init__(self, *args: Any, initial_roles: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Role.choices:
            self.fields[value] = forms.BooleanField(label=label, required=False, initial=value in initial_roles)
