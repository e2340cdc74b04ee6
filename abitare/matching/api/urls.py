from django.urls import path

from abitare.matching.api import offer_views, views

urlpatterns = [
    path("applications/", views.ApplicationList.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application-detail"),
    path("rule-sets/", views.RuleSetList.as_view(), name="ruleset-list"),
    path("rounds/", views.RoundList.as_view(), name="round-list"),
    path("rounds/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
    path("rounds/<int:pk>/proposals/", views.RoundProposalList.as_view(), name="round-proposals"),
    path("proposals/<int:pk>/", views.ProposalDetail.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/approve/", views.ProposalApprove.as_view(), name="proposal-approve"),
    path("proposals/<int:pk>/reject/", views.ProposalReject.as_view(), name="proposal-reject"),
    path("proposals/<int:pk>/offer/", offer_views.ProposalSendOffer.as_view(), name="proposal-offer"),
    path("proposals/<int:pk>/replace/", offer_views.ProposalReplace.as_view(), name="proposal-replace"),
    path("offers/", offer_views.OfferList.as_view(), name="offer-list"),
    path("offers/<int:pk>/", offer_views.OfferDetail.as_view(), name="offer-detail"),
    path("offers/<int:pk>/accept/", offer_views.OfferAccept.as_view(), name="offer-accept"),
    path("offers/<int:pk>/refuse/", offer_views.OfferRefuse.as_view(), name="offer-refuse"),
    path("offers/<int:pk>/withdraw/", offer_views.OfferWithdraw.as_view(), name="offer-withdraw"),
    path("allocations/", offer_views.AllocationList.as_view(), name="allocation-list"),
    path("allocations/<int:pk>/", offer_views.AllocationDetail.as_view(), name="allocation-detail"),
    path("refusal-rule/", offer_views.RefusalRuleInForce.as_view(), name="refusal-rule"),
    path("agreements/", views.AgreementList.as_view(), name="agreement-list"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement-detail"),
    path("agreements/<int:pk>/confirm/", views.AgreementConfirm.as_view(), name="agreement-confirm"),
    path("agreements/<int:pk>/end/", views.AgreementEnd.as_view(), name="agreement-end"),
]
