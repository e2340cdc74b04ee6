from django.urls import path

from abitare.labs import views

app_name = "labs"

urlpatterns = [
    path("", views.lab_list, name="lab-list"),
    path("calendario/", views.activity_calendar, name="activity-calendar"),
    path("calendario.ics", views.feed_all, name="feed"),
    path("territorio/<int:pk>/calendario.ics", views.feed_territory, name="territory-feed"),
    path("attivita/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("attivita/<int:pk>/iscrizione/", views.registration_create, name="registration-create"),
    path("attivita/<int:pk>/iscrizione/inviata/", views.registration_done, name="registration-done"),
    path("gestione/", views.manage_lab_list, name="manage-lab-list"),
    path("gestione/attivita/<int:pk>/", views.manage_activity, name="manage-activity"),
    path("gestione/attivita/<int:pk>/presenze/", views.attendance_edit, name="attendance"),
    path("<slug:slug>/", views.lab_detail, name="lab-detail"),
    path("<slug:slug>/calendario.ics", views.feed_lab, name="lab-feed"),
]
