"""Eligibility and priority rules as data, evaluated by plain functions (no ORM).

A territory encodes its regulation as rows: each rule names a *fact* from the catalogue below,
an operator and a threshold. An eligibility rule must hold for the application to be eligible;
a priority rule adds ``points`` when it holds, or ``points`` per unit of the fact (e.g. per
month of waiting) up to ``cap``. A rule that cannot be evaluated is refused when it is saved
(:func:`check_rule`), so evaluation itself never fails on a rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class FactType(StrEnum):
    NUMBER = "number"
    BOOLEAN = "boolean"


class Operator(StrEnum):
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    EQ = "=="
    IS_TRUE = "is true"
    IS_FALSE = "is false"


@dataclass(frozen=True)
class Fact:
    code: str
    type: FactType
    description: str  # English; the pages translate it through the catalogue labels


# The facts a rule may use. They are computed from the application, its household, the latest
# valid ISEE attestation and the sensitive records (see services.application_facts).
FACTS: dict[str, Fact] = {
    fact.code: fact
    for fact in (
        Fact("isee", FactType.NUMBER, "ISEE of the latest valid attestation (euro); missing if none"),
        Fact("household_size", FactType.NUMBER, "members of the household"),
        Fact("minors", FactType.NUMBER, "members under 18"),
        Fact("elderly_65", FactType.NUMBER, "members aged 65 or more"),
        Fact("elderly_75", FactType.NUMBER, "members aged 75 or more"),
        Fact("disability_severe", FactType.NUMBER, "members with law 104/1992 art. 3 c. 3 recognition"),
        Fact("invalidity_66", FactType.NUMBER, "members with civil invalidity of 66 % or more"),
        Fact("waiting_months", FactType.NUMBER, "whole months since the application was submitted"),
        Fact("monthly_income", FactType.NUMBER, "declared monthly income of the household (euro)"),
        Fact("eviction_notice", FactType.BOOLEAN, "an eviction notice or order is in force"),
        Fact("overcrowding", FactType.BOOLEAN, "the current home is overcrowded (declared)"),
        Fact("residence_or_work", FactType.BOOLEAN, "resides or works in the territory"),
        Fact("owns_suitable_property", FactType.BOOLEAN, "owns a suitable home (declared)"),
        Fact("single_parent", FactType.BOOLEAN, "one adult with minor children"),
    )
}

NUMBER_OPERATORS = frozenset({Operator.LE, Operator.LT, Operator.GE, Operator.GT, Operator.EQ})
BOOLEAN_OPERATORS = frozenset({Operator.IS_TRUE, Operator.IS_FALSE})

FactValue = Decimal | bool | None


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    fact: str
    operator: str
    threshold: Decimal | None = None
    points: Decimal = Decimal(0)
    per_unit: bool = False
    cap: Decimal | None = None


class RuleError(ValueError):
    """The rule cannot be evaluated; the message says why (shown when the rule is saved)."""


def parse_threshold(raw: str | Decimal | int | None) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).replace(",", "."))
    except InvalidOperation as error:
        raise RuleError(f"the threshold {raw!r} is not a number") from error
    if not value.is_finite():
        raise RuleError(f"the threshold {raw!r} is not a number")
    return value


def check_rule(rule: Rule, *, priority: bool) -> None:
    """Refuse a rule that names an unknown fact, an operator that does not fit it, or no threshold."""
    fact = FACTS.get(rule.fact)
    if fact is None:
        raise RuleError(f"unknown fact {rule.fact!r}")
    allowed = NUMBER_OPERATORS if fact.type is FactType.NUMBER else BOOLEAN_OPERATORS
    if rule.operator not in allowed:
        raise RuleError(f"the operator {rule.operator!r} does not apply to {rule.fact!r}")
    if fact.type is FactType.NUMBER and rule.threshold is None and not rule.per_unit:
        raise RuleError(f"{rule.fact!r} needs a numeric threshold")
    if rule.per_unit and fact.type is not FactType.NUMBER:
        raise RuleError("points per unit need a numeric fact")
    if priority and rule.points == 0:
        raise RuleError("a priority rule must give points")
    if rule.cap is not None and rule.cap < 0:
        raise RuleError("the cap cannot be negative")


def holds(rule: Rule, facts: Mapping[str, FactValue]) -> bool | None:
    """True or False; None when the fact is missing (e.g. no valid ISEE), which fails eligibility."""
    value = facts.get(rule.fact)
    if value is None:
        return None
    if rule.operator == Operator.IS_TRUE:
        return bool(value)
    if rule.operator == Operator.IS_FALSE:
        return not bool(value)
    if rule.threshold is None:  # per-unit rules without a condition always hold
        return True
    number = Decimal(value)
    return {
        Operator.LE: number <= rule.threshold,
        Operator.LT: number < rule.threshold,
        Operator.GE: number >= rule.threshold,
        Operator.GT: number > rule.threshold,
        Operator.EQ: number == rule.threshold,
    }[Operator(rule.operator)]


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    failed: list[str] = field(default_factory=list)  # codes of the rules that do not hold
    missing: list[str] = field(default_factory=list)  # codes of the rules whose fact is missing


def eligibility(rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> Verdict:
    failed, missing = [], []
    for rule in rules:
        result = holds(rule, facts)
        if result is None:
            missing.append(rule.code)
        elif not result:
            failed.append(rule.code)
    return Verdict(eligible=not failed and not missing, failed=failed, missing=missing)


@dataclass(frozen=True)
class ScorePart:
    code: str
    label: str
    points: Decimal


def priority(rules: Sequence[Rule], facts: Mapping[str, FactValue]) -> tuple[Decimal, list[ScorePart]]:
    """The priority score and its parts, one per rule that gives points."""
    parts = []
    for rule in rules:
        if not holds(rule, facts):
            continue
        points = rule.points * Decimal(facts[rule.fact] or 0) if rule.per_unit else rule.points
        if rule.cap is not None:
            points = min(points, rule.cap)
        if points:
            parts.append(ScorePart(rule.code, rule.label, points.quantize(Decimal("0.01"))))
    return sum((part.points for part in parts), Decimal(0)), parts
