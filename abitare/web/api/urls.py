from django.urls import path

from abitare.web.api import views

urlpatterns = [
    path("tasks/<uuid:progress_id>/", views.TaskProgressView.as_view(), name="task-progress"),
]
