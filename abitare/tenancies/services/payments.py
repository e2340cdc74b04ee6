"""Payments from bank statements: import (camt.053 or CSV), the queue of unmatched credits.

An import is all-or-nothing: the file is read and checked whole (every problem with its line),
then the statement, its credits and the payments of the matched ones are written in one
transaction. A file already imported (same digest, or same message and statement id) adds
nothing and says so; a credit already known from another statement (same bank reference) is
counted as a duplicate and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.core import uploads
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.core.tasks import progress_fail, progress_finish, progress_update
from abitare.tenancies.models import BankCredit, BankStatement, LedgerEntry, PayerAccount, Tenancy
from abitare.tenancies.recovery.camt import parse_camt053
from abitare.tenancies.recovery.csv_template import parse_csv
from abitare.tenancies.recovery.statements import (
    Credit,
    ParsedStatement,
    StatementError,
    iban_problem,
    match_credit,
    normalise_iban,
)
from abitare.tenancies.services.arrears import arrears_cases_settle
from abitare.tenancies.services.ledger import payment_record
from abitare.tenancies.services.ledger_batch import NewPayment, payments_record_many
from abitare.tenancies.services.plans import plans_check

WRITE_CHUNK = 1000
PROGRESS_EVERY = 500


@dataclass
class ImportOutcome:
    statement: BankStatement
    already_imported: bool = False
    matched: int = 0
    unmatched: int = 0
    duplicates: int = 0
    tenancy_ids: set[int] = field(default_factory=set)

    def message(self) -> str:
        if self.already_imported:
            return _("This statement was already imported on %(date)s: nothing was added.") % {
                "date": timezone.localtime(self.statement.imported_at).strftime("%d/%m/%Y %H:%M")
            }
        return _(
            "Statement imported: %(matched)s payments recorded, %(unmatched)s credits waiting for an operator, "
            "%(duplicates)s already known, %(ignored)s debits or pending entries left out."
        ) % {
            "matched": self.matched,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "ignored": self.statement.ignored_count,
        }


def statement_read(data: bytes) -> ParsedStatement:
    """Parse a camt.053 XML file or the CSV template (told apart by their first character);
    raise ValidationFailed with every problem on the ``file`` field."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    try:
        return parse_camt053(data) if head == b"<" else parse_csv(data)
    except StatementError as error:
        raise ValidationFailed(
            {"file": uploads.capped([str(problem) for problem in error.problems])},
            message=gettext_lazy("Nothing was imported: the file has problems, listed with their line."),
        ) from error


def _existing(actor: Membership, parsed: ParsedStatement) -> BankStatement | None:
    same = Q(file_hash=parsed.file_hash)
    if parsed.message_id:
        same |= Q(message_id=parsed.message_id, statement_id=parsed.statement_id)
    return BankStatement.objects.filter(same, organisation_id=actor.organisation_id).first()


def _lookups(actor: Membership) -> tuple[dict[str, int], dict[str, frozenset[int]]]:
    """Reference -> tenancy, and IBAN -> tenancies, over the tenancies the importer may see."""
    tenancies = scope(Tenancy.objects.all(), actor)
    references = {reference.upper(): pk for pk, reference in tenancies.values_list("pk", "reference")}
    ibans: dict[str, set[int]] = {}
    for iban, tenancy_id in PayerAccount.objects.filter(tenancy__in=tenancies).values_list("iban", "tenancy_id"):
        ibans.setdefault(iban, set()).add(tenancy_id)
    return references, {iban: frozenset(ids) for iban, ids in ibans.items()}


