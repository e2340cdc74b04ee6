"""Desk consultations (sportello) and the referrals made from them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.registry.models.people import Person


class Consultation(TimeStampedModel):
    """A desk consultation (sportello): who came, the topic, the advice, referrals, a follow-up."""

    PERSONAL_DATA = True

    class Topic(models.TextChoices):
        HOUSING_SEARCH = "housing_search", _("Housing search")
        RENT_SUPPORT = "rent_support", _("Rent support")
        PUBLIC_HOUSING = "public_housing", _("Public housing application")
        ARREARS = "arrears", _("Arrears and debt")
        WORK = "work", _("Work")
        FAMILY_BUDGET = "family_budget", _("Family budget")
        LONELINESS = "loneliness", _("Loneliness")
        OTHER = "other", _("Other")

    class AgeBand(models.TextChoices):
        UNDER_18 = "0-17", _("under 18")
        YOUNG = "18-34", "18-34"
        ADULT = "35-64", "35-64"
        ELDER = "65+", _("65 and over")
        UNKNOWN = "", _("not stated")

    class VisitorSex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        UNKNOWN = "", _("not stated")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"), default=datetime.date.today, db_index=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("Leave empty for an anonymous visitor."),
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=VisitorSex.choices, blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    advice = models.TextField(_("advice given"), blank=True)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    history = tracked()

    class Meta:
        verbose_name = _("desk consultation")
        verbose_name_plural = _("desk consultations")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "follow_up_on"], name="registry_consult_followup_idx"),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.held_on)} · {self.get_topic_display()}"


class Referral(models.Model):
    """Where a consultation sent the visitor."""

    class Kind(models.TextChoices):
        LAB = "lab", _("Community lab")
        SERVICE = "service", _("Service")
        PATHWAY = "pathway", _("Housing pathway")
        OFFICE = "office", _("Another office")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="referrals"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    to = models.CharField(_("referred to"), max_length=200)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.to}"
