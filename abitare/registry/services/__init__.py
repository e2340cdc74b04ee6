"""Writes of the registry. Every service takes the acting membership as ``actor`` (user,
organisation, territory, role), checks the business rules, and raises a domain exception from
``abitare.core.exceptions`` with an Italian/English message when a rule refuses the operation.

Split by sub-topic; import from here.
"""

from abitare.registry.services.consultations import consultation_follow_up_done, consultation_record
from abitare.registry.services.households import (
    household_create,
    household_member_add,
    household_member_end,
    household_update,
    isee_attestation_add,
)
from abitare.registry.services.people import (
    consent_record,
    consent_withdraw,
    consents_expire,
    person_create,
    person_update,
    sensitive_record_add,
)
from abitare.registry.services.rights import (
    ErasureCheck,
    erasure_check_register,
    erasure_checks,
    erasure_refusals,
    erasure_step_register,
    export_section_register,
    person_erase,
    person_export,
)

__all__ = [
    "ErasureCheck",
    "consent_record",
    "consent_withdraw",
    "consents_expire",
    "consultation_follow_up_done",
    "consultation_record",
    "erasure_check_register",
    "erasure_checks",
    "erasure_refusals",
    "erasure_step_register",
    "export_section_register",
    "household_create",
    "household_member_add",
    "household_member_end",
    "household_update",
    "isee_attestation_add",
    "person_create",
    "person_erase",
    "person_export",
    "person_update",
    "sensitive_record_add",
]
