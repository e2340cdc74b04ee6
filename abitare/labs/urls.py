from django.urls import path

from abitare.labs.views import activities, community, directory, feeds, manage, public

app_name = "labs"

urlpatterns = [
    path("", public.lab_list, name="lab-list"),
    path("calendario/", public.activity_calendar, name="activity-calendar"),
    path("calendario.ics", feeds.feed_all, name="feed"),
    path("territorio/<id:pk>/calendario.ics", feeds.feed_territory, name="territory-feed"),
    path("reti/", directory.network_list, name="network-list"),
    path("reti/<id:pk>/", directory.network_detail, name="network-detail"),
    path("attivita/<id:pk>/", public.activity_detail, name="activity-detail"),
    path("attivita/<id:pk>/evento.ics", feeds.occurrence_ics, name="occurrence-ics"),
    path("attivita/<id:pk>/iscrizione/", public.registration_create, name="registration-create"),
    path("attivita/<id:pk>/iscrizione/inviata/", public.registration_done, name="registration-done"),
    path("offri-il-tuo-tempo/", community.volunteer_signup, name="volunteer-signup"),
    path("offri-il-tuo-tempo/grazie/", community.volunteer_done, name="volunteer-done"),
    path("gestione/", manage.manage_lab_list, name="manage-lab-list"),
    path("gestione/nuovo/", manage.lab_create, name="lab-create"),
    path("gestione/<id:pk>/", manage.manage_lab, name="manage-lab"),
    path("gestione/<id:pk>/modifica/", manage.lab_edit, name="lab-edit"),
    path("gestione/<id:pk>/fase/", manage.lab_phase, name="lab-phase"),
    path("gestione/<id:pk>/consulta/", manage.council_meeting_create, name="council-meeting-create"),
    path("gestione/<id:pk>/consulta/<id:meeting_pk>/", manage.council_meeting_edit, name="council-meeting-edit"),
    path("gestione/luoghi/nuovo/", manage.place_create, name="place-create"),
    path("gestione/luoghi/<id:pk>/", manage.place_edit, name="place-edit"),
    path("gestione/attivita/nuova/", activities.activity_create, name="activity-create"),
    path("gestione/inviti-agora/<id:pk>/", manage.agora_invitation_answer, name="agora-invitation-answer"),
    path("gestione/attivita/<id:pk>/", activities.manage_activity, name="manage-activity"),
    path("gestione/attivita/<id:pk>/date/", activities.activity_exception, name="activity-exception"),
    path("gestione/attivita/<id:pk>/presenze/", activities.attendance_edit, name="attendance"),
    path("gestione/attivita/<id:pk>/iscrizioni/", activities.registration_manage, name="registrations"),
    path("gestione/volontari/", community.volunteer_list, name="volunteer-list"),
    path("gestione/volontari/<id:pk>/ore/", community.volunteer_hours, name="volunteer-hours"),
    path("gestione/reti-di-aiuto/", community.help_network_list, name="help-network-list"),
    path("gestione/reti-di-aiuto/<id:pk>/", community.help_network_detail, name="help-network-detail"),
    path("gestione/richieste/<id:pk>/", community.help_request_matches, name="help-request-matches"),
    path("gestione/richieste/<id:pk>/abbina/", community.help_request_match, name="help-request-match"),
    path("<slug:slug>/", public.lab_detail, name="lab-detail"),
    path("<slug:slug>/calendario.ics", feeds.feed_lab, name="lab-feed"),
    path("<slug:slug>/manifesto.pdf", directory.lab_poster, name="lab-poster"),
]
