from django.urls import path

from abitare.matching.api import offer_views, views

urlpatterns = [
    path("applications/", views.ApplicationList.as_view(), name="application-list"),
    path("applications/<id:pk>/", views.ApplicationDetail.as_view(), name="application-detail"),
    path("rule-sets/", views.RuleSetList.as_view(), name="ruleset-list"),
    path("rounds/", views.RoundList.as_view(), name="round-list"),
    path("rounds/<id:pk>/", views.RoundDetail.as_view(), name="round-detail"),
    path("rounds/<id:pk>/proposals/", views.RoundProposalList.as_view(), name="round-proposals"),
    path("proposals/<id:pk>/", views.ProposalDetail.as_view(), name="proposal-detail"),
    path("proposals/<id:pk>/approve/", views.ProposalApprove.as_view(), name="proposal-approve"),
    path("proposals/<id:pk>/reject/", views.ProposalReject.as_view(), name="proposal-reject"),
    path("proposals/<id:pk>/offer/", offer_views.ProposalSendOffer.as_view(), name="proposal-offer"),
    path("proposals/<id:pk>/replace/", offer_views.ProposalReplace.as_view(), name="proposal-replace"),
    path("offers/", offer_views.OfferList.as_view(), name="offer-list"),
    path("offers/<id:pk>/", offer_views.OfferDetail.as_view(), name="offer-detail"),
    path("offers/<id:pk>/accept/", offer_views.OfferAccept.as_view(), name="offer-accept"),
    path("offers/<id:pk>/refuse/", offer_views.OfferRefuse.as_view(), name="offer-refuse"),
    path("offers/<id:pk>/withdraw/", offer_views.OfferWithdraw.as_view(), name="offer-withdraw"),
    path("allocations/", offer_views.AllocationList.as_view(), name="allocation-list"),
    path("allocations/<id:pk>/", offer_views.AllocationDetail.as_view(), name="allocation-detail"),
    path("refusal-rule/", offer_views.RefusalRuleInForce.as_view(), name="refusal-rule"),
    path("agreements/", views.AgreementList.as_view(), name="agreement-list"),
    path("agreements/<id:pk>/", views.AgreementDetail.as_view(), name="agreement-detail"),
    path("agreements/<id:pk>/confirm/", views.AgreementConfirm.as_view(), name="agreement-confirm"),
    path("agreements/<id:pk>/end/", views.AgreementEnd.as_view(), name="agreement-end"),
]
