"""Documents of a tenancy: the contract (one template per contract type) and the statement,
rendered to PDF by WeasyPrint and to XLSX by the project's spreadsheet writer (``core.spreadsheets``).
Everything is embedded: no URL is fetched."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.core import pdf, spreadsheets
from abitare.registry.models import HouseholdMember
from abitare.registry.permissions import address_view
from abitare.tenancies import accounting, contracts
from abitare.tenancies.models import Tenancy
from abitare.tenancies.selectors.ledger import movements_of

AMOUNT_FORMAT = "#,##0.00"


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    return pdf.render_template_pdf(template, context)


def contract_context(tenancy: Tenancy, *, actor: Membership) -> dict[str, Any]:
    """What the contract shows; the unit and its address as ``actor`` may see them (a confidential
    address is printed as such for staff without the sensitive-data permission)."""
    members = HouseholdMember.objects.filter(household_id=tenancy.household_id).select_related("person").order_by("id")
    return {
        "tenancy": tenancy,
        "organisation": tenancy.organisation,
        "unit": tenancy.unit,
        "unit_label": f"{tenancy.unit.code}, {tenancy.unit.building.name}",
        "building": tenancy.unit.building,
        "address_view": address_view(actor),
        "members": [member.person for member in members],
        "rule": contracts.rule_for(tenancy.contract_type),
        "today": timezone.localdate(),
    }


def contract_pdf(tenancy: Tenancy, *, actor: Membership) -> bytes:
    """The contract generated from the template of its type (``tenancy_contract_<type>.html``)."""
    return _pdf(f"tenancies/pdf/tenancy_contract_{tenancy.contract_type}.html", contract_context(tenancy, actor=actor))


def statement_of(
    tenancy: Tenancy, *, date_from: datetime.date | None, date_to: datetime.date | None
) -> accounting.Statement:
    return accounting.statement(movements_of(tenancy, until=date_to), date_from=date_from, date_to=date_to)


def statement_pdf(
    tenancy: Tenancy, *, actor: Membership, date_from: datetime.date | None, date_to: datetime.date | None
) -> bytes:
    today = timezone.localdate()
    context = {
        "tenancy": tenancy,
        "address_view": address_view(actor),
        "statement": statement_of(tenancy, date_from=date_from, date_to=date_to),
        "ageing": accounting.ageing(movements_of(tenancy), at=today),
        "today": today,
    }
    return _pdf("tenancies/pdf/tenancy_statement.html", context)


def statement_xlsx(
    tenancy: Tenancy, *, actor: Membership, date_from: datetime.date | None, date_to: datetime.date | None
) -> bytes:
    """The statement as a spreadsheet: one row per entry, amounts as numbers, running balance.
    Every cell goes through the project's spreadsheet writer (no text becomes a formula)."""
    statement = statement_of(tenancy, date_from=date_from, date_to=date_to)
    book = spreadsheets.Spreadsheet()
    sheet = book.sheet(_("Statement"))
    sheet.append([_("Tenancy"), tenancy.reference])
    sheet.append([_("Household"), str(tenancy.household)])
    sheet.append([_("Unit"), address_view(actor).place(tenancy.household_id, tenancy.unit)])
    sheet.append([_("Opening balance"), statement.opening])
    sheet.append([])
    header = [_("Date"), _("Kind"), _("Description"), _("Reference"), _("Debit"), _("Credit"), _("Balance")]
    sheet.append(header, bold=True)
    kinds = dict(Tenancy._meta.apps.get_model("tenancies", "LedgerEntry").Kind.choices)
    formats = {0: "DD/MM/YYYY", 4: AMOUNT_FORMAT, 5: AMOUNT_FORMAT, 6: AMOUNT_FORMAT}
    for line in statement.lines:
        sheet.append(
            [
                line.movement.value_date,
                str(kinds.get(line.movement.kind, line.movement.kind)),
                line.movement.description,
                line.movement.reference,
                line.debit,
                line.credit,
                line.balance,
            ],
            number_formats=formats,
        )
    sheet.append([])
    sheet.append(
        [_("Closing balance"), None, None, None, statement.debits, statement.credits, statement.closing], bold=True
    )
    sheet.widths(12, 22, 40, 24, 12, 12, 12)
    return book.to_bytes()
