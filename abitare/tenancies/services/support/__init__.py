"""Support plans (accompagnamento): open and close a plan, goals and their status (``plans``),
meetings with their sensitive notes (``meetings``), mediation cases between neighbours
(``mediation``), referrals to labs and services (``referrals``); import from here.

Every service takes the acting membership, checks the record is in its organisation and
territory, validates everything before writing (``_checks``) and writes in one transaction, so a
refused request changes nothing. Notes need the sensitive-data permission
(``may_read_support_notes``).
"""

from abitare.tenancies.services.support._checks import NOTE_MAX_CHARS, key_workers
from abitare.tenancies.services.support.mediation import mediation_close, mediation_note_add, mediation_open
from abitare.tenancies.services.support.meetings import meeting_note_add, meeting_record
from abitare.tenancies.services.support.plans import (
    NewGoal,
    goal_add,
    goal_change_status,
    support_plan_close,
    support_plan_open,
    support_plan_update,
)
from abitare.tenancies.services.support.referrals import (
    lab_model,
    labs_available,
    referral_postpone,
    referral_record_outcome,
    referral_send,
)

__all__ = [
    "NOTE_MAX_CHARS",
    "NewGoal",
    "goal_add",
    "goal_change_status",
    "key_workers",
    "lab_model",
    "labs_available",
    "mediation_close",
    "mediation_note_add",
    "mediation_open",
    "meeting_note_add",
    "meeting_record",
    "referral_postpone",
    "referral_record_outcome",
    "referral_send",
    "support_plan_close",
    "support_plan_open",
    "support_plan_update",
]
