"""Who entered a ledger line, as the statement shows it: the person's name, or "Sistema" for the
lines the monthly task writes (never "None None")."""

from __future__ import annotations

import datetime

from django.utils import translation

from abitare.accounts.testing import acting
from abitare.tenancies.models import LedgerEntry
from abitare.tenancies.selectors.ledger import entry_authors
from abitare.tenancies.services import ledger, ledger_batch

JAN = datetime.date(2025, 1, 1)


def test_system_lines_are_signed_sistema_and_people_by_name(service_tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)
    payment = ledger.payment_record(actor=acting(operator), tenancy=service_tenancy, amount="100", value_date=JAN)
    charge = LedgerEntry.objects.get(tenancy=service_tenancy, kind=LedgerEntry.Kind.CHARGE)
    with translation.override("it"):
        authors = entry_authors(ids=[charge.pk, payment.pk])
        assert authors[charge.pk].name == "Sistema"
    expected = " ".join(part for part in (operator.first_name, operator.last_name) if part) or operator.username
    assert authors[payment.pk].name == expected
    assert "None" not in authors[payment.pk].name
