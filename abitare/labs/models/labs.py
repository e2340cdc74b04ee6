"""Labs, their phase history and their councils (consulte)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.labs.models.places import Place, Tag


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
