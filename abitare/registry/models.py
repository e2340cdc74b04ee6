"""People (anagrafe): persons, households and their members, ISEE attestations as INPS issues
them, sensitive records kept apart (GDPR art. 9), consents, desk consultations and the record of
data-subject requests."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField

# INPS prints the DSU protocol as INPS-ISEE-<year>-<9 digits>-<2 digits> (see docs/modules/registry.md).
DSU_PROTOCOL_PATTERN = r"^INPS-ISEE-\d{4}-\d{9}-\d{2}$"
dsu_protocol_validator = RegexValidator(
    DSU_PROTOCOL_PATTERN,
    _("Write the DSU protocol as INPS printed it: INPS-ISEE-YYYY-NNNNNNNNN-NN."),
    code="dsu_protocol",
)
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


class IseeAttestation(TimeStampedModel):
    """An ISEE attestation as INPS issued it: stored, never recomputed (docs/sources.md#isee)."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        ORDINARY = "ordinario", _("Ordinary")
        CURRENT = "corrente", _("Current (corrente)")
        SOCIAL_HEALTH = "socio_sanitario", _("Social and health care (socio-sanitario)")
        MINORS = "minorenni", _("Minors (minorenni)")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="isee_attestations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    isee = MoneyField(_("ISEE"), validators=[MinValueValidator(0)])
    ise = MoneyField(_("ISE"), validators=[MinValueValidator(0)])
    isr = MoneyField(_("ISR"), validators=[MinValueValidator(0)])
    isp = MoneyField(_("ISP"), validators=[MinValueValidator(0)])
    equivalence_scale = models.DecimalField(
        _("equivalence scale"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(1)],
        help_text=_("The parameter printed on the attestation, surcharges included."),
    )
    dsu_protocol = models.CharField(
        _("DSU protocol"), max_length=30, validators=[dsu_protocol_validator], help_text="INPS-ISEE-YYYY-NNNNNNNNN-NN"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = tracked()

    class Meta:
        verbose_name = _("ISEE attestation")
        verbose_name_plural = _("ISEE attestations")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "dsu_protocol"], name="registry_isee_dsu_unique"),
            models.CheckConstraint(condition=Q(expires_on__gte=F("issued_on")), name="registry_isee_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"ISEE {self.isee} € · {self.dsu_protocol}"

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on < day

    @property
    def is_expired(self) -> bool:
        return self.is_expired_on(timezone.localdate())


class SensitiveRecord(TimeStampedModel):
    """Special-category data (GDPR art. 9/10), each kind in its own table behind its own permission."""

    PERSONAL_DATA = True
    SENSITIVE = True

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True


class Disability(SensitiveRecord):
    """Recognised disability (law 104/1992) and civil invalidity percentage."""

    class Recognition(models.TextChoices):
        NONE = "none", _("Not recognised under law 104/1992")
        ART3_C1 = "art3_c1", _("Law 104/1992 art. 3 c. 1 (disability)")
        ART3_C3 = "art3_c3", _("Law 104/1992 art. 3 c. 3 (severe disability)")

    recognition = models.CharField(_("law 104 recognition"), max_length=8, choices=Recognition.choices)
    invalidity_percent = models.PositiveSmallIntegerField(
        _("civil invalidity %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    non_self_sufficient = models.BooleanField(_("not self-sufficient"), default=False)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    review_on = models.DateField(_("review due on"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("disability")
        verbose_name_plural = _("disabilities")
        ordering = ["-recognised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invalidity_percent__isnull=True) | Q(invalidity_percent__lte=100),
                name="registry_disability_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_recognition_display())


class HealthNote(SensitiveRecord):
    """A health note an operator needs for the support plan."""

    noted_on = models.DateField(_("date"), default=datetime.date.today)
    history = tracked()

    class Meta:
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")
        ordering = ["-noted_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.noted_on}"


class JudicialMeasure(SensitiveRecord):
    """A judicial measure (GDPR art. 10): probation, house arrest, an alternative sentence..."""

    kind = models.CharField(_("measure"), max_length=150)
    authority = models.CharField(_("issuing authority"), max_length=150, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("judicial measure")
        verbose_name_plural = _("judicial measures")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.kind


class ProtectionMeasure(SensitiveRecord):
    """Protection from domestic violence: orders, shelter placement, anti-violence centre pathway."""

    class Kind(models.TextChoices):
        REMOVAL_ORDER = "removal_order", _("Removal from the family home (art. 282-bis c.p.p.)")
        RESTRAINING_ORDER = "restraining_order", _("Restraining order (art. 282-ter c.p.p.)")
        SHELTER = "shelter", _("Placement in a shelter")
        ANTI_VIOLENCE_CENTRE = "anti_violence_centre", _("Anti-violence centre pathway")
        OTHER = "other", _("Other")

    kind = models.CharField(_("measure"), max_length=24, choices=Kind.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    address_confidential = models.BooleanField(_("address must stay confidential"), default=True)
    history = tracked()

    class Meta:
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


SENSITIVE_MODELS: tuple[type[SensitiveRecord], ...] = (Disability, HealthNote, JudicialMeasure, ProtectionMeasure)


class Consent(TimeStampedModel):
    """A consent or acknowledged privacy notice for one purpose, with its version and validity."""

    PERSONAL_DATA = True

    class Purpose(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Privacy notice acknowledged")
        SERVICE = "service", _("Processing for the support pathway")
        SHARING = "sharing", _("Sharing with partner organisations")
        CONTACT = "contact", _("Contact about activities and labs")
        RESEARCH = "research", _("Research and statistics")
        IMAGES = "images", _("Photos and videos")

    class Status(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", pgettext_lazy("consent", "Withdrawn")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    notice_version = models.CharField(_("notice version"), max_length=30)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GIVEN)
    history = tracked()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="registry_consent_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.notice_version})"


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
        return f"{self.held_on} · {self.get_topic_display()}"


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


class DataSubjectRequest(models.Model):
    """A data-subject request (export, erasure) and its outcome, kept for the auditor.

    Holds no personal data once the person is erased: only the pseudonym and the outcome.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    person_ref = models.CharField(_("person"), max_length=64, help_text=_("Pseudonymous reference."))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_ref} ({self.get_outcome_display()})"


class ExportRelease(TimeStampedModel):
    """The data protection officer's decision on household-level notes in one person's
    data-subject export.

    A household's notes (support and mediation notes, assessment evidence, hosting needs...) may
    speak of its other members: a member's export leaves them out and lists them here, pending;
    the data protection officer (the auditor role) releases those that are about the person, with
    a reason, and keeps the others withheld. ``records`` and ``released`` hold record keys
    (``app.model:id:field``).
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the data protection officer")
        DECIDED = "decided", _("Decided")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="export_releases"
    )
    records = models.JSONField(_("household records withheld"), default=list)
    released = models.JSONField(_("records released"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("export made by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("export release decision")
        verbose_name_plural = _("export release decisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="pending"), name="registry_release_one_pending_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False) & ~Q(reason="")),
                name="registry_release_decided_fields",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Export of %(person)s: household records") % {"person": self.person})
