"""Which tenancy a credit pays: reference first, then the payer's known IBAN."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.tenancies.recovery.statements import Credit, MatchBy, Unmatched, match_credit

REFERENCES = {"LOC-0001": 1, "LOC-0002": 2}
IBANS = {"IT60X0542811101000000123456": frozenset({3}), "IT73A0306909606100000063144": frozenset({1, 2})}


def credit(**kwargs):
    return Credit(bank_reference="x", amount=Decimal(10), value_date=datetime.date(2026, 1, 1), **kwargs)


def test_reference_in_the_remittance_or_end_to_end_id():
    assert (
        match_credit(credit(remittance="canone gennaio loc-0001"), references=REFERENCES, ibans=IBANS).tenancy_id == 1
    )
    found = match_credit(credit(end_to_end_id="LOC-0002"), references=REFERENCES, ibans=IBANS)
    assert (found.tenancy_id, found.by) == (2, MatchBy.REFERENCE)


def test_reference_typed_with_spaces():
    assert match_credit(credit(remittance="LOC - 0001"), references=REFERENCES, ibans={}).tenancy_id == 1


def test_a_reference_wins_over_the_iban():
    found = match_credit(
        credit(remittance="LOC-0002", payer_iban="IT60X0542811101000000123456"), references=REFERENCES, ibans=IBANS
    )
    assert found.tenancy_id == 2


def test_known_iban_when_no_reference():
    found = match_credit(credit(payer_iban="IT60X0542811101000000123456"), references=REFERENCES, ibans=IBANS)
    assert (found.tenancy_id, found.by) == (3, MatchBy.IBAN)


def test_unmatched_reasons():
    assert (
        match_credit(credit(remittance="LOC-0001 LOC-0002"), references=REFERENCES, ibans=IBANS).reason
        == Unmatched.AMBIGUOUS_REFERENCE
    )
    assert (
        match_credit(credit(payer_iban="IT73A0306909606100000063144"), references=REFERENCES, ibans=IBANS).reason
        == Unmatched.AMBIGUOUS_IBAN
    )
    assert (
        match_credit(credit(payer_iban="IT00A0000000000000000000000"), references=REFERENCES, ibans=IBANS).reason
        == Unmatched.INVALID_IBAN
    )
    assert match_credit(credit(remittance="affitto"), references=REFERENCES, ibans=IBANS).reason == Unmatched.NO_CLUE
    assert not match_credit(credit(), references=REFERENCES, ibans=IBANS).matched
