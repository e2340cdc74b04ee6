"""The registry's lists as spreadsheets: households and persons, as the list pages filter them.

A confidential address is exported as the pages show it; the law 104 recognition is a
special-category column, there only for a membership with the sensitive-data permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exports import Column, ListExport, register_export
from abitare.registry import selectors
from abitare.registry.models import Disability, Household, HouseholdMember, Person
from abitare.registry.permissions import address_view, may_read_sensitive


@dataclass(frozen=True)
class _Summary:
    members: int
    reference: str
    reference_code: str


SUMMARY = "export_summary"  # where a chunk's household gets its summary


def _summary(household: Household) -> _Summary:
    summary: _Summary = household.__dict__[SUMMARY]
    return summary


def _household_rows(actor: Membership, params: Any) -> QuerySet[Household]:
    filters = selectors.PersonFilters.from_query(params)
    return selectors.household_list(actor=actor, filters=filters).order_by("name", "id")


def _household_members(households: list[Household]) -> None:
    """Each household's current members and reference person, in one query for the chunk."""
    by_household: dict[int, list[HouseholdMember]] = {household.pk: [] for household in households}
    members = (
        HouseholdMember.objects.filter(household_id__in=by_household, end_date__isnull=True)
        .select_related("person")
        .order_by("start_date", "id")
    )
    for member in members:
        by_household[member.household_id].append(member)
    for household in households:
        current = by_household[household.pk]
        reference = next(
            (member.person for member in current if member.relationship == HouseholdMember.Relationship.REFERENCE),
            None,
        )
        household.__dict__[SUMMARY] = _Summary(
            members=len(current),
            reference=f"{reference.first_name} {reference.last_name}" if reference else "",
            reference_code=reference.codice_fiscale if reference else "",
        )


def _household_columns(actor: Membership) -> list[Column]:
    addresses = address_view(actor)
    return [
        Column(_("Household"), lambda household: household.name or str(household)),
        Column(_("Address"), addresses.address),
        Column(_("Neighbourhood"), lambda household: str(household.territory)),
        Column(_("Current members"), lambda household: _summary(household).members),
        Column(_("Reference person"), lambda household: _summary(household).reference),
        Column(_("Reference person's Codice Fiscale"), lambda household: _summary(household).reference_code),
        Column(_("Recorded on"), lambda household: household.created_at.date()),
    ]


def _person_rows(actor: Membership, params: Any) -> QuerySet[Person]:
    persons = selectors.person_list(actor=actor, filters=selectors.PersonFilters.from_query(params))
    if not selectors.PersonFilters.from_query(params).q:
        persons = persons.order_by("last_name", "first_name", "id")
    if may_read_sensitive(actor):
        latest = Disability.objects.filter(person=OuterRef("pk")).order_by("-recognised_on", "-id")
        persons = persons.annotate(disability=Subquery(latest.values("recognition")[:1]))
    return persons


def _person_columns(actor: Membership) -> list[Column]:
    columns = [
        Column(_("Last name"), lambda person: person.last_name),
        Column(_("First name"), lambda person: person.first_name),
        Column(_("Codice Fiscale"), lambda person: person.codice_fiscale),
        Column(_("Birth date"), lambda person: person.birth_date),
        Column(_("Sex"), lambda person: person.get_sex_display()),
        Column(_("Citizenship"), lambda person: person.citizenship),
        Column(_("Phone"), lambda person: person.phone),
        Column(_("Email"), lambda person: person.email),
        Column(_("Neighbourhood"), lambda person: str(person.territory)),
    ]
    if may_read_sensitive(actor):
        labels = dict(Disability.Recognition.choices)
        columns.append(
            Column(
                _("Law 104 recognition"),
                lambda person: str(labels.get(person.disability, "")) if person.disability else "",
            )
        )
    return columns


HOUSEHOLDS = ListExport(
    name="registry.households",
    filename=_("households"),
    rows=_household_rows,
    columns=_household_columns,
    enrich=_household_members,
)
PERSONS = ListExport(name="registry.persons", filename=_("persons"), rows=_person_rows, columns=_person_columns)


def register() -> None:
    register_export(HOUSEHOLDS)
    register_export(PERSONS)
