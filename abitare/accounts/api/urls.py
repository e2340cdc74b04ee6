from django.urls import path

from abitare.accounts.api import admin_views, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("territories/", views.TerritoryList.as_view(), name="territory-list"),
    path("territories/new/", admin_views.TerritoryCreate.as_view(), name="territory-create"),
    path("territories/<id:territory_id>/", admin_views.TerritoryUpdate.as_view(), name="territory-update"),
    path(
        "territories/<id:territory_id>/housing-desk/", admin_views.HousingDeskSave.as_view(), name="housing-desk-save"
    ),
    path("municipalities/", admin_views.MunicipalityList.as_view(), name="municipality-list"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/new/", admin_views.OrganisationCreate.as_view(), name="organisation-create"),
    path("organisations/<id:organisation_id>/", admin_views.OrganisationUpdate.as_view(), name="organisation-update"),
    path("members/invite/", admin_views.MemberInvite.as_view(), name="member-invite"),
    path("members/<id:user_id>/deactivate/", admin_views.MemberDeactivate.as_view(), name="member-deactivate"),
    path("members/<id:user_id>/reactivate/", admin_views.MemberReactivate.as_view(), name="member-reactivate"),
    path("members/<id:user_id>/unlock/", admin_views.MemberUnlock.as_view(), name="member-unlock"),
    path(
        "members/<id:user_id>/password-change/",
        admin_views.MemberPasswordChangeForce.as_view(),
        name="member-password-change-force",
    ),
    path("memberships/", admin_views.MembershipCreate.as_view(), name="membership-create"),
    path("memberships/<id:membership_id>/", admin_views.MembershipUpdate.as_view(), name="membership-update"),
    path("access-log/", views.AccessLogList.as_view(), name="access-log-list"),
]
