"""Codice Fiscale checks (DPR 605/1973, docs/sources.md#codice-fiscale): format and check character
by python-stdnum, then consistency with the stated birth date and sex. Pure functions, no ORM.

stdnum's ``get_birth_date`` decodes omocodia itself; its ``get_gender`` reads ``int(number[9:11])``
and breaks on omocodic codes, so the day digits are decoded here before reading the sex.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.it import codicefiscale as stdnum_cf

# Omocodia replaces digits with these letters (L=0 ... V=9) in positions 7, 8, 10, 11, 13, 14, 15.
OMOCODIA_LETTERS = "LMNPQRSTUV"
OMOCODIA_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
MONTH_LETTERS = "ABCDEHLMPRST"


def normalise(value: str) -> str:
    """Upper case without spaces, as the code is printed on the health card."""
    return "".join(value.split()).upper()


def decode_omocodia(code: str) -> str:
    """The same code with the digit positions turned back into digits."""
    chars = list(code)
    for position in OMOCODIA_POSITIONS:
        letter = chars[position]
        if letter in OMOCODIA_LETTERS:
            chars[position] = str(OMOCODIA_LETTERS.index(letter))
    return "".join(chars)


def format_errors(code: str) -> list[str]:
    """Errors of the code on its own: length, layout, check character."""
    try:
        stdnum_cf.validate(code)
    except InvalidChecksum:
        return [_("The check character (the last letter) is wrong: check the code on the health card.")]
    except (InvalidLength, InvalidFormat, InvalidComponent):
        return [
            _(
                "A Codice Fiscale has 16 characters: 6 letters, 2 digits, 1 letter, "
                "2 digits, 1 letter, 3 digits, 1 letter."
            )
        ]
    except ValidationError:
        return [_("This is not a valid Codice Fiscale.")]
    if len(code) != 16:
        # stdnum also accepts the 11-digit code of companies; a person has 16 characters.
        return [_("A person's Codice Fiscale has 16 characters.")]
    return []


def encoded_sex(code: str) -> str:
    """``F`` or ``M`` from the day digits (women have day + 40), omocodia decoded first."""
    plain = decode_omocodia(code)
    return "F" if int(plain[9:11]) > 40 else "M"


def encoded_birth(code: str) -> tuple[int, int, int]:
    """(two-digit year, month, day) as encoded, omocodia decoded."""
    plain = decode_omocodia(code)
    return int(plain[6:8]), MONTH_LETTERS.index(plain[8]) + 1, int(plain[9:11]) % 40


def consistency_errors(code: str, *, birth_date: datetime.date | None, sex: str | None) -> dict[str, list[str]]:
    """Field errors where a valid code disagrees with the stated birth date or sex."""
    errors: dict[str, list[str]] = {}
    year, month, day = encoded_birth(code)
    if birth_date is not None and (birth_date.year % 100, birth_date.month, birth_date.day) != (year, month, day):
        errors["birth_date"] = [
            _("The birth date does not match the Codice Fiscale, which encodes %(day)02d/%(month)02d/..%(year)02d.")
            % {"day": day, "month": month, "year": year}
        ]
    if sex and sex != encoded_sex(code):
        errors["sex"] = [_("The sex does not match the Codice Fiscale.")]
    return errors


def check(code: str, *, birth_date: datetime.date | None, sex: str | None) -> dict[str, list[str]]:
    """Every error of ``code`` for a person born on ``birth_date`` of ``sex``, by field."""
    problems = format_errors(code)
    if problems:
        return {"codice_fiscale": problems}
    return consistency_errors(code, birth_date=birth_date, sex=sex)
