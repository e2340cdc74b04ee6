from django.urls import path

from abitare.matching import views

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
]
