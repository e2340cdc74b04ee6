"""Property tests: any code built by the algorithm of docs/sources.md#codice-fiscale is valid and consistent, every
omocodia variant of it too, and a different birth day or sex is always caught."""

import datetime

from hypothesis import given
from hypothesis import strategies as st
from stdnum.it.codicefiscale import calc_check_digit

from abitare.demo.loaders.registry_identity import codice_fiscale_for
from abitare.registry import codice_fiscale as cf

names = st.text(alphabet="ABCDEFGHILMNOPRSTUVZ'", min_size=2, max_size=12).filter(lambda s: any(c.isalpha() for c in s))
births = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2025, 12, 31))
places = st.sampled_from(["E715", "F205", "Z330", "H501"])
sexes = st.sampled_from(["F", "M"])


def _omocodic(code: str, positions: list[int]) -> str:
    chars = list(code[:15])
    for position in positions:
        chars[position] = cf.OMOCODIA_LETTERS[int(chars[position])]
    body = "".join(chars)
    return body + calc_check_digit(body)


@given(
    first=names,
    last=names,
    born=births,
    sex=sexes,
    place=places,
    substituted=st.sets(st.sampled_from(cf.OMOCODIA_POSITIONS)),
)
def test_built_codes_and_their_omocodia_variants_are_valid_and_consistent(first, last, born, sex, place, substituted):
    code = codice_fiscale_for(first_name=first, last_name=last, birth_date=born, sex=sex, place_code=place)
    variant = _omocodic(code, sorted(substituted))
    for candidate in (code, variant):
        assert cf.check(candidate, birth_date=born, sex=sex) == {}
        assert cf.encoded_sex(candidate) == sex
    assert cf.decode_omocodia(variant)[:15] == code[:15]


@given(born=births, sex=sexes, shift=st.integers(min_value=1, max_value=360))
def test_another_birth_date_or_sex_is_always_an_error(born, sex, shift):
    code = codice_fiscale_for(first_name="Anna", last_name="Rossi", birth_date=born, sex=sex, place_code="E715")
    other_day = born + datetime.timedelta(days=shift)
    assert "birth_date" in cf.check(code, birth_date=other_day, sex=sex)
    assert "sex" in cf.check(code, birth_date=born, sex="M" if sex == "F" else "F")
