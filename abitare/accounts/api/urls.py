from django.urls import path

from abitare.accounts.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("territories/", views.TerritoryList.as_view(), name="territory-list"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("access-log/", views.AccessLogList.as_view(), name="access-log-list"),
]
