"""Reads of imported bank statements and their credits (the unmatched queue), scoped."""

from __future__ import annotations

from django.db.models import QuerySet

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.tenancies.models import BankCredit, BankStatement


def statement_list(*, actor: Membership | None) -> QuerySet[BankStatement]:
    return scope(BankStatement.objects.all(), actor).select_related("imported_by")


def statement_get(*, actor: Membership | None, pk: int) -> BankStatement | None:
    return statement_list(actor=actor).filter(pk=pk).first()


def credit_list(*, actor: Membership | None, status: str = "", statement_id: int | None = None) -> QuerySet[BankCredit]:
    credits = scope(BankCredit.objects.all(), actor).select_related("tenancy", "statement", "decided_by")
    if status in BankCredit.Status.values:
        credits = credits.filter(status=status)
    if statement_id is not None:
        credits = credits.filter(statement_id=statement_id)
    return credits


def credit_get(*, actor: Membership | None, pk: int) -> BankCredit | None:
    return credit_list(actor=actor).filter(pk=pk).first()


def unmatched_queue(*, actor: Membership | None) -> QuerySet[BankCredit]:
    return credit_list(actor=actor, status=BankCredit.Status.UNMATCHED).order_by("value_date", "id")
