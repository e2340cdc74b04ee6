from django.urls import path

from abitare.labs.api import agora, views

urlpatterns = [
    path("lab-occurrences/", views.PublicOccurrenceList.as_view(), name="lab-occurrence-list"),
    path("labs/", views.LabListCreate.as_view(), name="lab-list"),
    path("labs/<int:pk>/", views.LabDetail.as_view(), name="lab-detail"),
    path("labs/<int:pk>/phase/", views.LabPhase.as_view(), name="lab-phase"),
    path("labs/<int:pk>/reach/", views.LabReach.as_view(), name="lab-reach"),
    path("labs/<int:pk>/council-meetings/", views.CouncilMeetingList.as_view(), name="lab-council-meetings"),
    path("lab-places/", views.PlaceListCreate.as_view(), name="lab-place-list"),
    path("lab-activities/", views.ActivityListCreate.as_view(), name="lab-activity-list"),
    path("lab-activities/<int:pk>/", views.ActivityDetail.as_view(), name="lab-activity-detail"),
    path("lab-activities/<int:pk>/occurrences/", views.ActivityOccurrences.as_view(), name="lab-activity-occurrences"),
    path(
        "lab-activities/<int:pk>/exceptions/", views.ActivityExceptionCreate.as_view(), name="lab-activity-exceptions"
    ),
    path("lab-activities/<int:pk>/attendance/", views.OccurrenceAttendance.as_view(), name="lab-activity-attendance"),
    path("lab-activities/<int:pk>/head-counts/", views.OccurrenceHeadCounts.as_view(), name="lab-activity-head-counts"),
    path("agora-invitations/", agora.AgoraInvitationList.as_view(), name="agora-invitation-list"),
    path("agora-invitations/<int:pk>/answer/", agora.AgoraInvitationAnswer.as_view(), name="agora-invitation-answer"),
    path("lab-registrations/", views.RegistrationListCreate.as_view(), name="lab-registration-list"),
    path("lab-registrations/<int:pk>/cancel/", views.RegistrationCancel.as_view(), name="lab-registration-cancel"),
    path("volunteers/", views.VolunteerListCreate.as_view(), name="volunteer-list"),
    path("volunteers/<int:pk>/hours/", views.VolunteerHoursCreate.as_view(), name="volunteer-hours"),
    path("help-networks/", views.HelpNetworkListCreate.as_view(), name="help-network-list"),
    path("help-networks/<int:pk>/members/", views.HelpMemberListCreate.as_view(), name="help-network-members"),
    path("help-networks/<int:pk>/offers/", views.HelpOfferListCreate.as_view(), name="help-network-offers"),
    path("help-networks/<int:pk>/requests/", views.HelpRequestListCreate.as_view(), name="help-network-requests"),
    path("help-requests/<int:pk>/matches/", views.HelpRequestMatches.as_view(), name="help-request-matches"),
]
