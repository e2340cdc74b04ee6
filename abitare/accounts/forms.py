from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.selectors import RolePolicyRow
from abitare.core import params


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=32,
        help_text=_("One of the codes you saved when you set up the second factor, e.g. abcd-efgh."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class MembershipSwitchForm(forms.Form):
    membership = params.IntegerFormField(min_value=1)
    next = forms.CharField(required=False)


class RolePolicyForm(forms.Form):
    """One box per role; roles the installation makes compulsory are ticked and cannot be changed."""

    def __init__(self, *args: Any, rows: list[RolePolicyRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.role] = forms.BooleanField(
                label=row.label,
                required=False,
                initial=row.required,
                disabled=row.by_installation,
                help_text=_("Compulsory in every organisation of this installation.") if row.by_installation else "",
            )
