"""The check of an import file of households and persons, row by row: required fields, territory
in the actor's scope, relationship, dates, identity (Codice Fiscale), contacts, a Codice Fiscale
twice in the file or already registered. Every error is counted; the first ones are kept for the
report. Nothing here writes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.selectors import territory_list
from abitare.core import uploads
from abitare.registry import codice_fiscale
from abitare.registry.models import HouseholdMember, Person
from abitare.registry.models.people import country_code_validator, phone_validator
from abitare.registry.services.people import person_errors

REQUIRED = ("household_code", "territory", "relationship", "first_name", "last_name", "birth_date", "sex")


MAX_NAME = 100


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


def _parse_date(value: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class HouseholdRows:
    code: str
    name: str
    address: str
    territory: Territory
    members: list[tuple[dict[str, Any], str]] = field(default_factory=list)


def _contact_errors(values: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name, validator in (
        ("citizenship", country_code_validator),
        ("phone", phone_validator),
        ("email", validate_email),
    ):
        if values[name]:
            try:
                validator(values[name])
            except ValidationError as error:
                problems.append((name, " ".join(str(message) for message in error.messages)))
    too_long = _("At most %(n)s characters.") % {"n": MAX_NAME}
    problems.extend((name, too_long) for name in ("first_name", "last_name") if len(values[name]) > MAX_NAME)
    return problems


class RowChecker:
    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.territories: dict[str, Territory] = {}
        for territory in territory_list(actor=actor):
            self.territories.setdefault(territory.name.strip().lower(), territory)
            self.territories[str(territory.pk)] = territory
        self.districts: dict[int, int] = {}
        self.households: dict[str, HouseholdRows] = {}
        self.codes_in_file: dict[tuple[int, str], int] = {}
        self.errors: list[RowError] = []
        self.error_count = 0
        self.keep = uploads.max_errors()

    def add(self, errors: Iterable[RowError]) -> None:
        """Count every error, keep the first ``IMPORT_MAX_ERRORS`` for the report."""
        for error in errors:
            self.error_count += 1
            if len(self.errors) < self.keep:
                self.errors.append(error)

    def district_id(self, territory: Territory) -> int:
        return territory.root_id

    def check(self, number: int, row: dict[str, str]) -> None:
        """Check one row; a clean row is added to its household, a bad one adds its errors."""
        problems, values = self._fields(row)
        territory: Territory | None = values.get("territory")
        code = values.get("codice_fiscale", "")
        if code and territory is not None:
            key = (self.district_id(territory), code)
            if key in self.codes_in_file:
                problems.append(
                    (
                        "codice_fiscale",
                        _("The same Codice Fiscale is on row %(row)s.") % {"row": self.codes_in_file[key]},
                    )
                )
            else:
                self.codes_in_file[key] = number
        household_code = row.get("household_code", "")
        if household_code and territory is not None:
            household = self.households.setdefault(
                household_code,
                HouseholdRows(household_code, row.get("household_name", ""), row.get("address", ""), territory),
            )
            if household.territory != territory:
                message = _("Household %(code)s is in another territory on an earlier row.")
                problems.append(("territory", message % {"code": household_code}))
            if not problems:
                relationship = values.pop("relationship")
                household.members.append((values, relationship))
        self.add(RowError(number, name, message) for name, message in problems)

    def _fields(self, row: dict[str, str]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """Field errors of a row on its own, and its parsed values."""
        problems: list[tuple[str, str]] = [
            (name, _("This field is required.")) for name in REQUIRED if not row.get(name)
        ]
        territory = self.territories.get(row.get("territory", "").strip().lower())
        if row.get("territory") and territory is None:
            problems.append(("territory", _("Unknown neighbourhood or municipality, or outside your territory.")))
        relationship = row.get("relationship", "")
        if relationship and relationship not in HouseholdMember.Relationship.values:
            allowed = ", ".join(HouseholdMember.Relationship.values)
            problems.append(("relationship", _("Use one of: %(values)s.") % {"values": allowed}))
        birth_date = _parse_date(row.get("birth_date", ""))
        if row.get("birth_date") and birth_date is None:
            problems.append(("birth_date", _("Write the date as YYYY-MM-DD or DD/MM/YYYY.")))
        values: dict[str, Any] = {
            "first_name": row.get("first_name", ""),
            "last_name": row.get("last_name", ""),
            "birth_date": birth_date,
            "sex": row.get("sex", "").upper(),
            "codice_fiscale": codice_fiscale.normalise(row.get("codice_fiscale", "")),
            "birth_place": row.get("birth_place", "")[:100],
            "citizenship": row.get("citizenship", "").upper(),
            "phone": row.get("phone", ""),
            "email": row.get("email", ""),
            "territory": territory,
            "relationship": relationship,
        }
        if birth_date is not None and values["sex"]:
            identity = person_errors(
                first_name=values["first_name"] or "-",
                last_name=values["last_name"] or "-",
                birth_date=birth_date,
                sex=values["sex"],
                code=values["codice_fiscale"],
            )
            problems.extend((name, message) for name, messages in identity.items() for message in messages)
        problems.extend(_contact_errors(values))
        return problems, values

    def check_existing_codes(self) -> None:
        """Codes of the file already registered in the organisation's districts."""
        by_district: dict[int, dict[str, int]] = {}
        for (district_id, code), row in self.codes_in_file.items():
            by_district.setdefault(district_id, {})[code] = row
        for district_id, codes in by_district.items():
            existing = Person.objects.filter(
                organisation_id=self.actor.organisation_id, district_id=district_id, codice_fiscale__in=list(codes)
            ).values_list("codice_fiscale", flat=True)
            message = _("A person with this Codice Fiscale is already registered.")
            self.add(RowError(codes[code], "codice_fiscale", message) for code in existing.iterator())
        self.errors.sort(key=lambda item: (item.row, item.field))
