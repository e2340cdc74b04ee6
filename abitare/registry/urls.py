from django.urls import path

from abitare.registry import release_views, views

app_name = "registry"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("nuova/", views.person_create, name="person-create"),
    path("<id:pk>/", views.person_detail, name="person-detail"),
    path("<id:pk>/modifica/", views.person_edit, name="person-edit"),
    path("<id:pk>/sensibili/<slug:kind>/", views.sensitive_add, name="sensitive-add"),
    path("<id:pk>/consensi/nuovo/", views.consent_add, name="consent-add"),
    path("consensi/<id:pk>/revoca/", views.consent_withdraw, name="consent-withdraw"),
    path("<id:pk>/esporta.json", views.person_export_json, name="person-export-json"),
    path("<id:pk>/esporta.pdf", views.person_export_pdf, name="person-export-pdf"),
    path("<id:pk>/cancella/", views.person_erase, name="person-erase"),
    path("nuclei/", views.household_list, name="household-list"),
    path("nuclei/nuovo/", views.household_create, name="household-create"),
    path("nuclei/<id:pk>/", views.household_detail, name="household-detail"),
    path("nuclei/<id:pk>/componenti/", views.member_add, name="member-add"),
    path("componenti/<id:pk>/fine/", views.member_end, name="member-end"),
    path("nuclei/<id:pk>/isee/", views.isee_add, name="isee-add"),
    path("sportello/", views.consultation_list, name="consultation-list"),
    path("sportello/nuovo/", views.consultation_create, name="consultation-create"),
    path("sportello/<id:pk>/", views.consultation_detail, name="consultation-detail"),
    path("sportello/<id:pk>/fatto/", views.consultation_follow_up_done, name="consultation-follow-up-done"),
    path("esportazioni/nuclei/", release_views.export_release_list, name="export-release-list"),
    path("esportazioni/nuclei/<id:pk>/", release_views.export_release_detail, name="export-release-detail"),
    path("importa/", views.people_import, name="people-import"),
    path("importa/modello.csv", views.people_import_template, name="people-import-template"),
]
