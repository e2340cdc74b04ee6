"""Models of abitare.tenancies, one module per topic; each helper adds its import line here."""

from abitare.tenancies.models.arrears import ArrearsCase, ArrearsRule
from abitare.tenancies.models.community import CommunityTask, CommunityWorkRate, CommunityWorkSession
from abitare.tenancies.models.ledger import LedgerEntry, WriteOffRequest
from abitare.tenancies.models.payments import BankCredit, BankStatement, PayerAccount
from abitare.tenancies.models.plans import PlanInstalment, PlanStatusChange, RepaymentPlan
from abitare.tenancies.models.savings import SavingsEntry
from abitare.tenancies.models.support import Goal, GoalStatusChange, MediationCase, Meeting, Referral, SupportPlan
from abitare.tenancies.models.support_notes import MediationNote, MeetingNote
from abitare.tenancies.models.tenancy import ContractType, ExitDestination, Tenancy, TenancyExit, TenancyRenewal

__all__ = [
    "ArrearsCase",
    "ArrearsRule",
    "BankCredit",
    "BankStatement",
    "CommunityTask",
    "CommunityWorkRate",
    "CommunityWorkSession",
    "ContractType",
    "ExitDestination",
    "Goal",
    "GoalStatusChange",
    "LedgerEntry",
    "MediationCase",
    "MediationNote",
    "Meeting",
    "MeetingNote",
    "PayerAccount",
    "PlanInstalment",
    "PlanStatusChange",
    "Referral",
    "RepaymentPlan",
    "SavingsEntry",
    "SupportPlan",
    "Tenancy",
    "TenancyExit",
    "TenancyRenewal",
    "WriteOffRequest",
]
