from django.urls import path

from abitare.housing.api import views

urlpatterns = [
    path("buildings/", views.BuildingList.as_view(), name="building-list"),
    path("units/", views.UnitList.as_view(), name="unit-list"),
    path("units/<id:pk>/", views.UnitDetail.as_view(), name="unit-detail"),
    path("units/<id:pk>/state/", views.UnitStateChangeView.as_view(), name="unit-state"),
    path("units/<id:pk>/agreed-rent/", views.UnitAgreedRent.as_view(), name="unit-agreed-rent"),
]
