from django.urls import path

from abitare.housing.api import stock, views

urlpatterns = [
    path("buildings/", views.BuildingList.as_view(), name="building-list"),
    path("buildings/<id:pk>/", stock.BuildingDetail.as_view(), name="building-detail"),
    path("buildings/<id:pk>/retire/", stock.BuildingRetire.as_view(), name="building-retire"),
    path("buildings/<id:pk>/common-spaces/", stock.CommonSpaceCreate.as_view(), name="common-space-create"),
    path("common-spaces/<id:pk>/", stock.CommonSpaceDetail.as_view(), name="common-space-detail"),
    path("units/", views.UnitList.as_view(), name="unit-list"),
    path("units/<id:pk>/", views.UnitDetail.as_view(), name="unit-detail"),
    path("units/<id:pk>/state/", views.UnitStateChangeView.as_view(), name="unit-state"),
    path("units/<id:pk>/retire/", stock.UnitRetire.as_view(), name="unit-retire"),
    path("units/<id:pk>/agreed-rent/", views.UnitAgreedRent.as_view(), name="unit-agreed-rent"),
    path("owners/", stock.OwnerListCreate.as_view(), name="owner-list"),
    path("owners/<id:pk>/", stock.OwnerDetail.as_view(), name="owner-detail"),
    path("owners/<id:pk>/agreements/", stock.OwnerAgreementCreate.as_view(), name="owner-agreement-create"),
    path("owner-agreements/<id:pk>/", stock.OwnerAgreementDetail.as_view(), name="owner-agreement-detail"),
]
