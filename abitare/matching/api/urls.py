from django.urls import path

from abitare.matching.api import views

urlpatterns = [
    path("applications/", views.ApplicationList.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application-detail"),
    path("rule-sets/", views.RuleSetList.as_view(), name="ruleset-list"),
    path("rounds/", views.RoundList.as_view(), name="round-list"),
    path("rounds/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
    path("rounds/<int:pk>/proposals/", views.RoundProposalList.as_view(), name="round-proposals"),
    path("proposals/<int:pk>/approve/", views.ProposalApprove.as_view(), name="proposal-approve"),
    path("proposals/<int:pk>/reject/", views.ProposalReject.as_view(), name="proposal-reject"),
]
