from django.urls import path

from abitare.registry.api import views

urlpatterns = [
    path("persons/", views.PersonListCreate.as_view(), name="person-list"),
    path("persons/<id:pk>/", views.PersonDetail.as_view(), name="person-detail"),
    path("households/", views.HouseholdListCreate.as_view(), name="household-list"),
    path("households/<id:pk>/", views.HouseholdDetail.as_view(), name="household-detail"),
    path("households/<id:pk>/members/", views.HouseholdMemberAdd.as_view(), name="household-member-add"),
    path("households/<id:pk>/isee/", views.HouseholdIseeAdd.as_view(), name="household-isee-add"),
    path("consultations/", views.ConsultationListCreate.as_view(), name="consultation-list"),
    path("consultations/<id:pk>/", views.ConsultationDetail.as_view(), name="consultation-detail"),
]
