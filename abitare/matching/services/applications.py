"""Writes for applications and allocation rules; evaluation of eligibility and priority."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core import rules
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.matching import rules as core
from abitare.matching.models import Application, ApplicationPreference, Rule, RuleSet
from abitare.registry.models import Disability, Household, HouseholdMember
from abitare.registry.selectors import isee_latest_valid


def _rule_of(row: Rule) -> core.Rule:
    return core.Rule(
        code=row.code,
        label=row.label,
        fact=row.fact,
        operator=row.operator,
        threshold=row.threshold,
        points=row.points,
        per_unit=row.per_unit,
        cap=row.cap,
    )


@transaction.atomic
def rule_set_create(
    *,
    actor: Membership,
    territory: Territory,
    kind: str,
    name: str,
    valid_from: datetime.date,
    source: str,
    confidence: str,
    pathway: str = "",
    valid_to: datetime.date | None = None,
    regime: str = "",
) -> RuleSet:
    rule_set = RuleSet(
        territory=territory,
        kind=kind,
        name=name,
        pathway=pathway,
        regime=regime,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        confidence=confidence,
    )

    try:
        rule_set.full_clean()
    except ValidationError as error:
        raise ValidationFailed(error.message_dict) from error
    rule_set.save()
    return rule_set


@transaction.atomic
def rule_add(
    *,
    actor: Membership,
    rule_set: RuleSet,
    code: str,
    label: str,
    fact: str,
    operator: str,
    threshold: Decimal | str | None = None,
    points: Decimal | str | int = 0,
    per_unit: bool = False,
    cap: Decimal | str | None = None,
) -> Rule:
    """Add a rule; one that cannot be evaluated is refused now, with the reason."""
    try:
        candidate = core.Rule(
            code=code,
            label=label,
            fact=fact,
            operator=operator,
            threshold=core.parse_threshold(threshold),
            points=core.parse_threshold(points) or Decimal(0),
            per_unit=per_unit,
            cap=core.parse_threshold(cap),
        )
        core.check_rule(candidate, priority=rule_set.kind == RuleSet.Kind.PRIORITY)
    except core.RuleError as error:
        raise DomainError(_("The rule cannot be evaluated: %(reason)s") % {"reason": error}, field="fact") from error
    if rule_set.rules.filter(code=code).exists():
        raise DomainError(_("A rule with this code is already in the set."), field="code")
    return Rule.objects.create(
        rule_set=rule_set,
        order=rule_set.rules.count(),
        code=code,
        label=label,
        fact=fact,
        operator=operator,
        threshold=candidate.threshold,
        points=candidate.points,
        per_unit=per_unit,
        cap=candidate.cap,
    )


@transaction.atomic
def rule_set_load(*, actor: Membership, territory: Territory, data: Mapping[str, Any]) -> RuleSet:
    """Load a rule set from its data file, all or nothing."""
    try:
        rule_set = rule_set_create(
            actor=actor,
            territory=territory,
            kind=data["kind"],
            name=data["name"],
            pathway=data.get("pathway", ""),
            valid_from=datetime.date.fromisoformat(data["valid_from"]),
            valid_to=datetime.date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
            source=data["source"],
            confidence=data["confidence"],
            regime=data.get("regime", ""),
        )
        for item in data["rules"]:
            rule_add(
                actor=actor,
                rule_set=rule_set,
                code=item["code"],
                label=item["label"],
                fact=item["fact"],
                operator=item["operator"],
                threshold=item.get("threshold"),
                points=item.get("points", 0),
                per_unit=item.get("per_unit", False),
                cap=item.get("cap"),
            )
    except KeyError as error:
        raise DomainError(_("The rule set data lacks the field %(field)s.") % {"field": error.args[0]}) from error
    return rule_set


def rule_sets_in_force(*, territory: Territory, pathway: str, on: datetime.date, kind: str) -> RuleSet | None:
    """The rule set that applies: the nearest territory up the tree, pathway-specific first."""
    candidates = RuleSet.objects.filter(Q(pathway=pathway) | Q(pathway=""), kind=kind).prefetch_related("rules")
    return rules.in_force(
        candidates, territory_path=territory.path, on=on, prefer=lambda rule_set: rule_set.pathway == pathway
    )


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def application_facts(*, application: Application, on: datetime.date) -> dict[str, core.FactValue]:
    """The facts the rules read, from the application, its household, ISEE and sensitive records."""
    members = list(
        HouseholdMember.objects.filter(household_id=application.household_id, end_date__isnull=True)
        .select_related("person")
        .only("person__birth_date", "person_id", "relationship")
    )
    ages = [_age(member.person.birth_date, on) for member in members]
    person_ids = [member.person_id for member in members]
    disabilities = list(Disability.objects.filter(person_id__in=person_ids).values("recognition", "invalidity_percent"))
    isee = isee_latest_valid(household=application.household, on=on)
    adults = sum(1 for age in ages if age >= 18)
    minors = sum(1 for age in ages if age < 18)
    months = (on.year - application.submitted_on.year) * 12 + on.month - application.submitted_on.month
    if on.day < application.submitted_on.day:
        months -= 1
    return {
        "isee": Decimal(isee.isee) if isee else None,
        "household_size": Decimal(len(members)),
        "minors": Decimal(minors),
        "elderly_65": Decimal(sum(1 for age in ages if age >= 65)),
        "elderly_75": Decimal(sum(1 for age in ages if age >= 75)),
        "disability_severe": Decimal(sum(1 for d in disabilities if d["recognition"] == "art3_c3")),
        "invalidity_66": Decimal(sum(1 for d in disabilities if (d["invalidity_percent"] or 0) >= 66)),
        "waiting_months": Decimal(max(months, 0)),
        "monthly_income": Decimal(application.monthly_income),
        "eviction_notice": application.eviction_notice,
        "overcrowding": application.overcrowding,
        "residence_or_work": application.residence_or_work,
        "owns_suitable_property": application.owns_suitable_property,
        "single_parent": adults == 1 and minors > 0,
    }


@transaction.atomic
def application_evaluate(*, application: Application, on: datetime.date | None = None) -> Application:
    """Store the verdict, the score by rule and a snapshot of the rule sets used."""
    day = on or timezone.localdate()
    facts = application_facts(application=application, on=day)
    snapshot: dict[str, Any] = {"on": day.isoformat(), "facts": {k: _plain(v) for k, v in facts.items()}}
    eligibility_set = rule_sets_in_force(
        territory=application.territory, pathway=application.pathway, on=day, kind=RuleSet.Kind.ELIGIBILITY
    )
    priority_set = rule_sets_in_force(
        territory=application.territory, pathway=application.pathway, on=day, kind=RuleSet.Kind.PRIORITY
    )
    if eligibility_set is None:
        verdict = core.Verdict(eligible=False, failed=[], missing=["no_rule_set"])
        snapshot["eligibility"] = {"rule_set": None, "failed": [], "missing": ["no_rule_set"]}
    else:
        eligibility_rules = [_rule_of(rule) for rule in eligibility_set.rules.all()]
        verdict = core.eligibility(eligibility_rules, facts)
        snapshot["eligibility"] = {
            "rule_set": eligibility_set.pk,
            "name": eligibility_set.name,
            "rules": [_rule_snapshot(rule) for rule in eligibility_rules],
            "failed": verdict.failed,
            "missing": verdict.missing,
        }
    score: Decimal = Decimal(0)
    parts: list[core.ScorePart] = []
    if priority_set is not None:
        priority_rules = [_rule_of(rule) for rule in priority_set.rules.all()]
        score, parts = core.priority(priority_rules, facts)
        snapshot["priority"] = {
            "rule_set": priority_set.pk,
            "name": priority_set.name,
            "rules": [_rule_snapshot(rule) for rule in priority_rules],
            "parts": [
                {"code": p.code, "label": p.label, "points": str(p.points), "fact": _fact_of(priority_rules, p.code)}
                for p in parts
            ],
        }
    if application.penalty_points:
        # Points lost for unjustified refusals (the territory's refusal rule) stay across evaluations.
        score -= application.penalty_points
        snapshot.setdefault("priority", {"parts": []})["parts"].append(
            {
                "code": "refusal-penalty",
                "label": str(_("Points lost for refusing offers")),
                "points": str(-application.penalty_points),
                "fact": "",
            }
        )
    application.eligible = verdict.eligible
    application.score = score
    application.evaluation = snapshot
    application.evaluated_at = timezone.now()
    if application.status in {
        Application.Status.SUBMITTED,
        Application.Status.ELIGIBLE,
        Application.Status.NOT_ELIGIBLE,
    }:
        application.status = Application.Status.ELIGIBLE if verdict.eligible else Application.Status.NOT_ELIGIBLE
    application.save(update_fields=["eligible", "score", "evaluation", "evaluated_at", "status", "updated_at"])
    return application


def _fact_of(rules: Sequence[core.Rule], code: str) -> str:
    return next(rule.fact for rule in rules if rule.code == code)


def _plain(value: core.FactValue) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _rule_snapshot(rule: core.Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "label": rule.label,
        "fact": rule.fact,
        "operator": rule.operator,
        "threshold": None if rule.threshold is None else str(rule.threshold),
        "points": str(rule.points),
        "per_unit": rule.per_unit,
        "cap": None if rule.cap is None else str(rule.cap),
    }


@transaction.atomic
def application_submit(
    *,
    actor: Membership,
    household: Household,
    pathway: str,
    occupants: int,
    monthly_income: Decimal,
    submitted_on: datetime.date | None = None,
    preferred: Sequence[Territory] = (),
    excluded: Sequence[Territory] = (),
    **declarations: bool,
) -> Application:
    """A household applies for a pathway; it is evaluated at once against the rules in force."""
    errors: dict[str, list[Any]] = {}
    if household.organisation_id != actor.organisation_id or not household.territory.path.startswith(
        actor.territory.path
    ):
        raise DomainError(_("The household is not in your organisation and territory."), field="household")
    if set(preferred) & set(excluded):
        errors["excluded"] = [_("A neighbourhood cannot be both wanted and excluded.")]
    outside = [t for t in (*preferred, *excluded) if not t.path.startswith(actor.territory.path)]
    if outside:
        errors["preferred"] = [_("Choose neighbourhoods of your territory.")]
    if len(set(preferred)) != len(preferred):
        errors["preferred"] = [_("Each neighbourhood can be listed once.")]
    if occupants < 1:
        errors["occupants"] = [_("At least one occupant.")]
    if monthly_income < 0:
        errors["monthly_income"] = [_("The income cannot be negative.")]
    if errors:
        raise ValidationFailed(errors)
    application = Application(
        household=household,
        organisation_id=actor.organisation_id,
        territory=household.territory,
        pathway=pathway,
        submitted_on=submitted_on or timezone.localdate(),
        occupants=occupants,
        monthly_income=monthly_income,
        created_by=actor.user,
        **declarations,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise Conflict(_("The household already has an open application for this pathway."), field="pathway") from error
    ApplicationPreference.objects.bulk_create(
        ApplicationPreference(application=application, territory=territory, rank=rank)
        for rank, territory in enumerate(preferred, start=1)
    )
    application.excluded.set(excluded)
    return application_evaluate(application=application)


@transaction.atomic
def application_withdraw(*, actor: Membership, application: Application) -> Application:
    if application.status in {Application.Status.HOUSED, Application.Status.WITHDRAWN}:
        raise Conflict(_("This application is already closed."), field="status")
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application
