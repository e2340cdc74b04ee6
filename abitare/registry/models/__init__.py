"""Models of abitare.registry, one module per topic: ``people`` (persons, households and their
members), ``isee`` (ISEE attestations as INPS issues them), ``sensitive`` (special-category data,
GDPR art. 9, kept apart), ``desk`` (desk consultations and referrals), ``rights`` (consents,
data-subject requests, export release decisions)."""

from abitare.registry.models.desk import Consultation, Referral
from abitare.registry.models.isee import IseeAttestation
from abitare.registry.models.people import Household, HouseholdMember, Person, Sex
from abitare.registry.models.rights import Consent, DataSubjectRequest, ExportRelease
from abitare.registry.models.sensitive import (
    SENSITIVE_MODELS,
    Disability,
    HealthNote,
    JudicialMeasure,
    ProtectionMeasure,
    SensitiveRecord,
)

__all__ = [
    "SENSITIVE_MODELS",
    "Consent",
    "Consultation",
    "DataSubjectRequest",
    "Disability",
    "ExportRelease",
    "HealthNote",
    "Household",
    "HouseholdMember",
    "IseeAttestation",
    "JudicialMeasure",
    "Person",
    "ProtectionMeasure",
    "Referral",
    "SensitiveRecord",
    "Sex",
]
