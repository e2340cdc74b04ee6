"""Writes of the assessment module. Every service takes the acting membership as ``actor``
(user, organisation, territory, role), checks the business rules and raises a domain exception
from ``abitare.core.exceptions`` with a translatable message when a rule refuses the operation.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import can_see_territory
from abitare.assessments import defaults, scoring
from abitare.assessments.models import (
    Assessment,
    AssessmentScore,
    Domain,
    DomainLevel,
    Instrument,
    PathwayChangeProposal,
    PathwayMap,
)
from abitare.assessments.permissions import can_configure_territory
from abitare.assessments.selectors import instrument_in_force, instrument_with_domains, pathway_map_in_force
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.registry.models import Disability, Household, HouseholdMember

REASSESS_AFTER_MONTHS = 6


def _require_household(actor: Membership, household: Household) -> None:
    if household.organisation_id != actor.organisation_id or not can_see_territory(actor, household.territory.path):
        raise NotAllowed(_("This household belongs to another organisation or territory."))


def household_members_facts(*, household: Household, on: datetime.date) -> list[scoring.MemberFacts]:
    """Age on ``on`` and severe disability (law 104/1992 art. 3 c. 3) of the members who had not left by then.

    Read by the system to decide Dopo di Noi eligibility; nothing of it is shown to the actor.
    """
    members = list(
        HouseholdMember.objects.filter(household=household).exclude(end_date__lt=on).select_related("person")
    )
    severe = set(
        Disability.objects.filter(
            person_id__in=[member.person_id for member in members],
            recognition=Disability.Recognition.ART3_C3,
        ).values_list("person_id", flat=True)
    )
    return [
        scoring.MemberFacts(age=member.person.age_on(on), severe_disability=member.person_id in severe)
        for member in members
    ]


def _domain_specs(instrument: Instrument) -> list[scoring.DomainSpec]:
    return [
        scoring.DomainSpec(code=domain.code, axis=scoring.Axis(domain.axis), weight=domain.weight)
        for domain in instrument.domains.all()
    ]


@transaction.atomic
def assessment_record(
    *,
    actor: Membership,
    household: Household,
    assessed_on: datetime.date,
    scores: Mapping[str, Any],
    evidence: Mapping[str, str] | None = None,
    chosen_pathway: str = "",
    override_reason: str = "",
    dopo_di_noi_requested: bool = False,
    instrument: Instrument | None = None,
    next_due_on: datetime.date | None = None,
) -> Assessment:
    """Score every domain of the instrument in force, compute axes, quadrant and recommended pathway.

    Another pathway than the recommended one needs a written reason. The household's previous
    assessment stops being its latest; if the quadrant changed, a pathway-change proposal goes on
    the work list (and any older open proposal is superseded).
    """
    _require_household(actor, household)
    # One assessment of a household at a time: the previous "latest" is read and replaced below.
    Household.objects.select_for_update().filter(pk=household.pk).exists()
    today = timezone.localdate()
    if assessed_on > today:
        raise DomainError(_("The assessment date cannot be in the future."), field="assessed_on")
    instrument = instrument_with_domains(instrument or instrument_in_force(territory=household.territory, on=today))
    if instrument.status != Instrument.Status.ACTIVE:
        raise DomainError(_("Only an active instrument can be used for a new assessment."), field="instrument")
    if instrument.territory_id is not None and instrument.territory_id not in household.territory.ancestor_ids():
        raise DomainError(_("This instrument does not apply to the household's territory."), field="instrument")
    pathway_map = pathway_map_in_force(territory=household.territory, on=assessed_on)
    eligible = dopo_di_noi_requested and scoring.dopo_di_noi_eligible(
        household_members_facts(household=household, on=assessed_on)
    )
    result = scoring.assess(
        _domain_specs(instrument),
        scores,
        thresholds=scoring.Thresholds(pathway_map.resources_threshold, pathway_map.potential_threshold),
        pathway_map=pathway_map.as_map(),
        dopo_di_noi_requested=dopo_di_noi_requested,
        dopo_di_noi_eligible=eligible,
    )
    chosen = chosen_pathway or result.recommended_pathway
    if chosen not in {item.value for item in scoring.Pathway}:
        raise DomainError(_("Choose a pathway from the list."), field="chosen_pathway")
    reason = override_reason.strip()
    if chosen != result.recommended_pathway and not reason:
        raise ValidationFailed(
            {"override_reason": [_("Write why you choose another pathway than the recommended one.")]},
            _("Another pathway than the recommended one needs a written reason."),
        )
    if chosen == result.recommended_pathway:
        reason = ""
    unknown_evidence = set(evidence or {}) - {domain.code for domain in instrument.domains.all()}
    if unknown_evidence:
        raise ValidationFailed({code: [_("This domain is not part of the instrument.")] for code in unknown_evidence})

    previous = (
        Assessment.objects.select_for_update().filter(household=household, is_latest=True).order_by("-id").first()
    )
    if previous is not None and previous.assessed_on > assessed_on:
        raise Conflict(
            _("The household already has a later assessment (%(date)s): record assessments in date order.")
            % {"date": previous.assessed_on.isoformat()},
            field="assessed_on",
        )
    if previous is not None:
        Assessment.objects.filter(pk=previous.pk).update(is_latest=False)
        PathwayChangeProposal.objects.filter(household=household, status=PathwayChangeProposal.Status.OPEN).update(
            status=PathwayChangeProposal.Status.SUPERSEDED, resolved_at=timezone.now()
        )
    assessment = Assessment.objects.create(
        household=household,
        instrument=instrument,
        pathway_map=pathway_map,
        organisation_id=household.organisation_id,
        territory_id=household.territory_id,
        assessor=actor.user,
        assessed_on=assessed_on,
        resources_score=result.resources,
        potential_score=result.potential,
        quadrant=result.quadrant,
        recommended_pathway=result.recommended_pathway,
        chosen_pathway=chosen,
        override_reason=reason,
        dopo_di_noi_requested=dopo_di_noi_requested,
        next_due_on=next_due_on or scoring.next_due(assessed_on, REASSESS_AFTER_MONTHS),
        previous_quadrant=previous.quadrant if previous is not None else "",
        is_latest=True,
    )
    clean = scoring.check_scores(_domain_specs(instrument), scores)
    bulk_create_with_history(
        [
            AssessmentScore(
                assessment=assessment,
                domain=domain,
                score=clean[domain.code],
                evidence=((evidence or {}).get(domain.code) or "").strip(),
            )
            for domain in instrument.domains.all()
        ],
        AssessmentScore,
        default_user=actor.user,
    )
    if assessment.quadrant_changed:
        PathwayChangeProposal.objects.create(
            assessment=assessment,
            household=household,
            organisation_id=assessment.organisation_id,
            territory_id=assessment.territory_id,
            from_quadrant=assessment.previous_quadrant,
            to_quadrant=assessment.quadrant,
        )
    return assessment


@transaction.atomic
def proposal_settle(
    *, actor: Membership, proposal: PathwayChangeProposal, status: str, note: str = ""
) -> PathwayChangeProposal:
    """Close a pathway-change proposal: the pathway was changed, or kept (with a note saying why)."""
    proposal = PathwayChangeProposal.objects.select_for_update().select_related("territory").get(pk=proposal.pk)
    if proposal.organisation_id != actor.organisation_id or not can_see_territory(actor, proposal.territory.path):
        raise NotAllowed(_("This household belongs to another organisation or territory."))
    if proposal.status != PathwayChangeProposal.Status.OPEN:
        raise Conflict(_("This proposal has already been settled."))
    if status not in {PathwayChangeProposal.Status.ACCEPTED, PathwayChangeProposal.Status.DECLINED}:
        raise DomainError(_("Choose whether the pathway was changed or kept."), field="status")
    if status == PathwayChangeProposal.Status.DECLINED and not note.strip():
        raise DomainError(_("Write why the pathway is kept."), field="note")
    proposal.status = status
    proposal.note = note.strip()
    proposal.resolved_by = actor.user
    proposal.resolved_at = timezone.now()
    proposal.save(update_fields=["status", "note", "resolved_by", "resolved_at", "updated_at"])
    return proposal


@transaction.atomic
def instrument_new_version(
    *,
    actor: Membership,
    source: Instrument,
    territory: Territory,
    valid_from: datetime.date,
    weights: Mapping[str, Decimal] | None = None,
) -> Instrument:
    """A draft copy of an instrument for a territory (domains, weights, anchors), numbered after the
    newest version of that name; past assessments keep the version they used."""
    if not can_configure_territory(actor, territory):
        raise NotAllowed(_("You can configure only your own territory and what lies below it."), field="territory")
    source = instrument_with_domains(source)
    domains = list(source.domains.all())
    weights = dict(weights or {})
    unknown = set(weights) - {domain.code for domain in domains}
    errors: dict[str, list[Any]] = {code: [_("This domain is not part of the instrument.")] for code in unknown}
    for code, weight in weights.items():
        if weight < 0:
            errors[code] = [_("A domain weight cannot be negative.")]
    for axis in scoring.Axis:
        if not any(weights.get(domain.code, domain.weight) > 0 for domain in domains if domain.axis == axis):
            errors[str(axis)] = [_("The instrument gives this axis no domain with a positive weight.")]
    if errors:
        raise ValidationFailed(errors)
    newest = Instrument.objects.filter(name=source.name).order_by("-version").values_list("version", flat=True)
    instrument = Instrument.objects.create(
        name=source.name,
        version=(newest.first() or 0) + 1,
        territory=territory,
        valid_from=valid_from,
        status=Instrument.Status.DRAFT,
        source=source.source,
        derived_from=source,
    )
    for domain in domains:
        copy = Domain.objects.create(
            instrument=instrument,
            code=domain.code,
            name_it=domain.name_it,
            name_en=domain.name_en,
            description_it=domain.description_it,
            description_en=domain.description_en,
            axis=domain.axis,
            weight=weights.get(domain.code, domain.weight),
            order=domain.order,
        )
        DomainLevel.objects.bulk_create(
            DomainLevel(domain=copy, level=level.level, anchor_it=level.anchor_it, anchor_en=level.anchor_en)
            for level in domain.levels.all()
        )
    return instrument


@transaction.atomic
def instrument_activate(*, actor: Membership, instrument: Instrument) -> Instrument:
    """Put a draft in force for its territory; the version it replaces there is retired."""
    instrument = Instrument.objects.select_for_update(of=("self",)).select_related("territory").get(pk=instrument.pk)
    if instrument.territory is None or not can_configure_territory(actor, instrument.territory):
        raise NotAllowed(_("You can configure only your own territory and what lies below it."))
    if instrument.status != Instrument.Status.DRAFT:
        raise Conflict(_("Only a draft can be put in force."))
    Instrument.objects.filter(
        name=instrument.name, territory=instrument.territory, status=Instrument.Status.ACTIVE
    ).update(status=Instrument.Status.RETIRED)
    instrument.status = Instrument.Status.ACTIVE
    instrument.save(update_fields=["status", "updated_at"])
    return instrument


def instrument_install_default() -> Instrument:
    """Install the shipped default instrument and pathway map when missing (idempotent)."""
    instrument: Instrument = defaults.install_default(Instrument, Domain, DomainLevel, PathwayMap)
    return instrument
