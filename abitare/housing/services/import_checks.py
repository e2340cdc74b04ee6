"""The check of a stock import file, row by row: one row per unit; a building is named by its code
and described (name, address, territory, owner) on the first row that brings it, unless it is
already in the stock. Refused: a territory outside the actor's scope, an unknown building, a unit
code twice in the file or already in its building, fewer rooms than bedrooms, any field the unit's
own form would refuse. Every error is counted; the first ones are kept. Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.selectors import territory_list
from abitare.core import uploads
from abitare.housing.models import Building, Owner, Unit
from abitare.registry.services.import_checks import RowError

BUILDING_COLUMNS = [
    "building_code",
    "building_name",
    "address",
    "territory",
    "owner_kind",
    "owner_tax_code",
    "cadastral_municipality",
    "cadastral_sheet",
    "cadastral_parcel",
    "energy_class",
    "building_lift",
    "step_free_entrance",
]
UNIT_COLUMNS = [
    "unit_code",
    "floor",
    "lift",
    "rooms",
    "bedrooms",
    "usable_m2",
    "max_occupants",
    "step_free",
    "wheelchair_accessible",
    "group_living",
    "earmarked_pathway",
    "monthly_rent",
    "service_charges",
    "state",
    "cadastral_sub",
]
COLUMNS = BUILDING_COLUMNS + UNIT_COLUMNS
BUILDING_REQUIRED = ("building_name", "address", "territory", "owner_kind")
UNIT_REQUIRED = ("unit_code", "floor", "rooms", "usable_m2", "max_occupants", "monthly_rent")
BOOLEANS = {"": False, "0": False, "no": False, "false": False, "1": True, "yes": True, "si": True, "sì": True,
            "true": True, "x": True}  # fmt: skip
UNIT_BOOLEANS = ("lift", "step_free", "wheelchair_accessible", "group_living")
# Model field -> column of the file, where they differ.
UNIT_COLUMN = {"code": "unit_code"}
BUILDING_COLUMN = {"code": "building_code", "name": "building_name", "lift": "building_lift"}
UNIT_SKIP = ["building", "agreed_rent_zone", "created_at", "updated_at"]
BUILDING_SKIP = ["organisation", "territory", "owner", "created_at", "updated_at"]


@dataclass
class NewBuilding:
    row: int
    building: Building
    units: list[Unit] = field(default_factory=list)


def _flag(row: dict[str, str], name: str, problems: list[tuple[str, str]]) -> bool:
    value = row.get(name, "").strip().lower()
    if value not in BOOLEANS:
        problems.append((name, _("Write yes or no.")))
        return False
    return BOOLEANS[value]


def _number(value: str) -> str:
    # Italian spreadsheets write 70,5 for 70.5.
    return value.replace(",", ".") if value.count(",") == 1 and "." not in value else value


def _missing(row: dict[str, str], columns: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, _("This field is required.")) for name in columns if not row.get(name, "").strip()]


def _new(problems: list[tuple[str, str]], found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The model's errors on columns not already reported (a missing value is said once)."""
    reported = {name for name, _message in problems}
    return [(name, message) for name, message in found if name not in reported]


def _field_errors(error: ValidationError, columns: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (columns.get(name, name), " ".join(str(message) for message in messages))
        for name, messages in error.message_dict.items()
    ]


