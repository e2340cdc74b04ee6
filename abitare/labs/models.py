"""Community labs: places, phases, activities and their occurrences, registrations, attendance,
volunteers and help networks."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel


class Tag(models.Model):
    """An interest a citizen can look for: music, gardening, homework help..."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("interest tag")
        verbose_name_plural = _("interest tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(TimeStampedModel):
    """Where things happen: a lab's rooms, a library, a courtyard. Public information only."""

    name = models.CharField(_("name"), max_length=200)
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("neighbourhood or municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("managed by"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessibility = models.TextField(_("accessibility notes"), blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postal_code} {self.city}".strip()) if part)


class OpeningHours(models.Model):
    """One opening span of a place on a weekday (Monday = 0)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="labs_opening_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Lab(TimeStampedModel):
    """A laboratorio di comunità / sociale, community hub or casa per fare insieme."""

    class Kind(models.TextChoices):
        COMMUNITY_LAB = "community_lab", _("Community lab")
        SOCIAL_LAB = "social_lab", _("Social lab")
        COMMUNITY_HUB = "community_hub", _("Community hub")
        SHARED_HOUSE = "shared_house", _("House for doing things together")

    class Phase(models.TextChoices):
        ENGAGEMENT = "engagement", _("Engagement (aggancio)")
        ACTIVATION = "activation", _("Activation (attivazione)")
        MAINTENANCE = "maintenance", _("Maintenance (manutenzione)")

    # A lab moves one step forward, or one step back when it loses momentum.
    PHASE_TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Phase.ENGAGEMENT: {Phase.ACTIVATION},
        Phase.ACTIVATION: {Phase.MAINTENANCE, Phase.ENGAGEMENT},
        Phase.MAINTENANCE: {Phase.ACTIVATION},
    }

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="labs"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("lead organisation"), on_delete=models.PROTECT, related_name="labs"
    )
    collaborators = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("collaborating organisations"), blank=True, related_name="+"
    )
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    main_place = models.ForeignKey(
        Place, verbose_name=_("main place"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    places = models.ManyToManyField(Place, verbose_name=_("connected places"), blank=True, related_name="labs")
    tags = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="labs")
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.ENGAGEMENT)
    is_published = models.BooleanField(_("shown in the public directory"), default=True)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LabPhaseChange(models.Model):
    """One step of a lab's phase history, with the date it happened and why."""

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="phase_changes")
    phase_from = models.CharField(_("from"), max_length=12, choices=Lab.Phase.choices, blank=True)
    phase_to = models.CharField(_("to"), max_length=12, choices=Lab.Phase.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase history")
        ordering = ["lab", "date", "id"]

    def __str__(self) -> str:
        return f"{self.lab} {self.phase_from or '-'} -> {self.phase_to} ({self.date})"


class Activity(TimeStampedModel):
    """Something a lab offers, once or on a recurrence rule (RFC 5545) in Europe/Rome time."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        AGORA = "agora", _("Agorà (network gathering)")
        COUNCIL = "council", _("Council meeting")

    class Audience(models.TextChoices):
        ALL = "all", _("Everyone")
        CHILDREN = "children", _("Children")
        YOUNG_PEOPLE = "young_people", _("Young people")
        FAMILIES = "families", _("Families")
        ELDERLY = "elderly", _("Older people")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="activities")
    dtstart = models.DateTimeField(_("first start"))
    duration = models.DurationField(_("duration"))
    rrule = models.TextField(_("recurrence rule (RFC 5545)"), blank=True)
    # End of the last occurrence, kept by the services so a window query needs no expansion.
    last_end = models.DateTimeField(_("last end"), db_index=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL)
    tags = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="activities")
    is_free = models.BooleanField(_("free"), default=True)
    registration_required = models.BooleanField(_("registration needed"), default=False)
    # Labs that take part in an Agorà and are shown with it: the host's organisation's labs, and
    # another organisation's labs once they accepted the invitation (AgoraInvitation).
    participating_labs = models.ManyToManyField(
        Lab, verbose_name=_("participating labs"), blank=True, related_name="gatherings"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["dtstart", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration__gt=datetime.timedelta(0)), name="labs_activity_duration"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class AgoraInvitation(models.Model):
    """Another organisation's lab invited to an Agorà: it takes part, and is shown with the Agorà
    on the public pages and feeds, only once a facilitator of that lab accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    activity = models.ForeignKey(
        Activity, verbose_name=_("Agorà"), on_delete=models.CASCADE, related_name="invitations"
    )
    lab = models.ForeignKey(Lab, verbose_name=_("invited lab"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("Agorà invitation")
        verbose_name_plural = _("Agorà invitations")
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "lab"], name="labs_agora_invitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lab} · {self.activity}"


class ActivityException(models.Model):
    """An occurrence of a recurring activity that is cancelled or moved to another time."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="exceptions"
    )
    original_start = models.DateTimeField(_("original start"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("occurrence change")
        verbose_name_plural = _("occurrence changes")
        ordering = ["original_start"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "original_start"], name="labs_exception_unique"),
            models.CheckConstraint(
                condition=Q(kind="cancelled", new_start__isnull=True) | Q(kind="moved", new_start__isnull=False),
                name="labs_exception_new_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.original_start:%Y-%m-%d %H:%M} {self.kind}"


class Occurrence(models.Model):
    """One dated occurrence of an activity, stored once something is attached to it
    (registrations, attendance, head counts). Its row is the lock for sign-ups."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="occurrences"
    )
    start = models.DateTimeField(_("start"))

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["activity", "start"], name="labs_occurrence_unique")]

    def __str__(self) -> str:
        return f"{self.activity} {self.start:%Y-%m-%d %H:%M}"


