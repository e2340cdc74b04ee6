from django.urls import path

from abitare.hosting.api import views

urlpatterns = [
    path("hosts/", views.HostList.as_view(), name="host-list"),
    path("hosts/<int:pk>/", views.HostDetail.as_view(), name="host-detail"),
    path("hosts/<int:pk>/availability/", views.HostAvailabilityView.as_view(), name="host-availability"),
    path("hosts/<int:pk>/support/", views.HostSupportView.as_view(), name="host-support"),
    path("host-support/<int:pk>/reverse/", views.SupportReverse.as_view(), name="host-support-reverse"),
    path("emergency-requests/", views.RequestList.as_view(), name="emergency-request-list"),
    path("emergency-requests/<int:pk>/", views.RequestDetail.as_view(), name="emergency-request-detail"),
    path("emergency-requests/<int:pk>/status/", views.RequestStatusView.as_view(), name="emergency-request-status"),
    path("emergency-requests/<int:pk>/hosts/", views.RequestCandidates.as_view(), name="emergency-request-hosts"),
    path("placements/", views.PlacementList.as_view(), name="placement-list"),
    path("placements/<int:pk>/end/", views.PlacementEnd.as_view(), name="placement-end"),
]
