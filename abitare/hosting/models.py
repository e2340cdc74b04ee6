"""Solidarity hosting network (Rete Casa solidale): host families and their availability,
emergency requests, placements and the append-only ledger of support given to hosts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField


def _exactly_one_of(first: str, second: str) -> Q:
    return (Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True})) | (
        Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})
    )


class Host(TimeStampedModel):
    """A household or a person of the registry who offers temporary hosting (famiglia ospitante)."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("host family", "Active")
        PAUSED = "paused", pgettext_lazy("host family", "Paused")
        LEFT = "left", pgettext_lazy("host family", "Left the network")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity (guests)"), validators=[MinValueValidator(1)], help_text=_("How many guests at the same time.")
    )
    conditions = models.TextField(_("conditions"), blank=True, help_text=_("What the host asks of guests."))
    offers_room = models.BooleanField(_("room"), default=True)
    offers_meals = models.BooleanField(_("meals"), default=False)
    offers_accompaniment = models.BooleanField(_("accompaniment"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    history = tracked()

    class Meta:
        verbose_name = _("host family")
        verbose_name_plural = _("host families")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_of("household", "person"), name="hosting_host_one_subject"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="hosting_host_capacity_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="hosting_host_scope_idx")]

    def __str__(self) -> str:
        return str(self.household or self.person or _("Host %(id)s") % {"id": self.pk})

    @property
    def offers(self) -> list[str]:
        flags = [
            (self.offers_room, _("room")),
            (self.offers_meals, _("meals")),
            (self.offers_accompaniment, _("accompaniment")),
            (self.pets_allowed, _("pets allowed")),
            (self.step_free, _("step-free access")),
        ]
        return [str(label) for on, label in flags if on]


class HostAvailability(models.Model):
    """A period in which the host can take guests (first and last night, both included)."""

    PERSONAL_DATA = True

    host = models.ForeignKey(Host, verbose_name=_("host"), on_delete=models.CASCADE, related_name="availabilities")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    history = tracked()

    class Meta:
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        ordering = ["start", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="hosting_availability_ordered")]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


class EmergencyRequest(TimeStampedModel):
    """A household or a person who needs a place to stay now (richiesta di accoglienza in emergenza)."""

    PERSONAL_DATA = True

    class Urgency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate (tonight)")
        URGENT = "urgent", _("Within a few days")
        PLANNED = "planned", _("Can be planned")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("emergency request", "Open")
        PLACED = "placed", pgettext_lazy("emergency request", "Placed")
        CLOSED = "closed", pgettext_lazy("emergency request", "Closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("emergency request", "Withdrawn")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.CLOSED, Status.WITHDRAWN}),
        Status.PLACED: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guests = models.PositiveSmallIntegerField(_("guests"), validators=[MinValueValidator(1)])
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.URGENT)
    wanted_from = models.DateField(_("needed from"))
    wanted_until = models.DateField(_("needed until"))
    needs = models.TextField(_("needs"), blank=True)
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    needs_meals = models.BooleanField(_("needs meals"), default=False)
    needs_accompaniment = models.BooleanField(_("needs accompaniment"), default=False)
    has_pets = models.BooleanField(_("comes with pets"), default=False)
    requested_by = models.CharField(
        _("requested by"), max_length=200, help_text=_("Who asked: a service, a hospital, the person themselves.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("emergency request")
        verbose_name_plural = _("emergency requests")
        ordering = ["wanted_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of("household", "person"), name="hosting_request_one_subject"
            ),
            models.CheckConstraint(
                condition=Q(wanted_until__gt=F("wanted_from")), name="hosting_request_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(guests__gte=1), name="hosting_request_guests_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="hosting_request_scope_idx")]

    def __str__(self) -> str:
        return str(self.household or self.person or _("Request %(id)s") % {"id": self.pk})

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class Placement(TimeStampedModel):
    """Guests of a request staying with a host (inserimento). Nights from ``start`` to the night
    before the end: the guests leave on the end date, so the bed is free that night."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    host = models.ForeignKey(Host, verbose_name=_("host"), on_delete=models.PROTECT, related_name="placements")
    request = models.ForeignKey(
        EmergencyRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="placements"
    )
    guests = models.PositiveSmallIntegerField(_("guests"), validators=[MinValueValidator(1)])
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gt=F("start")), name="hosting_placement_dates_ordered"),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start")),
                name="hosting_placement_end_after_start",
            ),
            models.CheckConstraint(condition=Q(guests__gte=1), name="hosting_placement_guests_positive"),
        ]
        indexes = [models.Index(fields=["host", "start"], name="hosting_placement_host_idx")]

    def __str__(self) -> str:
        return f"{self.request} → {self.host}"

    @property
    def end(self) -> datetime.date:
        """The day the guests leave: the actual end once recorded, else the planned one."""
        return self.actual_end or self.planned_end

    @property
    def is_open(self) -> bool:
        return self.actual_end is None


class HostSupportEntry(AppendOnlyModel):
    """Support given to a host: care hours at home, food vouchers, reimbursements.

    Append-only: an entry is never edited or deleted; a mistake is reversed by a new entry with the
    opposite sign and a reason. Totals are sums of entries.
    """

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        HOME_CARE_HOURS = "home_care_hours", _("Home care hours")
        FOOD_VOUCHER = "food_voucher", _("Food vouchers")
        REIMBURSEMENT = "reimbursement", _("Reimbursement")

    HOUR_KINDS: ClassVar[frozenset[str]] = frozenset({Kind.HOME_CARE_HOURS})

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    host = models.ForeignKey(Host, verbose_name=_("host"), on_delete=models.PROTECT, related_name="support_entries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = MoneyField(_("amount (€)"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True)
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = tracked()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("support to a host")
        verbose_name_plural = _("support to hosts")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="home_care_hours") & Q(hours__isnull=False) & Q(amount__isnull=True))
                | (~Q(kind="home_care_hours") & Q(hours__isnull=True) & Q(amount__isnull=False)),
                name="hosting_support_measure_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=False) | Q(amount__gt=0) | Q(hours__gt=0),
                name="hosting_support_positive_unless_reversal",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | ~Q(description=""),
                name="hosting_support_reversal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} ({self.occurred_on:%d/%m/%Y})"

    @property
    def quantity(self) -> Decimal:
        value = self.hours if self.kind in self.HOUR_KINDS else self.amount
        return Decimal(value if value is not None else 0)
