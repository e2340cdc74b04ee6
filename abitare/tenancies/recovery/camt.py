"""ISO 20022 camt.053 (BankToCustomerStatement) reader: the credits of a bank statement.

Reads versions 001.02 to 001.13 (the element names this module uses are the same; 001.08 moved
the transaction amount to ``TxDtls/Amt``, the party name under ``Pty`` and the status under
``Sts/Cd``, and both shapes are understood). The XML is parsed with ``defusedxml`` (no DTD, no
entity expansion, no external resource) and checked against the parts of the schema an import
relies on; every problem is reported with its line and element, and then nothing is imported.

Only booked credits (``CdtDbtInd`` CRDT, ``Sts`` BOOK, not a reversal) become :class:`Credit`
lines; debits and pending entries are counted and left out. A batch entry (``Btch`` or several
``TxDtls``) gives one credit per transaction, and their amounts must add up to the entry's.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from abitare.core import uploads
from abitare.tenancies.recovery.statements import (
    Credit,
    ParsedStatement,
    Problem,
    StatementError,
    derived_reference,
    file_hash,
    iban_problem,
    normalise_iban,
)

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$")
SUPPORTED = range(2, 14)
CURRENCY = "EUR"


class _LineBuilder(TreeBuilder):
    """A tree builder that remembers the line where each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


class _Reader:
    def __init__(self, root: Element, lines: dict[int, int], namespace: str) -> None:
        self.lines = lines
        self.ns = "{" + namespace + "}"
        self.root = root
        self.problems: list[Problem] = []

    # navigation ---------------------------------------------------------------------------------

    def find(self, element: Element, path: str) -> Element | None:
        return element.find("/".join(self.ns + part for part in path.split("/")))

    def findall(self, element: Element, path: str) -> list[Element]:
        return element.findall("/".join(self.ns + part for part in path.split("/")))

    def text(self, element: Element, path: str) -> str:
        found = self.find(element, path)
        return (found.text or "").strip() if found is not None else ""

    def line(self, element: Element) -> int | None:
        return self.lines.get(id(element))

    def problem(self, element: Element, name: str, message: str) -> None:
        self.problems.append(Problem(self.line(element), name, message))

    def required(self, element: Element, path: str, where: str) -> Element | None:
        found = self.find(element, path)
        if found is None or (not (found.text or "").strip() and not len(found)):
            self.problem(element, f"{where}/{path}", _("This element is required and is missing or empty."))
            return None
        return found

    # values -------------------------------------------------------------------------------------

    def amount(self, element: Element, name: str) -> Decimal | None:
        raw = (element.text or "").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem(element, name, _("'%(value)s' is not an amount.") % {"value": raw})
            return None
        if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
            self.problem(element, name, _("An amount in euro has at most two decimals: '%(value)s'.") % {"value": raw})
            return None
        if value <= 0:
            self.problem(element, name, _("A payment must be more than zero: '%(value)s'.") % {"value": raw})
            return None
        currency = element.get("Ccy", "")
        if currency != CURRENCY:
            self.problem(
                element,
                name,
                _("Only amounts in euro can be imported (currency '%(currency)s').") % {"currency": currency},
            )
            return None
        return value.quantize(Decimal("0.01"))

    def date(self, element: Element, path: str, where: str) -> datetime.date | None:
        holder = self.find(element, path)
        if holder is None:
            return None
        day = self.find(holder, "Dt")
        moment = self.find(holder, "DtTm")
        node = day if day is not None else moment
        raw = (node.text or "").strip() if node is not None else ""
        with contextlib.suppress(ValueError):  # not a date: reported below
            if day is not None:
                return datetime.date.fromisoformat(raw)
            if moment is not None:
                return datetime.datetime.fromisoformat(raw).date()
        self.problem(
            node if node is not None else holder, f"{where}/{path}", _("'%(value)s' is not a date.") % {"value": raw}
        )
        return None


