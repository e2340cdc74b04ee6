from django.urls import path

from abitare.hosting.api import views

urlpatterns = [
    path("hosts/", views.HostList.as_view(), name="host-list"),
    path("hosts/<id:pk>/", views.HostDetail.as_view(), name="host-detail"),
    path("hosts/<id:pk>/availability/", views.HostAvailabilityView.as_view(), name="host-availability"),
    path("hosts/<id:pk>/support/", views.HostSupportView.as_view(), name="host-support"),
    path("host-support/<id:pk>/reverse/", views.SupportReverse.as_view(), name="host-support-reverse"),
    path("emergency-requests/", views.RequestList.as_view(), name="emergency-request-list"),
    path("emergency-requests/<id:pk>/", views.RequestDetail.as_view(), name="emergency-request-detail"),
    path("emergency-requests/<id:pk>/status/", views.RequestStatusView.as_view(), name="emergency-request-status"),
    path("emergency-requests/<id:pk>/hosts/", views.RequestCandidates.as_view(), name="emergency-request-hosts"),
    path("placements/", views.PlacementList.as_view(), name="placement-list"),
    path("placements/<id:pk>/end/", views.PlacementEnd.as_view(), name="placement-end"),
]
