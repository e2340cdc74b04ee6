"""The recovery demo: arrears cases, one repayment plan, community-work hours, a credit in the
queue; loading the demo again adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from abitare.tenancies.models import (
    ArrearsCase,
    BankCredit,
    CommunityWorkSession,
    LedgerEntry,
    RepaymentPlan,
)

# Loads the demo territory: run by make test and CI, skipped by make test-quick.
pytestmark = pytest.mark.slow


def _counts():
    return (
        ArrearsCase.objects.count(),
        RepaymentPlan.objects.count(),
        CommunityWorkSession.objects.count(),
        BankCredit.objects.count(),
        LedgerEntry.objects.count(),
    )


def test_recovery_demo(db):
    call_command("demo", stdout=StringIO())

    assert ArrearsCase.objects.filter(status="open").exists()
    plan = RepaymentPlan.objects.get(organisation__name="Agenzia per l'Abitare di Lucca (demo)")
    assert sum(plan.instalments.values_list("amount", flat=True)) == plan.debt
    assert CommunityWorkSession.objects.filter(status="confirmed").count() >= 1
    assert CommunityWorkSession.objects.filter(status="recorded").exists()
    assert BankCredit.objects.filter(status="unmatched").exists()
    assert LedgerEntry.objects.filter(kind="community_work").exists()
    first = _counts()

    call_command("demo", stdout=StringIO())

    assert _counts() == first
