"""Community labs: places, phases, activities and their occurrences, registrations, attendance,
volunteers and help networks; one module per topic, every model re-exported here."""

from abitare.labs.models.activities import (
    Activity,
    ActivityException,
    AgoraInvitation,
    Attendance,
    HeadCount,
    Occurrence,
    Registration,
)
from abitare.labs.models.community import (
    HelpNeed,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Volunteer,
    VolunteerHours,
)
from abitare.labs.models.labs import CouncilAttendee, CouncilMeeting, Lab, LabPhaseChange
from abitare.labs.models.places import OpeningHours, Place, Tag

__all__ = [
    "Activity",
    "ActivityException",
    "AgoraInvitation",
    "Attendance",
    "CouncilAttendee",
    "CouncilMeeting",
    "HeadCount",
    "HelpNeed",
    "HelpNetwork",
    "HelpNetworkMember",
    "HelpOffer",
    "HelpRequest",
    "Lab",
    "LabPhaseChange",
    "Occurrence",
    "OpeningHours",
    "Place",
    "Registration",
    "Tag",
    "Volunteer",
    "VolunteerHours",
]
