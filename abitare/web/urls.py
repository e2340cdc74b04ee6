from django.urls import path

from abitare.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("lavoro/", views.worklist, name="worklist"),
    path("cerca/", views.search, name="search"),
    path("cerca/scelta/<slug:kind>/", views.lookup, name="lookup"),
    path("i18n/setlang/", views.set_language, name="set-language"),
    path("js/vega-interpreter.js", views.vega_interpreter, name="vega-interpreter"),
    path("tasks/<uuid:progress_id>/", views.task_progress, name="task-progress"),
    path("tasks/<uuid:progress_id>/file/", views.export_download, name="export-download"),
]
