from django.urls import path

from abitare.registry.views import desk, households, imports, people, releases

app_name = "registry"

urlpatterns = [
    path("", people.person_list, name="person-list"),
    path("nuova/", people.person_create, name="person-create"),
    path("<id:pk>/", people.person_detail, name="person-detail"),
    path("<id:pk>/modifica/", people.person_edit, name="person-edit"),
    path("<id:pk>/sensibili/<slug:kind>/", people.sensitive_add, name="sensitive-add"),
    path("<id:pk>/consensi/nuovo/", people.consent_add, name="consent-add"),
    path("consensi/<id:pk>/revoca/", people.consent_withdraw, name="consent-withdraw"),
    path("<id:pk>/esporta.json", people.person_export_json, name="person-export-json"),
    path("<id:pk>/esporta.pdf", people.person_export_pdf, name="person-export-pdf"),
    path("<id:pk>/cancella/", people.person_erase, name="person-erase"),
    path("nuclei/", households.household_list, name="household-list"),
    path("nuclei/nuovo/", households.household_create, name="household-create"),
    path("nuclei/<id:pk>/", households.household_detail, name="household-detail"),
    path("nuclei/<id:pk>/componenti/", households.member_add, name="member-add"),
    path("componenti/<id:pk>/fine/", households.member_end, name="member-end"),
    path("nuclei/<id:pk>/isee/", households.isee_add, name="isee-add"),
    path("sportello/", desk.consultation_list, name="consultation-list"),
    path("sportello/nuovo/", desk.consultation_create, name="consultation-create"),
    path("sportello/<id:pk>/", desk.consultation_detail, name="consultation-detail"),
    path("sportello/<id:pk>/fatto/", desk.consultation_follow_up_done, name="consultation-follow-up-done"),
    path("esportazioni/nuclei/", releases.export_release_list, name="export-release-list"),
    path("esportazioni/nuclei/<id:pk>/", releases.export_release_detail, name="export-release-detail"),
    path("importa/", imports.people_import, name="people-import"),
    path("importa/modello.csv", imports.people_import_template, name="people-import-template"),
]
