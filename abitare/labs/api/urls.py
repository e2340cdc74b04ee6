from django.urls import path

from abitare.labs.api import agora, views

urlpatterns = [
    path("lab-occurrences/", views.PublicOccurrenceList.as_view(), name="lab-occurrence-list"),
    path("labs/", views.LabListCreate.as_view(), name="lab-list"),
    path("labs/<id:pk>/", views.LabDetail.as_view(), name="lab-detail"),
    path("labs/<id:pk>/phase/", views.LabPhase.as_view(), name="lab-phase"),
    path("labs/<id:pk>/reach/", views.LabReach.as_view(), name="lab-reach"),
    path("labs/<id:pk>/council-meetings/", views.CouncilMeetingList.as_view(), name="lab-council-meetings"),
    path("lab-places/", views.PlaceListCreate.as_view(), name="lab-place-list"),
    path("lab-activities/", views.ActivityListCreate.as_view(), name="lab-activity-list"),
    path("lab-activities/<id:pk>/", views.ActivityDetail.as_view(), name="lab-activity-detail"),
    path("lab-activities/<id:pk>/occurrences/", views.ActivityOccurrences.as_view(), name="lab-activity-occurrences"),
    path("lab-activities/<id:pk>/exceptions/", views.ActivityExceptionCreate.as_view(), name="lab-activity-exceptions"),
    path("lab-activities/<id:pk>/attendance/", views.OccurrenceAttendance.as_view(), name="lab-activity-attendance"),
    path("lab-activities/<id:pk>/head-counts/", views.OccurrenceHeadCounts.as_view(), name="lab-activity-head-counts"),
    path("agora-invitations/", agora.AgoraInvitationList.as_view(), name="agora-invitation-list"),
    path("agora-invitations/<id:pk>/answer/", agora.AgoraInvitationAnswer.as_view(), name="agora-invitation-answer"),
    path("lab-registrations/", views.RegistrationListCreate.as_view(), name="lab-registration-list"),
    path("lab-registrations/<id:pk>/cancel/", views.RegistrationCancel.as_view(), name="lab-registration-cancel"),
    path("volunteers/", views.VolunteerListCreate.as_view(), name="volunteer-list"),
    path("volunteers/<id:pk>/hours/", views.VolunteerHoursCreate.as_view(), name="volunteer-hours"),
    path("help-networks/", views.HelpNetworkListCreate.as_view(), name="help-network-list"),
    path("help-networks/<id:pk>/members/", views.HelpMemberListCreate.as_view(), name="help-network-members"),
    path("help-networks/<id:pk>/offers/", views.HelpOfferListCreate.as_view(), name="help-network-offers"),
    path("help-networks/<id:pk>/requests/", views.HelpRequestListCreate.as_view(), name="help-network-requests"),
    path("help-requests/<id:pk>/matches/", views.HelpRequestMatches.as_view(), name="help-request-matches"),
]
