"""Support plans (accompagnamento, docs/modules/tenancies.md): goals with their status history, meetings,
the sensitive notes kept apart from the meetings, mediation cases between neighbours and
referrals to labs and services.

Free-text notes are special-category data (GDPR art. 9): they live only in ``MeetingNote`` and
``MediationNote`` (``models.support_notes``), read through ``selectors.support`` behind the
sensitive-data permission.
Child rows are scoped through their plan or case, which carry organisation and territory."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel


class SupportPlan(TimeStampedModel):
    """A household's support plan: who follows it, when it started, when it is next reviewed."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosingReason(models.TextChoices):
        GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
        MOVED_ON = "moved_on", _("Moved to another home or pathway")
        TAKEN_OVER = "taken_over", _("Taken over by another service")
        WITHDRAWN = "withdrawn", _("The household withdrew")
        OTHER = "other", _("Other reason")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="support_plans"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy",
        verbose_name=_("tenancy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_plans",
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("key worker"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("started on"))
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=16, choices=ClosingReason.choices, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "next_review_on"], name="tenancies_plan_review_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(status="open"), name="tenancies_plan_one_open_per_household"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True, closing_reason="", next_review_on__isnull=False)
                | (Q(status="closed", closed_on__isnull=False) & ~Q(closing_reason="")),
                name="tenancies_plan_status_fields",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="tenancies_plan_closed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("started_on")),
                name="tenancies_plan_review_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Support plan of %(household)s") % {"household": self.household})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Goal(TimeStampedModel):
    """One goal of a plan, in a life domain of the assessment instrument; its status changes only
    through ``goal_change_status``, which writes a ``GoalStatusChange``."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    # An achieved goal can be reopened, a dropped one proposed again; nothing else jumps back.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PROPOSED: frozenset({Status.IN_PROGRESS, Status.DROPPED}),
        Status.IN_PROGRESS: frozenset({Status.ACHIEVED, Status.DROPPED}),
        Status.ACHIEVED: frozenset({Status.IN_PROGRESS}),
        Status.DROPPED: frozenset({Status.PROPOSED}),
    }

    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("support plan"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=200)
    domain = models.ForeignKey(
        "assessments.Domain",
        verbose_name=_("life domain"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def domain_label(self) -> str:
        """The life domain's name in the active language (empty without a domain)."""
        return self.domain.name_for(get_language()) if self.domain else ""

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def next_statuses(self) -> list[tuple[str, str]]:
        allowed = self.TRANSITIONS.get(self.status, frozenset())
        return [(value, str(label)) for value, label in self.Status.choices if value in allowed]


class GoalStatusChange(models.Model):
    """One step of a goal's status history (append-only)."""

    PERSONAL_DATA = True

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Goal.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Goal.Status.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("goal status change")
        verbose_name_plural = _("goal status changes")
        ordering = ["goal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class MediationCase(TimeStampedModel):
    """A conflict between neighbours the agency mediates: the building, the units and households
    involved, the meetings held and, when closed, the outcome. The description is a sensitive note."""

    PERSONAL_DATA = True

    class Subject(models.TextChoices):
        NOISE = "noise", _("Noise")
        COMMON_SPACES = "common_spaces", _("Use of common spaces")
        CLEANING = "cleaning", _("Cleaning and waste")
        ANIMALS = "animals", _("Animals")
        PARKING = "parking", _("Parking")
        BEHAVIOUR = "behaviour", _("Behaviour between neighbours")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement reached")
        PARTIAL = "partial", _("Partial agreement")
        NO_AGREEMENT = "no_agreement", _("No agreement")
        REFERRED = "referred", _("Referred to another service")
        WITHDRAWN = "withdrawn", _("Withdrawn by the parties")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    building = models.ForeignKey(
        "housing.Building",
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    units = models.ManyToManyField("housing.Unit", verbose_name=_("units involved"), blank=True, related_name="+")
    households = models.ManyToManyField(
        "registry.Household", verbose_name=_("households involved"), blank=True, related_name="mediation_cases"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True, outcome="")
                | (Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")),
                name="tenancies_mediation_status_fields",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="tenancies_mediation_closed_after_open",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Mediation %(number)s: %(subject)s") % {"number": self.pk, "subject": self.get_subject_display()})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Meeting(TimeStampedModel):
    """A meeting of a support plan or of a mediation case (exactly one), with a summary that is not
    sensitive ("colloquio svolto"); what was said goes in a ``MeetingNote``."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview at the office")
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE = "phone", _("Phone or video call")
        JOINT = "joint", _("Joint meeting with the parties")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        SupportPlan,
        verbose_name=_("support plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    mediation = models.ForeignKey(
        MediationCase,
        verbose_name=_("mediation case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INTERVIEW)
    attendees = models.ManyToManyField(
        "registry.Person", verbose_name=_("people who attended"), blank=True, related_name="+"
    )
    other_attendees = models.CharField(
        _("others who attended"),
        max_length=200,
        blank=True,
        help_text=_("Roles, not names: e.g. social worker of the municipality, building manager."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=200,
        help_text=_("Not sensitive: e.g. interview held, documents handed over. Write what was said in a note."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = pgettext_lazy("support", "meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, mediation__isnull=True) | Q(plan__isnull=True, mediation__isnull=False),
                name="tenancies_meeting_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} · {self.get_kind_display()}"


class Referral(TimeStampedModel):
    """A household sent to a community lab or to an external service, followed up on a date."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        LAB = "lab", _("Community lab")
        SERVICE = "service", _("External service")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("support plan"), on_delete=models.CASCADE, related_name="referrals"
    )
    kind = models.CharField(_("sent to"), max_length=8, choices=Kind.choices)
    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service_name = models.CharField(_("service"), max_length=200, blank=True)
    service_contact = models.CharField(_("service contact"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    sent_on = models.DateField(_("sent on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    follow_up_on = models.DateField(_("follow-up on"))
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="lab", lab__isnull=False, service_name="")
                | (Q(kind="service", lab__isnull=True) & ~Q(service_name="")),
                name="tenancies_referral_target",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", outcome_on__isnull=True) | (~Q(status="sent") & Q(outcome_on__isnull=False)),
                name="tenancies_referral_outcome",
            ),
            models.CheckConstraint(condition=Q(follow_up_on__gte=F("sent_on")), name="tenancies_referral_follow_up"),
        ]

    def __str__(self) -> str:
        return str(self.lab) if self.kind == self.Kind.LAB else self.service_name

    def follow_up_due(self, today: datetime.date) -> bool:
        return self.status == self.Status.SENT and self.follow_up_on <= today