def statement_import(*, actor: Membership, data: bytes, file_name: str = "", progress_id: Any = None) -> ImportOutcome:
    """Import a bank statement: match each credit to a tenancy (reference, else the payer's
    known IBAN), record the matched ones as payments, queue the others. All or nothing."""
    parsed = statement_read(data)
    existing = _existing(actor, parsed)
    if existing is not None:
        return ImportOutcome(statement=existing, already_imported=True)
    references, ibans = _lookups(actor)
    known: set[str] = set()
    bank_references = [credit.bank_reference for credit in parsed.credits]
    for start in range(0, len(bank_references), WRITE_CHUNK):
        known.update(
            BankCredit.objects.filter(
                organisation_id=actor.organisation_id, bank_reference__in=bank_references[start : start + WRITE_CHUNK]
            ).values_list("bank_reference", flat=True)
        )
    seen: set[str] = set()
    plan: list[tuple[Credit, int | None, str, str]] = []
    duplicates = 0
    for count, credit in enumerate(parsed.credits, start=1):
        if credit.bank_reference in known or credit.bank_reference in seen:
            duplicates += 1
            continue
        seen.add(credit.bank_reference)
        found = match_credit(credit, references=references, ibans=ibans)
        plan.append((credit, found.tenancy_id, found.by, found.reason))
        if progress_id and count % PROGRESS_EVERY == 0:
            progress_update(progress_id, done=count, total=len(parsed.credits), message=_("Matching credits..."))
    if progress_id:
        progress_update(progress_id, done=len(parsed.credits), total=len(parsed.credits), message=_("Writing..."))
    try:
        outcome = _write(actor, parsed, file_name, plan, duplicates)
    except IntegrityError as error:
        # Another import of the same file or lines committed meanwhile.
        raise Conflict(
            _("This statement, or some of its lines, was imported meanwhile by someone else: nothing was added."),
            code="statement_imported_meanwhile",
        ) from error
    with transaction.atomic():
        arrears_cases_settle(tenancy_ids=sorted(outcome.tenancy_ids))
    plans_check(tenancy_ids=sorted(outcome.tenancy_ids))
    return outcome


@transaction.atomic
def _write(
    actor: Membership,
    parsed: ParsedStatement,
    file_name: str,
    plan: list[tuple[Credit, int | None, str, str]],
    duplicates: int,
) -> ImportOutcome:
    is_csv = parsed.file_format == "csv"
    statement = BankStatement.objects.create(
        organisation_id=actor.organisation_id,
        territory_id=actor.territory_id,
        file_format=BankStatement.Format.CSV if is_csv else BankStatement.Format.CAMT053,
        format_version="" if is_csv else parsed.file_format,
        file_name=file_name[:200],
        file_hash=parsed.file_hash,
        message_id=parsed.message_id[:140],
        statement_id=parsed.statement_id[:300],
        account_iban=parsed.account_iban[:34],
        credits_count=len(parsed.credits),
        credits_total=parsed.total,
        duplicates_count=duplicates,
        ignored_count=parsed.ignored_debits + parsed.ignored_not_booked,
        imported_by=actor.user,
    )
    outcome = ImportOutcome(statement=statement, duplicates=duplicates)
    source = LedgerEntry.Source.CSV if is_csv else LedgerEntry.Source.CAMT053
    matched = [(credit, tenancy_id) for credit, tenancy_id, _by, _reason in plan if tenancy_id is not None]
    entries = payments_record_many(
        actor=actor,
        payments=[
            NewPayment(
                tenancy_id=tenancy_id,
                amount=credit.amount,
                value_date=credit.value_date,
                source=source,
                source_ref=credit.bank_reference,
                reference=credit.remittance or credit.end_to_end_id,
                payer_iban=credit.payer_iban,
                description=_("Bank transfer %(payer)s") % {"payer": credit.payer_name} if credit.payer_name else "",
            )
            for credit, tenancy_id in matched
        ],
    )
    entry_of = {credit.bank_reference: entry for (credit, _tenancy_id), entry in zip(matched, entries, strict=True)}
    territory_of = dict(
        Tenancy.objects.filter(pk__in={tenancy_id for _credit, tenancy_id in matched}).values_list("pk", "territory_id")
    )
    outcome.matched = len(matched)
    outcome.unmatched = len(plan) - len(matched)
    outcome.tenancy_ids = set(territory_of)
    rows = [
        BankCredit(
            organisation_id=actor.organisation_id,
            territory_id=territory_of[tenancy_id] if tenancy_id else actor.territory_id,
            statement=statement,
            bank_reference=credit.bank_reference,
            amount=credit.amount,
            value_date=credit.value_date,
            booking_date=credit.booking_date,
            remittance=credit.remittance,
            end_to_end_id=credit.end_to_end_id,
            payer_iban=credit.payer_iban,
            payer_name=credit.payer_name,
            line=credit.line,
            status=BankCredit.Status.MATCHED if tenancy_id else BankCredit.Status.UNMATCHED,
            matched_by=matched_by,
            unmatched_reason="" if tenancy_id else reason,
            tenancy_id=tenancy_id,
            entry=entry_of.get(credit.bank_reference),
        )
        for credit, tenancy_id, matched_by, reason in plan
    ]
    bulk_create_with_history(rows, BankCredit, batch_size=WRITE_CHUNK, default_user=actor.user)
    statement.matched_count = outcome.matched
    statement.save(update_fields=["matched_count"])
    return outcome


