"""Housing stock: owners, buildings, units and their states, common spaces, agreed-rent agreements."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField

POSITIVE = [MinValueValidator(Decimal("0.01"))]

#: Energy performance classes of the APE (DM 26/06/2015), best first.
ENERGY_CLASSES = [(code, code) for code in ("A4", "A3", "A2", "A1", "B", "C", "D", "E", "F", "G")]


class Owner(TimeStampedModel):
    """A private owner who lets flats at agreed rent through the agency (the agency intermediates)."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        PERSON = "person", _("Private person")
        COMPANY = "company", _("Company")
        BODY = "body", _("Public or non-profit body")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    tax_code = models.CharField(_("tax code"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OwnerAgreement(TimeStampedModel):
    """The agency's agreement (convenzione) with a private owner who lets flats through it."""

    PERSONAL_DATA = True

    owner = models.ForeignKey(Owner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(_("reference"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    rent_guarantee = models.BooleanField(
        _("rent guarantee"), default=False, help_text=_("The agency guarantees the rent if the tenant does not pay.")
    )
    terms = models.TextField(_("terms"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("owner agreement")
        verbose_name_plural = _("owner agreements")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="housing_owner_agreement_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner.name} · {self.reference}"


class Building(TimeStampedModel):
    class OwnerKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PUBLIC_HOUSING_BODY = "public_housing_body", _("Public housing body")
        PRIVATE_AGREEMENT = "private_agreement", _("Private owner under agreement")
        COOPERATIVE = "cooperative", _("Cooperative")
        URBAN_PLAN = "urban_plan", _("Urban-plan obligation (PII)")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("managing organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("neighbourhood or municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(
        _("code"), max_length=30, blank=True, db_default="", help_text=_("The agency's code for the building.")
    )
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=250)
    owner_kind = models.CharField(_("owner"), max_length=24, choices=OwnerKind.choices)
    owner = models.ForeignKey(
        Owner,
        verbose_name=_("private owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buildings",
    )
    # Catasto: sheet (foglio) and parcel (particella/mappale) of the building; each unit adds its sub.
    cadastral_municipality = models.CharField(
        _("cadastral municipality code"),
        max_length=4,
        blank=True,
        db_default="",
        help_text=_("Four characters, e.g. E715."),
    )
    cadastral_sheet = models.CharField(_("cadastral sheet"), max_length=10, blank=True, db_default="")
    cadastral_parcel = models.CharField(_("cadastral parcel"), max_length=10, blank=True, db_default="")
    energy_class = models.CharField(_("energy class"), max_length=2, choices=ENERGY_CLASSES, blank=True, db_default="")
    lift = models.BooleanField(_("lift"), default=False, db_default=False)
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False, db_default=False)
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=300, blank=True, db_default="")
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    retired_reason = models.CharField(_("reason for retirement"), max_length=300, blank=True, db_default="")
    # Social mix (mixité) limits used by matching rounds; empty means no limit.
    max_low_low_share = models.DecimalField(
        _("max share of low-resources, low-potential households"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Between 0 and 1, e.g. 0.30."),
    )
    max_elderly = models.PositiveSmallIntegerField(_("max households with elderly members"), null=True, blank=True)
    max_young = models.PositiveSmallIntegerField(_("max young / NEET households"), null=True, blank=True)
    max_disability = models.PositiveSmallIntegerField(_("max households with a disabled member"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_low_low_share__isnull=True)
                | (Q(max_low_low_share__gte=0) & Q(max_low_low_share__lte=1)),
                name="housing_building_mix_share_range",
            ),
            models.CheckConstraint(
                condition=~Q(owner_kind="private_agreement") | Q(owner__isnull=False),
                name="housing_building_private_has_owner",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~Q(code=""),
                name="housing_building_code_unique",
                violation_error_message=_("Another building of the organisation has this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class Unit(TimeStampedModel):
    """A flat (alloggio). Its state changes only through ``unit_change_state``."""

    class State(models.TextChoices):
        TO_RENOVATE = "to_renovate", _("To renovate")
        AVAILABLE = "available", _("Available")
        OFFERED = "offered", _("Offered")
        OCCUPIED = "occupied", _("Occupied")
        VACATING = "vacating", _("Vacating")
        RETIRED = "retired", _("Retired from the stock")

    # The only allowed moves (docs/modules/housing.md); an offer that falls through returns the flat to available.
    # A unit leaves the stock ("retired") only through ``unit_retire``, and never comes back.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        State.TO_RENOVATE: frozenset({State.AVAILABLE}),
        State.AVAILABLE: frozenset({State.OFFERED, State.TO_RENOVATE}),
        State.OFFERED: frozenset({State.OCCUPIED, State.AVAILABLE}),
        State.OCCUPIED: frozenset({State.VACATING}),
        State.VACATING: frozenset({State.AVAILABLE, State.TO_RENOVATE}),
    }

    #: States a unit may be registered in: an offer needs an offer, and a retired unit is not stock.
    INITIAL_STATES: ClassVar[frozenset[str]] = frozenset(
        {State.TO_RENOVATE, State.AVAILABLE, State.OCCUPIED, State.VACATING}
    )

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("code"), max_length=30)
    floor = models.SmallIntegerField(_("floor"))
    lift = models.BooleanField(_("lift"), default=False)
    rooms = models.PositiveSmallIntegerField(_("rooms"), validators=[MinValueValidator(1)])
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), null=True, blank=True)
    cadastral_sub = models.CharField(_("cadastral sub-unit (subalterno)"), max_length=10, blank=True, db_default="")
    usable_m2 = models.DecimalField(_("usable area (m²)"), max_digits=6, decimal_places=1, validators=POSITIVE)
    max_occupants = models.PositiveSmallIntegerField(_("maximum occupants"), validators=[MinValueValidator(1)])
    step_free = models.BooleanField(_("step-free access"), default=False)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    group_living = models.BooleanField(_("suitable for group living"), default=False)
    earmarked_pathway = models.CharField(_("earmarked pathway"), max_length=24, choices=PATHWAY_CHOICES, blank=True)
    monthly_rent = MoneyField(_("monthly rent"), validators=[MinValueValidator(Decimal(0))])
    service_charges = MoneyField(_("monthly service charges"), default=Decimal(0), validators=[MinValueValidator(0)])
    agreed_rent_zone = models.ForeignKey(
        "housing.AgreementZone",
        verbose_name=_("agreed-rent zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.TO_RENOVATE)
    history = tracked()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="housing_unit_code_unique"),
            models.CheckConstraint(condition=Q(monthly_rent__gte=0), name="housing_unit_rent_not_negative"),
            models.CheckConstraint(condition=Q(service_charges__gte=0), name="housing_unit_charges_not_negative"),
            models.CheckConstraint(
                condition=Q(bedrooms__isnull=True) | Q(bedrooms__lte=models.F("rooms")),
                name="housing_unit_bedrooms_within_rooms",
                violation_error_message=_("A unit cannot have more bedrooms than rooms."),
            ),
        ]
        indexes = [models.Index(fields=["state"], name="housing_unit_state_idx")]

    def __str__(self) -> str:
        return f"{self.building.name} · {self.code}"

    @property
    def monthly_cost(self) -> Decimal:
        return Decimal(self.monthly_rent) + Decimal(self.service_charges)

    @property
    def is_retired(self) -> bool:
        return self.state == self.State.RETIRED

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.state, frozenset())


class UnitStateChange(models.Model):
    """The history of a unit's states: who moved it, when, why."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=12, choices=Unit.State.choices)
    to_state = models.CharField(_("to"), max_length=12, choices=Unit.State.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unit state change")
        verbose_name_plural = _("unit state changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.from_state} -> {self.to_state}"


class CommonSpace(TimeStampedModel):
    class Kind(models.TextChoices):
        COMMON_ROOM = "common_room", _("Common room")
        GARDEN = "garden", _("Garden or vegetable plot")
        LAUNDRY = "laundry", _("Shared laundry")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    class ActKind(models.TextChoices):
        REGULATION = "regulation", _("Use regulation")
        COLLABORATION_PACT = "pact", _("Collaboration pact")
        CONCESSION = "concession", _("Concession or loan for use")
        OTHER = "other", _("Other act")

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="common_spaces"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=6, decimal_places=1, null=True, blank=True)
    # The act that governs the space's use: a use regulation, a collaboration pact, a concession.
    act_kind = models.CharField(_("governing act"), max_length=16, choices=ActKind.choices, blank=True, db_default="")
    act_reference = models.CharField(_("act reference"), max_length=200, blank=True, db_default="")
    act_date = models.DateField(_("act date"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("common space")
        verbose_name_plural = _("common spaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStampedModel):
    """An accordo territoriale for agreed rents (L. 431/1998 art. 2 c.3; DM 16/01/2017), kept as data."""

    class Confidence(models.TextChoices):
        VERIFIED = "V", _("Checked against the primary text")
        SECONDARY = "S", _("Secondary source only: verify before use")
        UNCONFIRMED = "M", _("Unconfirmed: do not use for contracts")

    class RateUnit(models.TextChoices):
        PER_YEAR = "year", _("€ per m² per year")
        PER_MONTH = "month", _("€ per m² per month")

    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    rate_unit = models.CharField(_("rates are"), max_length=5, choices=RateUnit.choices)
    source = models.TextField(_("source"), help_text=_("Signatories, act, where the text can be read."))
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    # Components of the conventional surface (e.g. {"garage": "0.50", "balcony": "0.25"}); the flat counts 1.
    surface_shares = models.JSONField(_("surface shares"), default=dict, blank=True)
    # Percent supplements (maggiorazioni), e.g. {"furnished": "10", "duration_4_2": "4.5"}.
    supplements = models.JSONField(_("supplements (%)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("agreed-rent agreement")
        verbose_name_plural = _("agreed-rent agreements")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class AgreementZone(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="zones"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    territories = models.ManyToManyField(
        "accounts.Territory", verbose_name=_("neighbourhoods"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement zone")
        verbose_name_plural = _("agreement zones")
        ordering = ["agreement", "code"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="housing_zone_code_unique")]

    def __str__(self) -> str:
        return f"{self.agreement.name} · {self.code} {self.name}"


class AgreementBand(models.Model):
    """A band (fascia) of a zone: the €/m² range that applies with a number of quality elements."""

    zone = models.ForeignKey(AgreementZone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("band"), max_length=60)
    min_elements = models.PositiveSmallIntegerField(_("from elements"), default=0)
    max_elements = models.PositiveSmallIntegerField(_("to elements"), null=True, blank=True)
    min_rate = models.DecimalField(_("minimum €/m²"), max_digits=8, decimal_places=2)
    max_rate = models.DecimalField(_("maximum €/m²"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("agreement band")
        verbose_name_plural = _("agreement bands")
        ordering = ["zone", "min_elements"]
        constraints = [
            models.CheckConstraint(condition=Q(min_rate__lte=models.F("max_rate")), name="housing_band_min_le_max")
        ]

    def __str__(self) -> str:
        return f"{self.zone.code} {self.name}"