class StockRowChecker:
    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.territories: dict[str, Territory] = {}
        for territory in territory_list(actor=actor):
            self.territories.setdefault(territory.name.strip().lower(), territory)
            self.territories[str(territory.pk)] = territory
        self.existing: dict[str, Building] = {
            building.code: building
            for building in Building.objects.filter(organisation_id=actor.organisation_id, retired_on__isnull=True)
            .exclude(code="")
            .select_related("territory")
        }
        self.new: dict[str, NewBuilding] = {}
        self.failed: dict[str, int] = {}
        self.unit_rows: dict[tuple[str, str], int] = {}
        self.units_existing: list[tuple[str, Unit, int]] = []
        self.errors: list[RowError] = []
        self.error_count = 0
        self.keep = uploads.max_errors()
        self._owners: dict[str, Owner | None] = {}

    def add(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.error_count += 1
            if len(self.errors) < self.keep:
                self.errors.append(error)

    @property
    def units_total(self) -> int:
        return len(self.units_existing) + sum(len(new.units) for new in self.new.values())

    def check(self, number: int, row: dict[str, str]) -> None:
        """Check one row; a clean unit is kept for its building, a bad row adds its errors."""
        problems: list[tuple[str, str]] = []
        code = row.get("building_code", "").strip()
        building: Building | None = None
        if not code:
            problems.append(("building_code", _("This field is required.")))
        elif code in self.existing:
            building = self.existing[code]
            if not building.territory.path.startswith(self.actor.territory.path):
                problems.append(("building_code", _("This building is outside your territory.")))
        elif code in self.new:
            building = self.new[code].building
        elif code in self.failed:
            message = _("Building %(code)s has errors on row %(row)s.")
            problems.append(("building_code", message % {"code": code, "row": self.failed[code]}))
        elif row.get("building_name", "").strip():
            building = self._building(number, code, row, problems)
        else:
            problems.append(
                (
                    "building_code",
                    _("Unknown building %(code)s: register it first, or describe it on this row.") % {"code": code},
                )
            )
        unit = self._unit(number, row, problems)
        unit_code = row.get("unit_code", "").strip()
        if code and unit_code:
            first = self.unit_rows.setdefault((code, unit_code), number)
            if first != number:
                problems.append(("unit_code", _("The same unit code is on row %(row)s.") % {"row": first}))
        if not problems and building is not None:
            if building.pk:
                self.units_existing.append((code, unit, number))
            else:
                self.new[code].units.append(unit)
        self.add(RowError(number, name, message) for name, message in problems)

    def _owner(self, tax_code: str) -> Owner | None:
        if tax_code not in self._owners:
            self._owners[tax_code] = (
                Owner.objects.filter(
                    organisation_id=self.actor.organisation_id,
                    territory__path__startswith=self.actor.territory.path,
                    tax_code__iexact=tax_code,
                )
                .select_related("territory")
                .first()
            )
        return self._owners[tax_code]

    def _building(self, number: int, code: str, row: dict[str, str], problems: list[tuple[str, str]]) -> Building:
        before = len(problems)
        problems.extend(_missing(row, BUILDING_REQUIRED))
        territory = self.territories.get(row.get("territory", "").strip().lower())
        if territory is None:
            problems.append(("territory", _("Unknown neighbourhood or municipality, or outside your territory.")))
        owner: Owner | None = None
        if tax_code := row.get("owner_tax_code", "").strip():
            owner = self._owner(tax_code)
            if owner is None:
                problems.append(("owner_tax_code", _("No owner of your organisation has this tax code.")))
        building = Building(
            organisation_id=self.actor.organisation_id,
            territory=territory,
            owner=owner,
            code=code,
            name=row.get("building_name", "").strip(),
            address=row.get("address", "").strip(),
            owner_kind=row.get("owner_kind", "").strip(),
            cadastral_municipality=row.get("cadastral_municipality", "").strip().upper(),
            cadastral_sheet=row.get("cadastral_sheet", "").strip(),
            cadastral_parcel=row.get("cadastral_parcel", "").strip(),
            energy_class=row.get("energy_class", "").strip().upper(),
            lift=_flag(row, "building_lift", problems),
            step_free_entrance=_flag(row, "step_free_entrance", problems),
        )
        try:
            building.clean_fields(exclude=BUILDING_SKIP)
        except ValidationError as error:
            problems.extend(_new(problems, _field_errors(error, BUILDING_COLUMN)))
        if building.owner_kind == Building.OwnerKind.PRIVATE_AGREEMENT and owner is None and not tax_code:
            problems.append(("owner_tax_code", _("A building let under agreement needs its private owner.")))
        if len(problems) == before:
            self.new[code] = NewBuilding(number, building)
        else:
            self.failed[code] = number
        return building

    def _unit(self, number: int, row: dict[str, str], problems: list[tuple[str, str]]) -> Unit:
        problems.extend(_missing(row, UNIT_REQUIRED))
        values: dict[str, Any] = dict(
            code=row.get("unit_code", "").strip(),
            floor=row.get("floor", "").strip() or None,
            rooms=row.get("rooms", "").strip() or None,
            bedrooms=row.get("bedrooms", "").strip() or None,
            usable_m2=_number(row.get("usable_m2", "").strip()) or None,
            max_occupants=row.get("max_occupants", "").strip() or None,
            earmarked_pathway=row.get("earmarked_pathway", "").strip(),
            monthly_rent=_number(row.get("monthly_rent", "").strip()) or None,
            service_charges=_number(row.get("service_charges", "").strip()) or "0",
            state=row.get("state", "").strip() or Unit.State.TO_RENOVATE,
            cadastral_sub=row.get("cadastral_sub", "").strip(),
            **{name: _flag(row, name, problems) for name in UNIT_BOOLEANS},
        )
        unit = Unit(**values)
        try:
            unit.clean_fields(exclude=UNIT_SKIP)
        except ValidationError as error:
            problems.extend(_new(problems, _field_errors(error, UNIT_COLUMN)))
        else:
            if unit.state not in Unit.INITIAL_STATES:
                problems.append(("state", _("A new unit is to renovate, available, occupied or vacating.")))
            if unit.bedrooms is not None and unit.bedrooms > unit.rooms:
                problems.append(
                    (
                        "bedrooms",
                        _("A unit cannot have fewer rooms (%(rooms)s) than bedrooms (%(bedrooms)s).")
                        % {"rooms": unit.rooms, "bedrooms": unit.bedrooms},
                    )
                )
        return unit

    def check_existing(self) -> None:
        """Unit codes of the file already in their (existing) building, and new building codes
        that another building of the organisation (perhaps retired) already has."""
        taken = set(
            Building.objects.filter(organisation_id=self.actor.organisation_id, code__in=list(self.new)).values_list(
                "code", flat=True
            )
        )
        message = _("Another building of the organisation has this code.")
        self.add(RowError(self.new[code].row, "building_code", message) for code in sorted(taken))
        by_building: dict[int, dict[str, int]] = {}
        for code, unit, number in self.units_existing:
            by_building.setdefault(self.existing[code].pk, {})[unit.code] = number
        for building_id, codes in by_building.items():
            found = Unit.objects.filter(building_id=building_id, code__in=list(codes)).values_list("code", flat=True)
            message = _("A unit with this code is already in the building.")
            self.add(RowError(codes[code], "unit_code", message) for code in found)
        self.errors.sort(key=lambda item: (item.row, item.field))
