"""Volunteers and their hours, help networks (micro-reti di aiuto) with their offers, requests and members."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.labs.models.labs import Lab
from abitare.labs.models.places import OpeningHours


class Volunteer(TimeStampedModel):
    """A person who gives time: skills, availability and the labs they help."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    availability = models.TextField(_("availability"), blank=True)
    weekdays = models.CharField(_("weekdays available (0 = Monday)"), max_length=13, blank=True, db_default="")
    labs = models.ManyToManyField(Lab, verbose_name=_("labs helped"), blank=True, related_name="volunteers")
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    is_active = models.BooleanField(_("active"), default=True)
    history = tracked()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def free_days(self) -> str:
        """The weekdays the volunteer is free on, in words ("lunedì, mercoledì")."""
        labels = dict(OpeningHours.Weekday.choices)
        return ", ".join(str(labels[int(day)]) for day in self.weekdays if day.isdigit() and int(day) in labels)


class VolunteerHours(models.Model):
    """Time a volunteer gave to a lab on a day."""

    PERSONAL_DATA = True

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="hours"
    )
    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    history = tracked()

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.hours}"


class HelpNetwork(TimeStampedModel):
    """A micro-rete di aiuto: a small free service run by citizens."""

    class Kind(models.TextChoices):
        AFTER_SCHOOL = "after_school", _("After-school help")
        SWAP = "swap", _("Swap")
        SHARED_SHOPPING = "shared_shopping", _("Shared shopping")
        ELDERLY_COMPANY = "elderly_company", _("Company for older people")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), on_delete=models.SET_NULL, null=True, blank=True, related_name="help_networks"
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("help network")
        verbose_name_plural = _("help networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HelpNeed(TimeStampedModel):
    """What an offer and a request of help share: who, which kind of help, where and when.

    Abstract: offers and requests keep their own tables. Each names its ``network`` (the reverse
    name differs) and ``person_name`` (the label differs), and adds ``history = tracked()``, which
    an abstract model cannot hold."""

    PERSONAL_DATA = True

    network: models.ForeignKey[HelpNetwork, HelpNetwork]
    network_id: int
    person_name: models.CharField[str, str]
    kind = models.CharField(_("kind"), max_length=16, choices=HelpNetwork.Kind.choices)
    description = models.TextField(_("description"))
    neighbourhood = models.ForeignKey(
        "accounts.Territory", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("weekdays (0 = Monday)"), max_length=13, blank=True)
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_name}"


class HelpOffer(HelpNeed):
    """A member of a help network offers something (kind, where, when)."""

    network = models.ForeignKey(HelpNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="offers")
    person_name = models.CharField(_("offered by"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    history = tracked()

    class Meta(HelpNeed.Meta):
        verbose_name = _("help offer")
        verbose_name_plural = _("help offers")


class HelpRequest(HelpNeed):
    """A member of a help network asks for something (kind, where, when)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey(
        HelpNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="requests"
    )
    person_name = models.CharField(_("asked by"), max_length=150)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    matched_offer = models.ForeignKey(
        HelpOffer, verbose_name=_("matched offer"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = tracked()

    class Meta(HelpNeed.Meta):
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")


class HelpNetworkMember(TimeStampedModel):
    """A citizen who takes part in a help network (offers or asks for help)."""

    PERSONAL_DATA = True

    network = models.ForeignKey(
        HelpNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    neighbourhood = models.ForeignKey(
        "accounts.Territory", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    is_active = models.BooleanField(_("active"), default=True)
    history = tracked()

    class Meta:
        verbose_name = _("help network member")
        verbose_name_plural = _("help network members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
