from django.urls import path

from abitare.matching.api import views

urlpatterns = [
    path("applications/", views.ApplicationList.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application-detail"),
    path("rule-sets/", views.RuleSetList.as_view(), name="ruleset-list"),
]
