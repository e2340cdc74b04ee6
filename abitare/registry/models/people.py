"""People (anagrafe): persons, households and their members."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel

country_code_validator = RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter country code (IT, MA, RO...)."))


phone_validator = RegexValidator(r"^\+?[0-9 ./-]{6,20}$", _("Write the phone number with digits only."))


class Sex(models.TextChoices):
    """Sex as the Codice Fiscale records it."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Person(TimeStampedModel):
    """Someone the organisation works with. ``district`` is the root of ``territory`` (kept for the
    per-district uniqueness of the Codice Fiscale)."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("neighbourhood or municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "accounts.Territory", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    codice_fiscale = models.CharField(
        _("Codice Fiscale"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("16 characters. Leave empty only when the person has none yet."),
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=2, blank=True, default="IT", validators=[country_code_validator]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    pseudonymised_on = models.DateField(_("pseudonymised on"), null=True, blank=True, editable=False)
    # Lower-case copies kept by the database, indexed for the prefix search by name.
    last_name_key = models.GeneratedField(
        expression=Lower("last_name"), output_field=models.CharField(max_length=100), db_persist=True
    )
    first_name_key = models.GeneratedField(
        expression=Lower("first_name"), output_field=models.CharField(max_length=100), db_persist=True
    )
    history = tracked(excluded_fields=["last_name_key", "first_name_key"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "district", "codice_fiscale"],
                condition=~Q(codice_fiscale=""),
                name="registry_person_cf_unique_in_district",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="registry_person_name_idx"),
            # Pattern operator classes make LIKE 'prefix%' use the index on PostgreSQL whatever the
            # collation; other databases ignore them.
            models.Index(
                fields=["organisation", "last_name_key"],
                name="registry_person_last_key_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["organisation", "first_name_key"],
                name="registry_person_first_key_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Household(TimeStampedModel):
    """A household (nucleo familiare): who lives together at an address in a neighbourhood."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("neighbourhood or municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("How the operators call it, e.g. Famiglia Rossi.")
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), through="HouseholdMember", related_name="households"
    )
    history = tracked()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organisation", "territory"], name="registry_household_scope_idx")]

    def __str__(self) -> str:
        return self.name or str(_("Household %(id)s") % {"id": self.pk})


class HouseholdMember(models.Model):
    """A person's membership of a household over time; one active household per person."""

    PERSONAL_DATA = True

    class Relationship(models.TextChoices):
        REFERENCE = "reference", _("Reference person")
        PARTNER = "partner", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Brother or sister")
        GRANDCHILD = "grandchild", _("Grandchild")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        COHABITANT = "cohabitant", _("Cohabitant, not related")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    start_date = models.DateField(_("from"), default=datetime.date.today)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="registry_member_one_active_household"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="registry_member_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None
