from django.urls import path

from abitare.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.plane_page, name="plane"),
    path("piano.svg", views.plane_svg, name="plane-svg"),
    path("nuclei/<id:household_pk>/", views.household_history, name="household-history"),
    path("nuclei/<id:household_pk>/nuova/", views.assessment_create, name="assessment-create"),
    path("<id:pk>/", views.assessment_detail, name="assessment-detail"),
    path("proposte/<id:pk>/", views.proposal_settle, name="proposal-settle"),
    path("strumenti/", views.instrument_list, name="instrument-list"),
    path("strumenti/<id:pk>/", views.instrument_detail, name="instrument-detail"),
    path("strumenti/<id:pk>/nuova-versione/", views.instrument_new_version, name="instrument-new-version"),
    path("strumenti/<id:pk>/attiva/", views.instrument_activate, name="instrument-activate"),
]
