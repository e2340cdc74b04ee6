"""Contract rules as data: terms, renewals, notice."""

import datetime

from abitare.tenancies import contracts


def test_agreed_rent_runs_three_years_then_renews_by_two():
    start = datetime.date(2025, 3, 1)

    end = contracts.default_end("agreed_rent", start)

    assert end == datetime.date(2028, 2, 29)
    assert contracts.renewal_end("agreed_rent", end) == datetime.date(2030, 2, 28)
    assert contracts.renewal_deadline("agreed_rent", end) == datetime.date(2027, 8, 29)
    assert contracts.can_renew("agreed_rent", 5)


def test_a_service_contract_renews_once_by_eighteen_months():
    end = contracts.default_end("service", datetime.date(2025, 1, 1))

    assert end == datetime.date(2026, 6, 30)
    assert contracts.renewal_end("service", end) == datetime.date(2027, 12, 31)
    assert contracts.can_renew("service", 0)
    assert not contracts.can_renew("service", 1)


def test_transitional_contracts_last_one_to_eighteen_months_and_dopo_di_noi_is_open_ended():
    start = datetime.date(2025, 1, 1)

    assert contracts.term_error("transitional", start, datetime.date(2026, 6, 30)) is None
    assert contracts.term_error("transitional", start, datetime.date(2026, 7, 31)) == "too_long"
    assert contracts.term_error("transitional", start, None) == "end_required"
    assert contracts.term_error("dopo_di_noi", start, None) is None
    assert contracts.default_end("dopo_di_noi", start) is None
    assert not contracts.can_renew("transitional", 0)
