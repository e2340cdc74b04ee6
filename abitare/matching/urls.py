from django.urls import path

from abitare.matching import offer_views, views

app_name = "matching"

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("<int:pk>/", views.application_detail, name="application-detail"),
    path("<int:pk>/valuta/", views.application_reevaluate, name="application-reevaluate"),
    path("nuclei/<int:household_pk>/nuova/", views.application_create, name="application-create"),
    path("regole/", views.ruleset_list, name="ruleset-list"),
    path("regole/<int:pk>/", views.ruleset_detail, name="ruleset-detail"),
    path("turni/", views.round_list, name="round-list"),
    path("turni/avvia/", views.round_start, name="round-start"),
    path("turni/<int:pk>/", views.round_detail, name="round-detail"),
    path("turni/proposte/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("turni/proposte/<int:pk>/revisione/", views.proposal_review, name="proposal-review"),
    path("turni/proposte/<int:pk>/offerta/", offer_views.proposal_send_offer, name="proposal-send-offer"),
    path("turni/proposte/<int:pk>/sostituzione/", offer_views.proposal_replace, name="proposal-replace"),
    path("offerte/", offer_views.offer_list, name="offer-list"),
    path("offerte/<int:pk>/", offer_views.offer_detail, name="offer-detail"),
    path("offerte/<int:pk>/accettazione/", offer_views.offer_accept, name="offer-accept"),
    path("offerte/<int:pk>/rifiuto/", offer_views.offer_refuse, name="offer-refuse"),
    path("offerte/<int:pk>/ritiro/", offer_views.offer_withdraw, name="offer-withdraw"),
    path("accordi/", views.agreement_list, name="agreement-list"),
    path("accordi/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("accordi/<int:pk>/conferma/", views.agreement_confirm, name="agreement-confirm"),
    path("accordi/<int:pk>/chiusura/", views.agreement_end, name="agreement-end"),
]
