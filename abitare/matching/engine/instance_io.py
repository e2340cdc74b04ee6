"""The JSON instance format for researchers (``abitare match --instance file.json``).

Reading checks shape and consistency and stops at the first problem with its line and field:
malformed JSON, a missing or mistyped field, a duplicated id, a unit listed in two buildings, a
neighbourhood that is not declared, a household that both prefers and excludes a neighbourhood.
Units are nested in their building, so a unit's building and neighbourhood cannot disagree.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from decimal import Decimal
from json.decoder import JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, TypeGuard

from abitare.matching.engine.models import QUADRANTS, REGIMES, Application, Building, Instance, MixLimit, Rules, Unit

FORMAT = "abitare.matching.instance"
VERSION = 1


class InstanceError(ValueError):
    def __init__(self, line: int, field: str, message: str) -> None:
        self.line = line
        self.field = field
        self.message = message
        where = f"line {line}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}")


class _Node(dict[str, Any]):
    """A JSON object that remembers the line where it starts."""

    line = 0


class _Decoder(json.JSONDecoder):
    """The standard decoder with the pure-Python scanner, which lets objects record their line."""

    def __init__(self, text: str) -> None:
        # Decimals, not floats: a share limit is kept exactly as written (0.3333333 stays 3333333/10^7).
        super().__init__(parse_float=Decimal)
        self.memo: dict[str, str] = {}
        breaks = [i for i, ch in enumerate(text) if ch == "\n"]

        def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[_Node, int]:
            line = bisect_right(breaks, s_and_end[1] - 1) + 1
            pairs, end = JSONObject(s_and_end, self.strict, self.scan_once, None, list, self.memo)
            node = _Node(pairs)
            node.line = line
            return node, end

        self.parse_object = parse_object
        self.scan_once = py_make_scanner(self)


def loads(text: str) -> Instance:
    try:
        data = _Decoder(text).decode(text)
    except json.JSONDecodeError as error:
        raise InstanceError(error.lineno, "", f"not valid JSON: {error.msg}") from error
    if not isinstance(data, _Node):
        raise InstanceError(1, "", "the instance must be a JSON object")
    return _Reader().instance(data)


def load(path: str | Path) -> Instance:
    return loads(Path(path).read_text(encoding="utf-8"))


def dumps(instance: Instance) -> str:
    units_of: dict[str, list[Unit]] = {b.id: [] for b in instance.buildings}
    for unit in instance.units:
        units_of[unit.building_id].append(unit)
    rules = instance.rules
    data = {
        "format": FORMAT,
        "version": VERSION,
        "rules": {
            "m2_first": rules.m2_first,
            "first_occupants": rules.first_occupants,
            "m2_after": rules.m2_after,
            "affordability_share": str(rules.affordability_share),
            "affordability_exempt_pathways": list(rules.affordability_exempt_pathways),
            "preference_bonus": list(rules.preference_bonus),
            "group_living_cap": rules.group_living_cap,
            "regimes": dict(rules.regimes),
            "default_regime": rules.default_regime,
        },
        "neighbourhoods": list(instance.neighbourhoods),
        "buildings": [
            {
                "id": b.id,
                "neighbourhood": b.neighbourhood_id,
                "existing_households": b.existing_households,
                "existing_counts": dict(b.existing_counts),
                "limits": [
                    _without_none(
                        {
                            "group": m.group,
                            # A decimal of at most 12 places survives the float's shortest repr.
                            "max_share": None if m.max_share is None else float(m.max_share),
                            "max_count": m.max_count,
                        }
                    )
                    for m in b.limits
                ],
                "units": [
                    {
                        "id": u.id,
                        "pathway": u.pathway,
                        "rooms": u.rooms,
                        "usable_m2": u.usable_m2,
                        "max_occupants": u.max_occupants,
                        "step_free": u.step_free,
                        "wheelchair": u.wheelchair,
                        "group_living": u.group_living,
                        "monthly_cost": u.monthly_cost,
                    }
                    for u in units_of[b.id]
                ],
            }
            for b in instance.buildings
        ],
        "applications": [
            {
                "id": a.id,
                "household_size": a.household_size,
                "pathway": a.pathway,
                "priority": a.priority,
                "monthly_income": a.monthly_income,
                "needs_step_free": a.needs_step_free,
                "needs_wheelchair": a.needs_wheelchair,
                "wants_group_living": a.wants_group_living,
                "preferred_neighbourhoods": list(a.preferred_neighbourhoods),
                "excluded_neighbourhoods": list(a.excluded_neighbourhoods),
                "quadrant": a.quadrant,
                "groups": list(a.groups),
                "household": a.household_id,
                "housed": a.housed,
                "transfer": a.transfer,
            }
            for a in instance.applications
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False, default=_decimal) + "\n"


def dump(instance: Instance, path: str | Path) -> None:
    Path(path).write_text(dumps(instance), encoding="utf-8")


class _Reader:
    def __init__(self) -> None:
        self.neighbourhoods: set[str] = set()
        self.unit_home: dict[str, str] = {}

    def instance(self, data: _Node) -> Instance:
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise InstanceError(data.line, "format", f"expected format {FORMAT!r} version {VERSION}")
        rules = self.rules(data["rules"]) if "rules" in data else Rules()
        if not isinstance(data.get("neighbourhoods"), list):
            raise InstanceError(data.line, "neighbourhoods", "must be a list of strings")
        neighbourhoods = self.strings(data, "neighbourhoods")
        seen: set[str] = set()
        for name in neighbourhoods:
            if name in seen:
                raise InstanceError(data.line, "neighbourhoods", f"neighbourhood {name!r} is listed twice")
            seen.add(name)
        self.neighbourhoods = seen
        buildings: list[Building] = []
        units: list[Unit] = []
        building_ids: set[str] = set()
        for node in self.objects(data, "buildings"):
            building, own_units = self.building(node)
            if building.id in building_ids:
                raise InstanceError(node.line, "id", f"building {building.id!r} is listed twice")
            building_ids.add(building.id)
            buildings.append(building)
            units.extend(own_units)
        apps: list[Application] = []
        app_ids: set[str] = set()
        for node in self.objects(data, "applications"):
            app = self.application(node)
            if app.id in app_ids:
                raise InstanceError(node.line, "id", f"application {app.id!r} is listed twice")
            app_ids.add(app.id)
            apps.append(app)
        return Instance(tuple(neighbourhoods), tuple(buildings), tuple(units), tuple(apps), rules)

    def rules(self, node: Any) -> Rules:
        if not isinstance(node, _Node):
            raise InstanceError(1, "rules", "must be an object")
        default = Rules()
        raw = node.get("affordability_share", str(default.affordability_share))
        try:
            share = Decimal(str(raw)) if isinstance(raw, str) or _is_number(raw) else Decimal("NaN")
        except ArithmeticError:
            share = Decimal("NaN")
        if not share.is_finite() or not 0 < share <= 1:
            raise InstanceError(node.line, "affordability_share", "must be in (0, 1]")
        bonus = node.get("preference_bonus", list(default.preference_bonus))
        if not isinstance(bonus, list) or not all(_is_number(b) and b >= 0 for b in bonus):
            raise InstanceError(node.line, "preference_bonus", "must be a list of numbers >= 0")
        regimes = node.get("regimes", {})
        if not isinstance(regimes, dict) or not all(v in REGIMES for v in regimes.values()):
            raise InstanceError(node.line, "regimes", f"must map pathways to one of {', '.join(REGIMES)}")
        default_regime = node.get("default_regime", default.default_regime)
        if default_regime not in REGIMES:
            raise InstanceError(node.line, "default_regime", f"must be one of {', '.join(REGIMES)}")
        return Rules(
            regimes=tuple(sorted((str(k), str(v)) for k, v in regimes.items())),
            default_regime=default_regime,
            m2_first=self.number(node, "m2_first", default.m2_first),
            first_occupants=self.integer(node, "first_occupants", default.first_occupants),
            m2_after=self.number(node, "m2_after", default.m2_after),
            affordability_share=share,
            affordability_exempt_pathways=tuple(self.strings(node, "affordability_exempt_pathways")),
            preference_bonus=tuple(float(b) for b in bonus),
            group_living_cap=self.integer(node, "group_living_cap", default.group_living_cap, minimum=1),
        )

    def building(self, node: _Node) -> tuple[Building, list[Unit]]:
        b_id = self.string(node, "id")
        nb = self.known(node, "neighbourhood", self.string(node, "neighbourhood"))
        existing = self.integer(node, "existing_households", 0)
        counts_node = node.get("existing_counts", {})
        if not isinstance(counts_node, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= existing for v in counts_node.values()
        ):
            raise InstanceError(node.line, "existing_counts", "must map groups to counts from 0 to existing_households")
        limits = []
        for limit in self.objects(node, "limits", required=False):
            share = limit.get("max_share")
            count = limit.get("max_count")
            if share is None and count is None:
                raise InstanceError(limit.line, "max_share", "a limit needs max_share or max_count")
            if share is not None and not (_is_number(share) and 0 <= share <= 1):
                raise InstanceError(limit.line, "max_share", "must be a number between 0 and 1")
            if count is not None:
                count = self.integer(limit, "max_count", 0)
            exact = None if share is None else Decimal(share) if isinstance(share, Decimal) else Decimal(repr(share))
            if exact is not None and -int(exact.normalize().as_tuple().exponent) > 12:
                raise InstanceError(limit.line, "max_share", "at most 12 decimals")
            limits.append(MixLimit(self.string(limit, "group"), exact, count))
        units = []
        for u in self.objects(node, "units"):
            u_id = self.string(u, "id")
            if u_id in self.unit_home:
                raise InstanceError(u.line, "id", f"unit {u_id!r} is already in building {self.unit_home[u_id]!r}")
            self.unit_home[u_id] = b_id
            units.append(
                Unit(
                    id=u_id,
                    building_id=b_id,
                    neighbourhood_id=nb,
                    pathway=self.string(u, "pathway"),
                    rooms=self.integer(u, "rooms", None, minimum=1),
                    usable_m2=self.number(u, "usable_m2", None, positive=True),
                    max_occupants=self.integer(u, "max_occupants", None, minimum=1),
                    step_free=self.boolean(u, "step_free"),
                    wheelchair=self.boolean(u, "wheelchair"),
                    group_living=self.boolean(u, "group_living"),
                    monthly_cost=self.integer(u, "monthly_cost", None),
                )
            )
        counts = tuple((str(k), int(v)) for k, v in counts_node.items())
        return Building(b_id, nb, existing, counts, tuple(limits)), units

    def application(self, node: _Node) -> Application:
        preferred = [
            self.known(node, "preferred_neighbourhoods", n) for n in self.strings(node, "preferred_neighbourhoods")
        ]
        excluded = [
            self.known(node, "excluded_neighbourhoods", n) for n in self.strings(node, "excluded_neighbourhoods")
        ]
        both = sorted(set(preferred) & set(excluded))
        if both:
            raise InstanceError(node.line, "excluded_neighbourhoods", f"{both[0]!r} is both preferred and excluded")
        quadrant = node.get("quadrant", "")
        if quadrant not in (*QUADRANTS, ""):
            raise InstanceError(node.line, "quadrant", f"must be one of {', '.join(QUADRANTS)}")
        return Application(
            id=self.string(node, "id"),
            household_size=self.integer(node, "household_size", None, minimum=1),
            pathway=self.string(node, "pathway"),
            priority=self.number(node, "priority", None),
            monthly_income=self.integer(node, "monthly_income", 0),
            needs_step_free=self.boolean(node, "needs_step_free"),
            needs_wheelchair=self.boolean(node, "needs_wheelchair"),
            wants_group_living=self.boolean(node, "wants_group_living"),
            preferred_neighbourhoods=tuple(preferred),
            excluded_neighbourhoods=tuple(excluded),
            quadrant=quadrant,
            groups=tuple(self.strings(node, "groups")),
            household_id=self.optional_string(node, "household"),
            housed=self.boolean(node, "housed"),
            transfer=self.boolean(node, "transfer"),
        )

    def known(self, node: _Node, field: str, name: str) -> str:
        if name not in self.neighbourhoods:
            raise InstanceError(node.line, field, f"unknown neighbourhood {name!r}")
        return name

    @staticmethod
    def objects(node: _Node, field: str, *, required: bool = True) -> list[_Node]:
        if field not in node and not required:
            return []
        value = node.get(field)
        if not isinstance(value, list) or not all(isinstance(v, _Node) for v in value):
            raise InstanceError(node.line, field, "must be a list of objects")
        return value

    @staticmethod
    def string(node: _Node, field: str) -> str:
        value = node.get(field)
        if not isinstance(value, str) or not value:
            raise InstanceError(node.line, field, "must be a non-empty string")
        return value

    @staticmethod
    def optional_string(node: _Node, field: str) -> str:
        value = node.get(field, "")
        if not isinstance(value, str):
            raise InstanceError(node.line, field, "must be a string")
        return value

    @staticmethod
    def strings(node: _Node, field: str) -> list[str]:
        value = node.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InstanceError(node.line, field, "must be a list of strings")
        return value

    @staticmethod
    def boolean(node: _Node, field: str) -> bool:
        value = node.get(field, False)
        if not isinstance(value, bool):
            raise InstanceError(node.line, field, "must be true or false")
        return value

    @staticmethod
    def integer(node: _Node, field: str, default: int | None, *, minimum: int = 0) -> int:
        value = node.get(field, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise InstanceError(node.line, field, f"must be an integer >= {minimum}")
        return value

    @staticmethod
    def number(node: _Node, field: str, default: float | None, *, positive: bool = False) -> float:
        value = node.get(field, default)
        if not _is_number(value) or value < 0 or (positive and value == 0):
            raise InstanceError(node.line, field, "must be a number > 0" if positive else "must be a number >= 0")
        return float(value)


def _without_none(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None}


def _is_number(value: object) -> TypeGuard[int | float | Decimal]:
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _decimal(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")
