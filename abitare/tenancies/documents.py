"""Documents of a tenancy: the contract (one template per contract type) and the statement,
rendered to PDF by WeasyPrint and to XLSX by openpyxl. Everything is embedded: no URL is fetched."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

from abitare.registry.models import HouseholdMember
from abitare.tenancies import accounting, contracts
from abitare.tenancies.models import Tenancy
from abitare.tenancies.selectors.ledger import movements_of


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    return pdf


def contract_context(tenancy: Tenancy) -> dict[str, Any]:
    members = HouseholdMember.objects.filter(household_id=tenancy.household_id).select_related("person").order_by("id")
    return {
        "tenancy": tenancy,
        "organisation": tenancy.organisation,
        "unit": tenancy.unit,
        "building": tenancy.unit.building,
        "members": [member.person for member in members],
        "rule": contracts.rule_for(tenancy.contract_type),
        "today": timezone.localdate(),
    }


def contract_pdf(tenancy: Tenancy) -> bytes:
    """The contract generated from the template of its type (``tenancy_contract_<type>.html``)."""
    return _pdf(f"tenancies/pdf/tenancy_contract_{tenancy.contract_type}.html", contract_context(tenancy))


def statement_of(
    tenancy: Tenancy, *, date_from: datetime.date | None, date_to: datetime.date | None
) -> accounting.Statement:
    return accounting.statement(movements_of(tenancy, until=date_to), date_from=date_from, date_to=date_to)


def statement_pdf(tenancy: Tenancy, *, date_from: datetime.date | None, date_to: datetime.date | None) -> bytes:
    today = timezone.localdate()
    context = {
        "tenancy": tenancy,
        "statement": statement_of(tenancy, date_from=date_from, date_to=date_to),
        "ageing": accounting.ageing(movements_of(tenancy), at=today),
        "today": today,
    }
    return _pdf("tenancies/pdf/tenancy_statement.html", context)


def statement_xlsx(tenancy: Tenancy, *, date_from: datetime.date | None, date_to: datetime.date | None) -> bytes:
    """The statement as a spreadsheet: one row per entry, amounts as numbers, running balance."""
    statement = statement_of(tenancy, date_from=date_from, date_to=date_to)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Statement")[:31]
    bold = Font(bold=True)
    sheet.append([_("Tenancy"), tenancy.reference])
    sheet.append([_("Household"), str(tenancy.household)])
    sheet.append([_("Unit"), str(tenancy.unit)])
    sheet.append([_("Opening balance"), statement.opening])
    sheet.append([])
    header = [_("Date"), _("Kind"), _("Description"), _("Reference"), _("Debit"), _("Credit"), _("Balance")]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    kinds = dict(Tenancy._meta.apps.get_model("tenancies", "LedgerEntry").Kind.choices)
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
            ]
        )
        for column in (5, 6, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = "#,##0.00"
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
    sheet.append([])
    sheet.append([_("Closing balance"), None, None, None, statement.debits, statement.credits, statement.closing])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (12, 22, 40, 24, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