class Registration(TimeStampedModel):
    """A person signed up for one occurrence: confirmed, on the waiting list or cancelled."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    first_time = models.BooleanField(_("first experience of civic participation"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the citizen signed up on the public page."),
    )
    history = tracked()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["occurrence", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=~Q(status="cancelled"),
                name="labs_registration_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.occurrence}"


class Attendance(TimeStampedModel):
    """A named participant was present at an occurrence."""

    PERSONAL_DATA = True

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="attendances"
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(_("name"), max_length=150)
    first_time = models.BooleanField(_("first experience of civic participation"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["occurrence", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.occurrence}"


class HeadCount(models.Model):
    """Anonymous count of people at an occurrence, by age band and sex."""

    class AgeBand(models.TextChoices):
        UNDER_6 = "0-5", _("0-5 years")
        CHILD = "6-13", _("6-13 years")
        TEEN = "14-17", _("14-17 years")
        YOUNG_ADULT = "18-34", _("18-34 years")
        ADULT = "35-64", _("35-64 years")
        SENIOR = "65+", _("65 years and over")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNSTATED = "unstated", _("Not stated")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="head_counts"
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("head count")
        verbose_name_plural = _("head counts")
        ordering = ["occurrence", "age_band", "sex"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "age_band", "sex"], name="labs_headcount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.age_band} {self.sex}: {self.count}"


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


class HelpOffer(TimeStampedModel):
    """A member of a help network offers something (kind, where, when)."""

    PERSONAL_DATA = True

    network = models.ForeignKey(HelpNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="offers")
    person_name = models.CharField(_("offered by"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=HelpNetwork.Kind.choices)
    description = models.TextField(_("description"))
    neighbourhood = models.ForeignKey(
        "accounts.Territory", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("weekdays (0 = Monday)"), max_length=13, blank=True)
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = tracked()

    class Meta:
        verbose_name = _("help offer")
        verbose_name_plural = _("help offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_name}"


class HelpRequest(TimeStampedModel):
    """A member of a help network asks for something (kind, where, when)."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey(
        HelpNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="requests"
    )
    person_name = models.CharField(_("asked by"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=HelpNetwork.Kind.choices)
    description = models.TextField(_("description"))
    neighbourhood = models.ForeignKey(
        "accounts.Territory", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("weekdays (0 = Monday)"), max_length=13, blank=True)
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    matched_offer = models.ForeignKey(
        HelpOffer, verbose_name=_("matched offer"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_name}"


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


class CouncilMeeting(TimeStampedModel):
    """A meeting of a lab's council (consulta): when, where, the agenda and the minutes."""

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.PROTECT, related_name="council_meetings")
    date = models.DateField(_("date"))
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.lab} {self.date}"


class CouncilAttendee(models.Model):
    """Who took part in a council meeting and on whose behalf (a resident, an association...)."""

    PERSONAL_DATA = True

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(_("name"), max_length=150)
    represents = models.CharField(_("on behalf of"), max_length=200, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("council attendee")
        verbose_name_plural = _("council attendees")
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return self.name
