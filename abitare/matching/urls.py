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
]
