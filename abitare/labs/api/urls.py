from django.urls import path

from abitare.labs.api import activities, agora, community, labs, registrations

urlpatterns = [
    path("lab-occurrences/", activities.PublicOccurrenceList.as_view(), name="lab-occurrence-list"),
    path("labs/", labs.LabListCreate.as_view(), name="lab-list"),
    path("labs/<id:pk>/", labs.LabDetail.as_view(), name="lab-detail"),
    path("labs/<id:pk>/phase/", labs.LabPhase.as_view(), name="lab-phase"),
    path("labs/<id:pk>/reach/", labs.LabReach.as_view(), name="lab-reach"),
    path("labs/<id:pk>/council-meetings/", labs.CouncilMeetingList.as_view(), name="lab-council-meetings"),
    path("lab-places/", labs.PlaceListCreate.as_view(), name="lab-place-list"),
    path("lab-activities/", activities.ActivityListCreate.as_view(), name="lab-activity-list"),
    path("lab-activities/<id:pk>/", activities.ActivityDetail.as_view(), name="lab-activity-detail"),
    path(
        "lab-activities/<id:pk>/occurrences/", activities.ActivityOccurrences.as_view(), name="lab-activity-occurrences"
    ),
    path(
        "lab-activities/<id:pk>/exceptions/",
        activities.ActivityExceptionCreate.as_view(),
        name="lab-activity-exceptions",
    ),
    path(
        "lab-activities/<id:pk>/attendance/",
        registrations.OccurrenceAttendance.as_view(),
        name="lab-activity-attendance",
    ),
    path(
        "lab-activities/<id:pk>/head-counts/",
        registrations.OccurrenceHeadCounts.as_view(),
        name="lab-activity-head-counts",
    ),
    path("agora-invitations/", agora.AgoraInvitationList.as_view(), name="agora-invitation-list"),
    path("agora-invitations/<id:pk>/answer/", agora.AgoraInvitationAnswer.as_view(), name="agora-invitation-answer"),
    path("lab-registrations/", registrations.RegistrationListCreate.as_view(), name="lab-registration-list"),
    path(
        "lab-registrations/<id:pk>/cancel/", registrations.RegistrationCancel.as_view(), name="lab-registration-cancel"
    ),
    path("volunteers/", community.VolunteerListCreate.as_view(), name="volunteer-list"),
    path("volunteers/<id:pk>/hours/", community.VolunteerHoursCreate.as_view(), name="volunteer-hours"),
    path("help-networks/", community.HelpNetworkListCreate.as_view(), name="help-network-list"),
    path("help-networks/<id:pk>/members/", community.HelpMemberListCreate.as_view(), name="help-network-members"),
    path("help-networks/<id:pk>/offers/", community.HelpOfferListCreate.as_view(), name="help-network-offers"),
    path("help-networks/<id:pk>/requests/", community.HelpRequestListCreate.as_view(), name="help-network-requests"),
    path("help-requests/<id:pk>/matches/", community.HelpRequestMatches.as_view(), name="help-request-matches"),
]
