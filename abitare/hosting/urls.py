from django.urls import path

from abitare.hosting import views

app_name = "hosting"

urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("richieste/nuova/", views.request_create, name="request-create"),
    path("richieste/<id:pk>/", views.request_detail, name="request-detail"),
    path("richieste/<id:pk>/stato/", views.request_status, name="request-status"),
    path("richieste/<id:pk>/inserimento/", views.placement_create, name="placement-create"),
    path("inserimenti/<id:pk>/fine/", views.placement_end, name="placement-end"),
    path("famiglie/", views.host_list, name="host-list"),
    path("famiglie/nuova/", views.host_create, name="host-create"),
    path("famiglie/<id:pk>/", views.host_detail, name="host-detail"),
    path("famiglie/<id:pk>/modifica/", views.host_update, name="host-update"),
    path("famiglie/<id:pk>/disponibilita/", views.availability_add, name="availability-add"),
    path("famiglie/<id:pk>/sostegno/", views.support_record, name="support-record"),
    path("sostegno/<id:pk>/storno/", views.support_reverse, name="support-reverse"),
]
