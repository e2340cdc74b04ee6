"""What a bank statement says, whatever its format, and how a credit finds its tenancy.

The camt.053 and CSV readers both produce a :class:`ParsedStatement` or raise
:class:`StatementError` listing every problem with its line and element: a statement is taken
whole or not at all. Matching is a pure function over the references and IBANs the service loads.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError as NumberError

from abitare.core import uploads


@dataclass(frozen=True)
class Problem:
    """One reason a statement file is refused: where (line, element or column) and why."""

    line: int | None
    element: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return _("%(element)s: %(message)s") % {"element": self.element, "message": self.message}
        return _("line %(line)s, %(element)s: %(message)s") % {
            "line": self.line,
            "element": self.element,
            "message": self.message,
        }


class StatementError(ValueError):
    """The file cannot be imported; ``problems`` says every place and reason (nothing is imported)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(uploads.capped([str(problem) for problem in self.problems]))


@dataclass(frozen=True)
class Credit:
    """One incoming transfer (a batch entry gives one per transaction)."""

    bank_reference: str
    amount: Decimal
    value_date: datetime.date
    booking_date: datetime.date | None = None
    remittance: str = ""
    end_to_end_id: str = ""
    payer_iban: str = ""
    payer_name: str = ""
    line: int | None = None


@dataclass
class ParsedStatement:
    file_hash: str
    file_format: str  # "camt.053.001.02", "camt.053.001.08", "csv"
    message_id: str = ""
    statement_id: str = ""
    account_iban: str = ""
    created_at: datetime.datetime | None = None
    credits: list[Credit] = field(default_factory=list)
    ignored_debits: int = 0
    ignored_not_booked: int = 0

    @property
    def total(self) -> Decimal:
        return sum((credit.amount for credit in self.credits), Decimal("0.00"))


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def derived_reference(*parts: object) -> str:
    """A stable bank reference for a line the bank gave none: a digest of what identifies it."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"h:{digest[:40]}"


def normalise_iban(value: str) -> str:
    return iban_number.compact(value or "")


def iban_problem(value: str) -> str | None:
    """Why ``value`` is not a valid IBAN (check digits, country format, length), or None."""
    try:
        iban_number.validate(value)
    except NumberError as error:
        return _("Not a valid IBAN (%(reason)s).") % {"reason": str(error)}
    return None


# --- matching -----------------------------------------------------------------------------------


class MatchBy:
    REFERENCE = "reference"
    IBAN = "iban"


class Unmatched:
    NO_CLUE = "no_clue"
    AMBIGUOUS_REFERENCE = "ambiguous_reference"
    AMBIGUOUS_IBAN = "ambiguous_iban"
    INVALID_IBAN = "invalid_iban"


@dataclass(frozen=True)
class Match:
    tenancy_id: int | None
    by: str = ""
    reason: str = ""  # why it is unmatched, one of Unmatched

    @property
    def matched(self) -> bool:
        return self.tenancy_id is not None


_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9/_.\-]*[A-Z0-9]|[A-Z0-9]")


def reference_tokens(*texts: str) -> set[str]:
    """Upper-case words of the remittance and end-to-end id that could be a tenancy reference."""
    tokens: set[str] = set()
    for text in texts:
        upper = (text or "").upper()
        tokens.update(_TOKEN.findall(upper))
        # "LOC 2024 0012" typed with spaces: also try the text without them.
        tokens.add(re.sub(r"\s+", "", upper))
    tokens.discard("")
    return tokens


def match_credit(
    credit: Credit,
    *,
    references: Mapping[str, int],
    ibans: Mapping[str, frozenset[int]],
) -> Match:
    """Which tenancy a credit pays: its reference code first, then the payer's known IBAN.

    ``references`` maps each upper-case tenancy reference to its tenancy id; ``ibans`` maps a
    compact IBAN to the tenancies it is known to pay for. Two different references in one
    transfer, or an IBAN paying for several tenancies, leave it to an operator.
    """
    found = {
        references[token] for token in reference_tokens(credit.remittance, credit.end_to_end_id) if token in references
    }
    if len(found) == 1:
        return Match(found.pop(), MatchBy.REFERENCE)
    if len(found) > 1:
        return Match(None, reason=Unmatched.AMBIGUOUS_REFERENCE)
    return _match_iban(credit.payer_iban, ibans)


def _match_iban(payer_iban: str, ibans: Mapping[str, frozenset[int]]) -> Match:
    if not payer_iban:
        return Match(None, reason=Unmatched.NO_CLUE)
    if iban_problem(payer_iban) is not None:
        return Match(None, reason=Unmatched.INVALID_IBAN)
    tenancies = ibans.get(normalise_iban(payer_iban), frozenset())
    if len(tenancies) == 1:
        return Match(next(iter(tenancies)), MatchBy.IBAN)
    return Match(None, reason=Unmatched.AMBIGUOUS_IBAN if tenancies else Unmatched.NO_CLUE)


_PLAIN = re.compile(r"(?P<whole>\d+)(?:[.,](?P<cents>\d{1,2}))?")
_GROUPED_DOT = re.compile(r"(?P<whole>[1-9]\d{0,2}(?:\.\d{3})+)(?:,(?P<cents>\d{1,2}))?")
_GROUPED_COMMA = re.compile(r"(?P<whole>[1-9]\d{0,2}(?:,\d{3})+)(?:\.(?P<cents>\d{1,2}))?")


def parse_amount(text: str) -> Decimal | None:
    """A euro amount as banks and Italian spreadsheets write it: 450.00, 450,00, 1.234,56, 1,234.56.

    One separator followed by three digits ("1.234") is a thousands separator: amounts have at
    most two decimals. Returns None for anything else.
    """
    value = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u20ac", "")
    sign = ""
    if value[:1] in {"+", "-"}:
        sign, value = value[0].replace("+", ""), value[1:]
    for pattern in (_GROUPED_DOT, _GROUPED_COMMA, _PLAIN):
        found = pattern.fullmatch(value)
        if found:
            whole = found["whole"].replace(".", "").replace(",", "")
            return Decimal(f"{sign}{whole}.{found['cents'] or '0'}").quantize(Decimal("0.01"))
    return None
