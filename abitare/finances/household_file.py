"""The household finances' part of the file: the latest budgets and open debts, with the link to
the household's finances page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import FileAction, FileEvent, FileSection
from abitare.core.money import money
from abitare.finances import selectors

SHOWN = 3


def household_section(request: Any, household: Any) -> FileSection:
    actor = actor_of(request)
    budgets = list(selectors.budget_list(actor=actor, household=household).order_by("-month")[:SHOWN])
    debts = [debt for debt in selectors.debt_list(actor=actor, household=household) if debt.closed_on is None]
    page = reverse("finances:household", args=[household.pk])
    rows = [
        (
            _("Budget of %(month)s") % {"month": date_format(budget.month, "YEAR_MONTH_FORMAT")},
            "",
            reverse("finances:budget-detail", args=[budget.pk]),
        )
        for budget in budgets
    ]
    summary = ""
    if debts:
        summary = _("%(count)s open debts, %(total)s outstanding") % {
            "count": len(debts),
            "total": money(sum((debt.outstanding for debt in debts), start=0)),
        }
    return FileSection(
        key="finances",
        title=_("Family budget"),
        order=60,
        summary=summary,
        rows=tuple(rows),
        empty=_("No budget yet."),
        actions=(FileAction(_("Budgets and debts"), page),),
        events=tuple(
            FileEvent(
                budget.month, _("Family budget of the month"), reverse("finances:budget-detail", args=[budget.pk])
            )
            for budget in budgets
        ),
        records=(*budgets, *debts),
    )
