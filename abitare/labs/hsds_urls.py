"""Open Referral HSDS 3.0 API, mounted at /api/hsds/ by config/urls.py."""

from django.urls import path

from abitare.labs import hsds_views as views

app_name = "hsds"

urlpatterns = [
    path("", views.meta, name="meta"),
    path("services", views.service_list, name="service-list"),
    path("services/<str:hsds_id>", views.service_detail, name="service-detail"),
    path("organizations", views.organization_list, name="organization-list"),
    path("organizations/<str:hsds_id>", views.organization_detail, name="organization-detail"),
    path("service_at_locations", views.service_at_location_list, name="service-at-location-list"),
    path("service_at_locations/<str:hsds_id>", views.service_at_location_detail, name="service-at-location-detail"),
]
