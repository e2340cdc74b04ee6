"""Household finances (educazione finanziaria): monthly budgets by category, the debt inventory,
restructuring plans and enrolment in financial-education courses."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField

NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class Direction(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class Category(models.TextChoices):
    """Incomes by source; expenses by the ISTAT household-spending groups (COICOP), plus the debt
    instalments a restructuring plan changes."""

    WORK = "work", _("Work")
    PENSION = "pension", _("Pension")
    BENEFITS = "benefits", _("Benefits (Assegno di inclusione, Assegno unico…)")
    MAINTENANCE = "maintenance", _("Maintenance allowance")
    OTHER_INCOME = "other_income", _("Other income")
    FOOD = "food", _("Food and non-alcoholic drinks")
    HOUSING = "housing", _("Housing and utilities")
    TRANSPORT = "transport", _("Transport")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    COMMUNICATION = "communication", _("Communication")
    CLOTHING = "clothing", _("Clothing and footwear")
    LEISURE = "leisure", _("Leisure and culture")
    DEBT_INSTALMENTS = "debt_instalments", _("Debt instalments")
    OTHER_EXPENSE = "other_expense", _("Other expenses")


INCOME_CATEGORIES = frozenset(
    {Category.WORK, Category.PENSION, Category.BENEFITS, Category.MAINTENANCE, Category.OTHER_INCOME}
)
EXPENSE_CATEGORIES = frozenset(set(Category) - INCOME_CATEGORIES)


def direction_of(category: str) -> str:
    return Direction.INCOME if category in INCOME_CATEGORIES else Direction.EXPENSE


class Budget(TimeStampedModel):
    """A household's budget for one month (bilancio familiare): lines of incomes and expenses."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    notes = models.TextField(_("notes"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("family budget")
        verbose_name_plural = _("family budgets")
        ordering = ["household", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], name="finances_budget_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="finances_budget_first_of_month"),
        ]
        indexes = [models.Index(fields=["organisation", "month"], name="finances_budget_scope_idx")]

    def __str__(self) -> str:
        return f"{self.household} · {self.month:%m/%Y}"


class BudgetLine(models.Model):
    PERSONAL_DATA = True

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    direction = models.CharField(_("income or expense"), max_length=7, choices=Direction.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = MoneyField(_("amount (€ per month)"), validators=NOT_NEGATIVE)
    history = tracked()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["direction", "category", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finances_line_amount_not_negative"),
            models.CheckConstraint(
                condition=(Q(direction="income") & Q(category__in=sorted(INCOME_CATEGORIES)))
                | (Q(direction="expense") & Q(category__in=sorted(EXPENSE_CATEGORIES))),
                name="finances_line_category_matches_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount}"


class Debt(TimeStampedModel):
    """One debt of the household's inventory: to whom, how much is left, at what cost."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        RENT = "rent", _("Rent arrears")
        UTILITIES = "utilities", _("Utility bills")
        CONDOMINIUM = "condominium", _("Condominium fees")
        TAXES = "taxes", _("Taxes and fines")
        CONSUMER_CREDIT = "consumer_credit", _("Consumer credit or loan")
        SALARY_LOAN = "salary_loan", _("Salary-backed loan (cessione del quinto)")
        MORTGAGE = "mortgage", _("Mortgage")
        CARD = "card", _("Credit card or overdraft")
        INFORMAL = "informal", _("Family or informal loan")
        OTHER = "other", _("Other")

    # Debts whose arrears put the home or basic supplies at risk: paid first in a plan.
    PRIORITY_KINDS: ClassVar[frozenset[str]] = frozenset({Kind.RENT, Kind.UTILITIES, Kind.CONDOMINIUM, Kind.MORTGAGE})

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    creditor = models.CharField(_("creditor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    outstanding = MoneyField(_("outstanding principal"), validators=NOT_NEGATIVE)
    annual_rate = models.DecimalField(
        _("annual rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("TAEG/APR as a percentage; 0 for rent or bill arrears."),
    )
    monthly_instalment = MoneyField(_("monthly instalment"), default=Decimal(0), validators=NOT_NEGATIVE)
    arrears = MoneyField(_("arrears"), default=Decimal(0), validators=NOT_NEGATIVE, help_text=_("Overdue and unpaid."))
    priority = models.BooleanField(
        _("priority debt"), default=False, help_text=_("Rent, utilities, home: put the home at risk if unpaid.")
    )
    closed_on = models.DateField(_("paid off or closed on"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        ordering = ["-priority", "creditor", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outstanding__gte=0) & Q(monthly_instalment__gte=0) & Q(arrears__gte=0),
                name="finances_debt_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(annual_rate__gte=0) & Q(annual_rate__lte=100), name="finances_debt_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} ({self.get_kind_display()})"


class RestructuringPlan(TimeStampedModel):
    """A plan to restructure the household's debts (piano di ristrutturazione del debito)."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("restructuring plan", "Draft")
        ACTIVE = "active", pgettext_lazy("restructuring plan", "In force")
        CLOSED = "closed", pgettext_lazy("restructuring plan", "Closed")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("debt restructuring plan")
        verbose_name_plural = _("debt restructuring plans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class RestructuringLine(models.Model):
    """What the plan changes for one debt: the new monthly instalment, from when, and whether the
    creditor has agreed."""

    PERSONAL_DATA = True

    plan = models.ForeignKey(RestructuringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines")
    debt = models.ForeignKey(Debt, verbose_name=_("debt"), on_delete=models.PROTECT, related_name="plan_lines")
    new_instalment = MoneyField(_("new monthly instalment"), validators=NOT_NEGATIVE)
    agreed = models.BooleanField(_("agreed with the creditor"), default=False)
    start_on = models.DateField(_("from"))
    history = tracked()

    class Meta:
        verbose_name = _("restructuring plan line")
        verbose_name_plural = _("restructuring plan lines")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "debt"], name="finances_plan_one_line_per_debt"),
            models.CheckConstraint(condition=Q(new_instalment__gte=0), name="finances_plan_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.debt}: {self.new_instalment}"


class CourseEnrolment(TimeStampedModel):
    """A household member's enrolment in a financial-education course: a lab of the network or a
    course named in free text."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    course_name = models.CharField(_("course"), max_length=200, blank=True)
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("financial-education enrolment")
        verbose_name_plural = _("financial-education enrolments")
        ordering = ["-enrolled_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lab__isnull=False) | ~Q(course_name=""), name="finances_enrolment_lab_or_course"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("enrolled_on")),
                name="finances_enrolment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.course_name or str(self.lab)
