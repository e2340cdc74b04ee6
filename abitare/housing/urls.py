from django.urls import path

from abitare.housing import views

app_name = "housing"

urlpatterns = [
    path("", views.stock, name="stock"),
    path("sfitti/", views.vacancies, name="vacancies"),
    path("<id:pk>/", views.unit_detail, name="unit-detail"),
    path("<id:pk>/stato/", views.unit_change_state, name="unit-state"),
    path("<id:pk>/canone-concordato/", views.unit_agreed_rent, name="unit-agreed-rent"),
]