def parse_camt053(data: bytes) -> ParsedStatement:
    """Read one camt.053 message; raise :class:`StatementError` on any problem (nothing is taken)."""
    if len(data) > uploads.max_bytes():
        raise StatementError([Problem(None, "file", uploads.size_error(len(data)) or "")])
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as error:
        line, column = error.position
        message = _("The file is not well-formed XML (column %(column)s): %(error)s") % {
            "column": column,
            "error": str(error).split(":")[0],
        }
        raise StatementError([Problem(line, "XML", message)]) from error
    except DefusedXmlException as error:
        raise StatementError(
            [Problem(None, "XML", _("The file declares a DTD or entities, which bank statements never do."))]
        ) from error
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    version = NAMESPACE.match(namespace)
    if root.tag != "{" + namespace + "}Document" or version is None or int(version.group(1)) not in SUPPORTED:
        raise StatementError(
            [
                Problem(
                    builder.lines.get(id(root)),
                    root.tag.split("}")[-1],
                    _("This is not an ISO 20022 camt.053 bank statement (Document in a camt.053.001 namespace)."),
                )
            ]
        )
    reader = _Reader(root, builder.lines, namespace)
    statement = ParsedStatement(file_hash=file_hash(data), file_format=f"camt.053.001.{version.group(1)}")
    _read(reader, statement)
    if reader.problems:
        raise StatementError(reader.problems)
    return statement


def _read(reader: _Reader, statement: ParsedStatement) -> None:
    body = reader.find(reader.root, "BkToCstmrStmt")
    if body is None:
        reader.problem(reader.root, "Document/BkToCstmrStmt", _("This element is required and is missing or empty."))
        return
    header = reader.required(body, "GrpHdr/MsgId", "BkToCstmrStmt")
    statement.message_id = (header.text or "").strip() if header is not None else ""
    created = reader.text(body, "GrpHdr/CreDtTm")
    if created:
        try:
            statement.created_at = datetime.datetime.fromisoformat(created)
        except ValueError:
            reader.problem(body, "GrpHdr/CreDtTm", _("'%(value)s' is not a date and time.") % {"value": created})
    stmts = reader.findall(body, "Stmt")
    if not stmts:
        reader.problem(body, "BkToCstmrStmt/Stmt", _("This element is required and is missing or empty."))
    ids = []
    occurrences: dict[tuple[object, ...], int] = {}
    for stmt in stmts:
        found = reader.required(stmt, "Id", "Stmt")
        ids.append((found.text or "").strip() if found is not None else "")
        account = normalise_iban(reader.text(stmt, "Acct/Id/IBAN"))
        if account and iban_problem(account):
            reader.problem(stmt, "Stmt/Acct/Id/IBAN", iban_problem(account) or "")
        statement.account_iban = statement.account_iban or account
        for entry in reader.findall(stmt, "Ntry"):
            if len(statement.credits) >= uploads.max_rows():
                reader.problem(entry, "Ntry", uploads.rows_error())
                break
            _entry(reader, statement, entry, account, occurrences)
    statement.statement_id = " ".join(ids)


def _entry(
    reader: _Reader,
    statement: ParsedStatement,
    entry: Element,
    account: str,
    occurrences: dict[tuple[object, ...], int],
) -> None:
    amount_node = reader.required(entry, "Amt", "Ntry")
    indicator = reader.text(entry, "CdtDbtInd")
    if indicator not in {"CRDT", "DBIT"}:
        reader.problem(entry, "Ntry/CdtDbtInd", _("Write CRDT (credit) or DBIT (debit)."))
        return
    if indicator == "DBIT" or reader.text(entry, "RvslInd").lower() in {"true", "1"}:
        statement.ignored_debits += 1
        return
    status = reader.text(entry, "Sts/Cd") or reader.text(entry, "Sts")
    if not status:
        reader.problem(entry, "Ntry/Sts", _("This element is required and is missing or empty."))
    elif status != "BOOK":
        statement.ignored_not_booked += 1
        return
    if amount_node is None:
        return
    total = reader.amount(amount_node, "Ntry/Amt")
    booking = reader.date(entry, "BookgDt", "Ntry")
    value_date = reader.date(entry, "ValDt", "Ntry") or booking
    if value_date is None:
        reader.problem(entry, "Ntry/ValDt", _("The entry has neither a value date nor a booking date."))
    elif total is not None:
        _entry_credits(reader, statement, entry, total, (value_date, booking), account, occurrences)


