"""Writes for labs and places: creation, details, connected places and phase changes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs.models import Lab, LabPhaseChange, Place, Tag


def _organisation_works_in(organisation: Organisation, territory: Territory) -> bool:
    return any(territory.path.startswith(t.path) for t in organisation.territories.all())


# First path segments of labs/urls.py that a lab's address must not shadow.
RESERVED_SLUGS = frozenset({"calendario", "territorio", "attivita", "gestione", "reti", "offri-il-tuo-tempo"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "lab"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Lab.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def tag_get_or_create(*, name: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(slug=slugify(name)[:50], defaults={"name": name})
    return tag


@transaction.atomic
def place_create(
    *,
    actor: Membership,
    name: str,
    territory: Territory,
    organisation: Organisation,
    street: str,
    city: str,
    postal_code: str = "",
    latitude: Any = None,
    longitude: Any = None,
    step_free: bool = False,
    accessibility: str = "",
    opening_hours: Sequence[tuple[int, datetime.time, datetime.time]] = (),
) -> Place:
    """Add a place with its weekly opening hours (weekday 0 = Monday)."""
    place = Place(
        name=name,
        territory=territory,
        organisation=organisation,
        street=street,
        city=city,
        postal_code=postal_code,
        latitude=latitude,
        longitude=longitude,
        step_free=step_free,
        accessibility=accessibility,
    )
    place.full_clean()
    place.save()
    for weekday, opens_at, closes_at in opening_hours:
        if closes_at <= opens_at:
            raise DomainError(_("A place must close after it opens."), field="opening_hours")
        place.opening_hours.create(weekday=weekday, opens_at=opens_at, closes_at=closes_at)
    return place


@transaction.atomic
def lab_create(
    *,
    actor: Membership,
    name: str,
    kind: str,
    territory: Territory,
    organisation: Organisation,
    main_place: Place | None = None,
    description: str = "",
    tags: Iterable[Tag] = (),
    email: str = "",
    phone: str = "",
    phase: str = Lab.Phase.ENGAGEMENT,
    started_on: datetime.date | None = None,
) -> Lab:
    """Open a lab led by ``organisation`` in ``territory``; its first phase goes into the history."""
    if not _organisation_works_in(organisation, territory):
        raise DomainError(_("The lead organisation does not work in this territory."), field="territory")
    lab = Lab(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        territory=territory,
        organisation=organisation,
        main_place=main_place,
        description=description,
        email=email,
        phone=phone,
        phase=phase,
    )
    lab.full_clean()
    lab.save()
    lab.tags.set(list(tags))
    if main_place is not None:
        lab.places.add(main_place)
    LabPhaseChange.objects.create(
        lab=lab, phase_from="", phase_to=phase, date=started_on or timezone.localdate(), actor=actor.user
    )
    return lab


@transaction.atomic
def lab_phase_change(*, actor: Membership, lab: Lab, phase: str, date: datetime.date, note: str = "") -> Lab:
    """Move a lab one phase forward (or back), recording the date and a note in its history."""
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    if phase not in Lab.PHASE_TRANSITIONS.get(lab.phase, set()):
        raise Conflict(
            _("A lab in phase “%(current)s” cannot move to “%(wanted)s”.")
            % {"current": lab.get_phase_display(), "wanted": Lab.Phase(phase).label if phase in Lab.Phase else phase},
            field="phase",
        )
    last = lab.phase_changes.order_by("-date").values_list("date", flat=True).first()
    if last is not None and date < last:
        raise DomainError(_("The change cannot be dated before the previous one."), field="date")
    LabPhaseChange.objects.create(lab=lab, phase_from=lab.phase, phase_to=phase, date=date, note=note, actor=actor.user)
    lab.phase = phase
    lab.save(update_fields=["phase", "updated_at"])
    return lab


LAB_EDITABLE = frozenset({"name", "kind", "main_place", "description", "email", "phone", "is_published"})


@transaction.atomic
def lab_update(*, actor: Membership, lab: Lab, tags: Iterable[Tag] | None = None, **changes: Any) -> Lab:
    """Change a lab's public details; its phase changes only through :func:`lab_phase_change`."""
    unknown = set(changes) - LAB_EDITABLE
    if unknown:
        raise DomainError(
            _("These details cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    for name, value in changes.items():
        setattr(lab, name, value)
    lab.full_clean()
    lab.save()
    if tags is not None:
        lab.tags.set(list(tags))
    if lab.main_place_id is not None:
        lab.places.add(lab.main_place_id)
    return lab


@transaction.atomic
def lab_place_connect(*, actor: Membership, lab: Lab, place: Place) -> Lab:
    """Add a connected place to a lab (a library, a courtyard where it also meets)."""
    lab.places.add(place)
    return lab


PLACE_EDITABLE = frozenset(
    {"name", "street", "postal_code", "city", "latitude", "longitude", "step_free", "accessibility", "territory"}
)


@transaction.atomic
def place_update(
    *,
    actor: Membership,
    place: Place,
    opening_hours: Sequence[tuple[int, datetime.time, datetime.time]] | None = None,
    **changes: Any,
) -> Place:
    """Change a place's address, coordinates or accessibility; ``opening_hours`` replaces them all."""
    unknown = set(changes) - PLACE_EDITABLE
    if unknown:
        raise DomainError(
            _("These details cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    place = Place.objects.select_for_update().get(pk=place.pk)
    for name, value in changes.items():
        setattr(place, name, value)
    place.full_clean()
    place.save()
    if opening_hours is not None:
        place.opening_hours.all().delete()
        for weekday, opens_at, closes_at in opening_hours:
            if closes_at <= opens_at:
                raise DomainError(_("A place must close after it opens."), field="opening_hours")
            place.opening_hours.create(weekday=weekday, opens_at=opens_at, closes_at=closes_at)
    return place
