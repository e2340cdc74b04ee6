from django.urls import path

from abitare.matching.views import agreements, applications, offers, rounds, rules

app_name = "matching"

urlpatterns = [
    path("", applications.application_list, name="application-list"),
    path("<id:pk>/", applications.application_detail, name="application-detail"),
    path("<id:pk>/valuta/", applications.application_reevaluate, name="application-reevaluate"),
    path("nuclei/<id:household_pk>/nuova/", applications.application_create, name="application-create"),
    path("regole/", rules.ruleset_list, name="ruleset-list"),
    path("regole/<id:pk>/", rules.ruleset_detail, name="ruleset-detail"),
    path("turni/", rounds.round_list, name="round-list"),
    path("turni/avvia/", rounds.round_start, name="round-start"),
    path("turni/<id:pk>/", rounds.round_detail, name="round-detail"),
    path("turni/proposte/<id:pk>/", rounds.proposal_detail, name="proposal-detail"),
    path("turni/proposte/<id:pk>/revisione/", rounds.proposal_review, name="proposal-review"),
    path("turni/proposte/<id:pk>/offerta/", offers.proposal_send_offer, name="proposal-send-offer"),
    path("turni/proposte/<id:pk>/sostituzione/", offers.proposal_replace, name="proposal-replace"),
    path("offerte/", offers.offer_list, name="offer-list"),
    path("offerte/<id:pk>/", offers.offer_detail, name="offer-detail"),
    path("offerte/<id:pk>/accettazione/", offers.offer_accept, name="offer-accept"),
    path("offerte/<id:pk>/rifiuto/", offers.offer_refuse, name="offer-refuse"),
    path("offerte/<id:pk>/ritiro/", offers.offer_withdraw, name="offer-withdraw"),
    path("accordi/", agreements.agreement_list, name="agreement-list"),
    path("accordi/<id:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("accordi/<id:pk>/conferma/", agreements.agreement_confirm, name="agreement-confirm"),
    path("accordi/<id:pk>/chiusura/", agreements.agreement_end, name="agreement-end"),
]
