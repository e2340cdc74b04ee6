"""The territory's refusal rule, kept as data: the reasons an operator records when a household
refuses an offered unit, which of them justify the refusal, and the consequence of an
unjustified one (docs/modules/matching.md)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core import rules
from abitare.core.exceptions import DomainError
from abitare.matching.models import RefusalReason, RefusalRule, RuleSet


@transaction.atomic
def refusal_rule_load(*, actor: Membership, territory: Territory, data: Mapping[str, Any]) -> RefusalRule:
    """Load a territory's refusal rule and its reasons from a data file, all or nothing."""
    try:
        consequence = data["consequence"]
        if consequence not in RefusalRule.Consequence.values:
            raise DomainError(_("Unknown consequence %(value)s.") % {"value": consequence}, field="consequence")
        if data["confidence"] not in RuleSet.Confidence.values:
            raise DomainError(_("Unknown confidence tag."), field="confidence")
        points = Decimal(str(data["points"])) if data.get("points") is not None else None
        months = int(data["months"]) if data.get("months") is not None else None
        if consequence == RefusalRule.Consequence.LOSE_POINTS and not (points and points > 0):
            raise DomainError(_("Say how many points an unjustified refusal loses."), field="points")
        if consequence == RefusalRule.Consequence.SUSPENSION and not (months and months > 0):
            raise DomainError(_("Say for how many months an unjustified refusal suspends."), field="months")
        rule = RefusalRule.objects.create(
            territory=territory,
            name=data["name"],
            valid_from=datetime.date.fromisoformat(data["valid_from"]),
            valid_to=datetime.date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
            source=data["source"],
            confidence=data["confidence"],
            consequence=consequence,
            points=points,
            months=months,
        )
        if not data["reasons"]:
            raise DomainError(_("A refusal rule needs at least one reason."), field="reasons")
        RefusalReason.objects.bulk_create(
            RefusalReason(rule=rule, order=i, code=r["code"], label=r["label"], justified=r.get("justified"))
            for i, r in enumerate(data["reasons"])
        )
    except KeyError as error:
        raise DomainError(_("The refusal rule data lacks the field %(field)s.") % {"field": error.args[0]}) from error
    except IntegrityError as error:
        raise DomainError(_("Two reasons of the refusal rule have the same code."), field="reasons") from error
    return rule


def refusal_rule_in_force(*, territory: Territory, on: datetime.date) -> RefusalRule | None:
    """The refusal rule that applies: the nearest territory up the tree, valid on ``on``."""
    return rules.in_force(RefusalRule.objects.prefetch_related("reasons"), territory_path=territory.path, on=on)