def statement_import_run(*, progress_id: str, actor_id: int, path: str, file_name: str) -> ImportOutcome | None:
    """The background task's body: read the stored upload, import it, report, delete the file."""
    actor = Membership.objects.select_related("organisation", "territory", "user").get(pk=actor_id)
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
        outcome = statement_import(actor=actor, data=data, file_name=file_name, progress_id=progress_id)
    except ValidationFailed as error:
        lines = error.errors.get("file", [])
        progress_fail(progress_id, message="\n".join([str(error.message), *lines]))
        return None
    except DomainError as error:
        progress_fail(progress_id, message=str(error.message))
        return None
    except Exception as exc:  # a broken file must end the progress bar, not leave it spinning
        progress_fail(progress_id, message=_("The file could not be read: %(error)s") % {"error": exc})
        raise
    finally:
        file_path.unlink(missing_ok=True)

    progress_finish(
        progress_id,
        message=outcome.message(),
        result_url=reverse("tenancies:statement-detail", args=[outcome.statement.pk]),
    )
    return outcome


def _undecided(credit: BankCredit) -> BankCredit:
    locked = BankCredit.objects.select_for_update().get(pk=credit.pk)
    if locked.status != BankCredit.Status.UNMATCHED:
        raise Conflict(_("This credit has already been dealt with."), code="credit_decided")
    return locked


@transaction.atomic
def credit_assign(
    *, actor: Membership, credit: BankCredit, tenancy: Tenancy, remember_iban: bool = False
) -> BankCredit:
    """An operator says which tenancy an unmatched credit pays: the payment is recorded; with
    ``remember_iban`` the payer's IBAN is kept so its next transfers match by themselves."""
    locked = _undecided(credit)
    if tenancy.organisation_id != locked.organisation_id:
        raise DomainError(_("Choose a tenancy of your organisation."), field="tenancy", code="tenancy_other_org")
    if remember_iban:
        if not locked.payer_iban:
            raise DomainError(_("This credit has no payer IBAN to remember."), field="remember_iban", code="no_iban")
        problem = iban_problem(locked.payer_iban)
        if problem:
            raise DomainError(problem, field="remember_iban", code="iban_invalid")
    source = (
        LedgerEntry.Source.CSV
        if locked.statement.file_format == BankStatement.Format.CSV
        else LedgerEntry.Source.CAMT053
    )
    entry = payment_record(
        actor=actor,
        tenancy=tenancy,
        amount=locked.amount,
        value_date=locked.value_date,
        reference=locked.remittance or locked.end_to_end_id,
        payer_iban=locked.payer_iban,
        source=source,
        source_ref=locked.bank_reference,
    )
    if remember_iban:
        PayerAccount.objects.get_or_create(
            tenancy=tenancy,
            iban=normalise_iban(locked.payer_iban),
            defaults={
                "organisation_id": tenancy.organisation_id,
                "territory_id": tenancy.territory_id,
                "holder": locked.payer_name,
                "created_by": actor.user,
            },
        )
    locked.status = BankCredit.Status.MATCHED
    locked.matched_by = BankCredit.MatchedBy.OPERATOR
    locked.tenancy = tenancy
    locked.territory_id = tenancy.territory_id
    locked.entry = entry
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.save()
    arrears_cases_settle(tenancy_ids=[tenancy.pk])
    transaction.on_commit(lambda: plans_check(tenancy_ids=[tenancy.pk]))
    return locked


@transaction.atomic
def credit_dismiss(*, actor: Membership, credit: BankCredit, note: str) -> BankCredit:
    """An operator marks a credit as not a rent payment (a grant, a refund...), saying what it is."""
    text = (note or "").strip()
    if not text:
        raise DomainError(_("Say what this credit is."), field="note", code="note_required")
    locked = _undecided(credit)
    locked.status = BankCredit.Status.NOT_OURS
    locked.note = text[:300]
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.save()
    return locked


def payer_account_add(*, actor: Membership, tenancy: Tenancy, iban: str, holder: str = "") -> PayerAccount:
    """Remember an IBAN as paying for a tenancy (validated: country format and check digits)."""
    compact = normalise_iban(iban)
    problem = iban_problem(compact)
    if problem:
        raise DomainError(problem, field="iban", code="iban_invalid")
    account, _created = PayerAccount.objects.get_or_create(
        tenancy=tenancy,
        iban=compact,
        defaults={
            "organisation_id": tenancy.organisation_id,
            "territory_id": tenancy.territory_id,
            "holder": holder.strip()[:140],
            "created_by": actor.user,
        },
    )
    return account
