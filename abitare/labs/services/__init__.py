"""Writes for labs, one module per topic: labs and places, activities and their exceptions,
registrations with a waiting list, attendance and head counts, Agorà invitations, councils,
volunteers and help networks. Views, API and the demo loader all call these; every service is
re-exported here, so callers keep ``from abitare.labs import services``."""

from abitare.labs.services.activities import (
    activity_create,
    activity_occurrence_cancel,
    activity_occurrence_move,
    occurrence_find,
    occurrence_get_or_create,
)
from abitare.labs.services.agora import agora_invitation_answer, agora_participants_set
from abitare.labs.services.community import (
    help_member_add,
    help_need_create,
    help_network_create,
    help_offer_create,
    help_request_close,
    help_request_create,
    help_request_match,
    volunteer_create,
    volunteer_hours_record,
)
from abitare.labs.services.council import council_meeting_record
from abitare.labs.services.labs import (
    lab_create,
    lab_phase_change,
    lab_place_connect,
    lab_update,
    place_create,
    place_update,
    tag_get_or_create,
)
from abitare.labs.services.registrations import (
    attendance_record,
    head_count_record,
    registration_cancel,
    registration_create,
)

__all__ = [
    "activity_create",
    "activity_occurrence_cancel",
    "activity_occurrence_move",
    "agora_invitation_answer",
    "agora_participants_set",
    "attendance_record",
    "council_meeting_record",
    "head_count_record",
    "help_member_add",
    "help_need_create",
    "help_network_create",
    "help_offer_create",
    "help_request_close",
    "help_request_create",
    "help_request_match",
    "lab_create",
    "lab_phase_change",
    "lab_place_connect",
    "lab_update",
    "occurrence_find",
    "occurrence_get_or_create",
    "place_create",
    "place_update",
    "registration_cancel",
    "registration_create",
    "tag_get_or_create",
    "volunteer_create",
    "volunteer_hours_record",
]
