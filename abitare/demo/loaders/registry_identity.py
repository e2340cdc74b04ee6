"""Identities of the invented demo people: birth places with their cadastral (Belfiore) code, and
the Codice Fiscale computed from name, birth date, sex and place."""

from __future__ import annotations

import datetime
import unicodedata

from stdnum.it.codicefiscale import calc_check_digit

MONTH_LETTERS = "ABCDEHLMPRST"
# Birth places with their cadastral (Belfiore) code: Italian comuni, and Z-codes for foreign countries.
BIRTH_PLACES = [
    ("Lucca", "E715", "IT"),
    ("Milano", "F205", "IT"),
    ("Pavia", "G388", "IT"),
    ("Rho", "H264", "IT"),
    ("Napoli", "F839", "IT"),
    ("Palermo", "G273", "IT"),
    ("Roma", "H501", "IT"),
    ("Bari", "A662", "IT"),
    ("Torino", "L219", "IT"),
    ("Marocco", "Z330", "MA"),
    ("Romania", "Z129", "RO"),
    ("Albania", "Z100", "AL"),
    ("Perù", "Z611", "PE"),
    ("Ucraina", "Z138", "UA"),
    ("Senegal", "Z343", "SN"),
    ("Egitto", "Z336", "EG"),
]


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in plain.upper() if char.isalpha())


def _split(text: str) -> tuple[str, str]:
    letters = _letters(text)
    return "".join(c for c in letters if c not in "AEIOU"), "".join(c for c in letters if c in "AEIOU")


# DM 12/03/1974: a name with fewer than three letters is completed with the letter X.
FILLER = "X" * 3


def _surname_code(surname: str) -> str:
    consonants, vowels = _split(surname)
    return (consonants + vowels + FILLER)[:3]


def _name_code(name: str) -> str:
    consonants, vowels = _split(name)
    if len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return (consonants + vowels + FILLER)[:3]


def codice_fiscale_for(*, first_name: str, last_name: str, birth_date: datetime.date, sex: str, place_code: str) -> str:
    """The Codice Fiscale by the algorithm of docs/sources.md#codice-fiscale (check character from python-stdnum)."""
    day = birth_date.day + (40 if sex == "F" else 0)
    body = (
        f"{_surname_code(last_name)}{_name_code(first_name)}{birth_date.year % 100:02d}"
        f"{MONTH_LETTERS[birth_date.month - 1]}{day:02d}{place_code}"
    )
    return body + calc_check_digit(body)
