"""Codice Fiscale: check character by stdnum, consistency with birth date and sex, omocodia."""

import datetime

import pytest
from django.utils import translation
from stdnum.it.codicefiscale import calc_check_digit

from abitare.registry import codice_fiscale as cf

BORN = datetime.date(1983, 11, 18)


def test_a_valid_code_consistent_with_birth_date_and_sex_has_no_error():
    assert cf.check("RCCMNL83S18D969H", birth_date=BORN, sex="M") == {}


def test_a_woman_has_day_plus_40():
    assert cf.check("CNTCHR83T41D969D", birth_date=datetime.date(1983, 12, 1), sex="F") == {}


def test_a_wrong_check_character_is_refused():
    with translation.override("en"):
        errors = cf.check("RCCMNL83S18D969A", birth_date=BORN, sex="M")
    assert list(errors) == ["codice_fiscale"]
    assert "check character" in errors["codice_fiscale"][0]


@pytest.mark.parametrize("code", ["RCCMNL83S18D969", "12345678901", "RCCMNL83S18D9691", ""])
def test_a_malformed_code_is_refused(code):
    assert list(cf.check(code, birth_date=BORN, sex="M")) == ["codice_fiscale"]


def test_an_omocodia_variant_is_accepted_and_decoded():
    # 18 -> "MU" (1 -> M, 8 -> U), 969 -> "SVS"; the check character recomputed: stdnum validates it.
    variant = _with_check_character("RCCMNL83S1UD969")
    assert variant != "RCCMNL83S18D969H"
    assert cf.check(variant, birth_date=BORN, sex="M") == {}
    fully = _with_check_character("RCCMNLUPSMUDVSV")
    assert cf.decode_omocodia(fully)[:15] == "RCCMNL83S18D969"
    assert cf.check(fully, birth_date=BORN, sex="M") == {}
    assert cf.encoded_sex(fully) == "M"


def test_an_omocodic_womans_code_reads_as_female():
    variant = _with_check_character("CNTCHR83TQMD969")  # day 41 -> "QM"
    assert cf.encoded_sex(variant) == "F"
    assert cf.check(variant, birth_date=datetime.date(1983, 12, 1), sex="F") == {}


def test_a_birth_date_that_disagrees_with_the_code_is_an_error_on_the_birth_date():
    errors = cf.check("RCCMNL83S18D969H", birth_date=datetime.date(1983, 11, 19), sex="M")
    assert list(errors) == ["birth_date"]
    assert "18/11/..83" in errors["birth_date"][0]


def test_a_year_in_another_century_with_the_same_two_digits_is_consistent():
    assert cf.check("RCCMNL83S18D969H", birth_date=datetime.date(1883, 11, 18), sex="M") == {}


def test_a_sex_that_disagrees_with_the_code_is_an_error_on_the_sex():
    assert list(cf.check("RCCMNL83S18D969H", birth_date=BORN, sex="F")) == ["sex"]


def test_normalise_strips_spaces_and_upper_cases():
    assert cf.normalise(" rccmnl83s18 d969h ") == "RCCMNL83S18D969H"


def _with_check_character(first15: str) -> str:

    return first15 + calc_check_digit(first15)
