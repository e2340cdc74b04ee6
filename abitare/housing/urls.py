from django.urls import path, re_path

from abitare.housing.views import buildings, imports, owners, units

app_name = "housing"

urlpatterns = [
    path("", units.stock, name="stock"),
    path("sfitti/", units.vacancies, name="vacancies"),
    path("<id:pk>/", units.unit_detail, name="unit-detail"),
    path("<id:pk>/stato/", units.unit_change_state, name="unit-state"),
    path("<id:pk>/canone-concordato/", units.unit_agreed_rent, name="unit-agreed-rent"),
    path("<id:pk>/modifica/", buildings.unit_edit, name="unit-edit"),
    path("<id:pk>/dismetti/", buildings.unit_retire, name="unit-retire"),
    path("edifici/", buildings.building_list, name="building-list"),
    path("edifici/nuovo/", buildings.building_create, name="building-create"),
    path("edifici/<id:pk>/", buildings.building_detail, name="building-detail"),
    path("edifici/<id:pk>/modifica/", buildings.building_edit, name="building-edit"),
    path("edifici/<id:pk>/dismetti/", buildings.building_retire, name="building-retire"),
    path("edifici/<id:pk>/alloggi/nuovo/", buildings.unit_create, name="unit-create"),
    path("edifici/<id:pk>/spazi-comuni/nuovo/", buildings.common_space_create, name="common-space-create"),
    path("spazi-comuni/<id:pk>/modifica/", buildings.common_space_edit, name="common-space-edit"),
    path("proprietari/", owners.owner_list, name="owner-list"),
    path("proprietari/nuovo/", owners.owner_create, name="owner-create"),
    path("proprietari/<id:pk>/modifica/", owners.owner_edit, name="owner-edit"),
    path("proprietari/<id:pk>/convenzioni/nuova/", owners.owner_agreement_create, name="owner-agreement-create"),
    path("convenzioni/<id:pk>/modifica/", owners.owner_agreement_edit, name="owner-agreement-edit"),
    path("importa/", imports.stock_import, name="stock-import"),
    re_path(
        r"^importa/modello\.(?P<file_format>csv|xlsx)$", imports.stock_import_template, name="stock-import-template"
    ),
]