def _entry_credits(
    reader: _Reader,
    statement: ParsedStatement,
    entry: Element,
    total: Decimal,
    dates: tuple[datetime.date, datetime.date | None],
    account: str,
    occurrences: dict[tuple[object, ...], int],
) -> None:
    """One credit per transaction of a booked credit entry (one for the entry without details)."""
    value_date, booking = dates
    details = [tx for block in reader.findall(entry, "NtryDtls") for tx in reader.findall(block, "TxDtls")]
    entry_ref = reader.text(entry, "AcctSvcrRef")
    if not details:
        statement.credits.append(
            _credit(reader, None, entry, total, value_date, booking, entry_ref, account, occurrences)
        )
        return
    batch = len(details) > 1
    announced = reader.text(entry, "NtryDtls/Btch/NbOfTxs")
    if announced and announced.isdigit() and int(announced) != len(details):
        reader.problem(
            entry,
            "Ntry/NtryDtls/Btch/NbOfTxs",
            _("The batch announces %(announced)s transactions but lists %(listed)s.")
            % {"announced": announced, "listed": len(details)},
        )
    credits = []
    for position, tx in enumerate(details, start=1):
        node = reader.find(tx, "AmtDtls/TxAmt/Amt")
        if node is None:
            node = reader.find(tx, "Amt")
        if node is None and batch:
            reader.problem(tx, "TxDtls/Amt", _("Each transaction of a batch needs its own amount."))
            continue
        amount = reader.amount(node, "TxDtls/Amt") if node is not None else total
        if amount is None:
            continue
        reference = f"{entry_ref}/{position}" if entry_ref and batch else entry_ref
        credits.append(_credit(reader, tx, entry, amount, value_date, booking, reference, account, occurrences))
    if len(credits) == len(details) and sum(credit.amount for credit in credits) != total:
        reader.problem(
            entry,
            "Ntry/Amt",
            _("The transactions of the batch add up to %(sum)s, not to the entry amount %(total)s.")
            % {"sum": sum(credit.amount for credit in credits), "total": total},
        )
    statement.credits.extend(credits)


def _credit(
    reader: _Reader,
    tx: Element | None,
    entry: Element,
    amount: Decimal,
    value_date: datetime.date,
    booking: datetime.date | None,
    entry_reference: str,
    account: str,
    occurrences: dict[tuple[object, ...], int],
) -> Credit:
    source = tx if tx is not None else entry
    remittance = " ".join(
        (node.text or "").strip()
        for node in reader.findall(source, "RmtInf/Ustrd") + reader.findall(source, "RmtInf/Strd/CdtrRefInf/Ref")
        if (node.text or "").strip()
    )
    if not remittance:
        remittance = reader.text(source, "AddtlTxInf") or reader.text(entry, "AddtlNtryInf")
    end_to_end = reader.text(source, "Refs/EndToEndId")
    if end_to_end.upper() == "NOTPROVIDED":
        end_to_end = ""
    payer_iban = normalise_iban(reader.text(source, "RltdPties/DbtrAcct/Id/IBAN"))
    payer_name = reader.text(source, "RltdPties/Dbtr/Nm") or reader.text(source, "RltdPties/Dbtr/Pty/Nm")
    bank_reference = reader.text(source, "Refs/AcctSvcrRef") if tx is not None else ""
    if not bank_reference:
        bank_reference = entry_reference
    if not bank_reference:
        key: tuple[object, ...] = (
            account,
            booking,
            value_date,
            amount,
            end_to_end,
            reader.text(source, "Refs/TxId"),
            remittance,
            payer_iban,
        )
        occurrences[key] = occurrences.get(key, 0) + 1
        bank_reference = derived_reference(*key, occurrences[key])
    return Credit(
        bank_reference=bank_reference[:140],
        amount=amount,
        value_date=value_date,
        booking_date=booking,
        remittance=remittance[:500],
        end_to_end_id=end_to_end[:35],
        payer_iban=payer_iban,
        payer_name=payer_name[:140],
        line=reader.line(source),
    )
