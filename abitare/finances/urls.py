from django.urls import path

from abitare.finances import views

app_name = "finances"

urlpatterns = [
    path("", views.household_list, name="household-list"),
    path("nuclei/<id:pk>/", views.household, name="household"),
    path("nuclei/<id:pk>/grafico.json", views.budget_chart, name="budget-chart"),
    path("nuclei/<id:pk>/bilanci/nuovo/", views.budget_create, name="budget-create"),
    path("nuclei/<id:pk>/debiti/nuovo/", views.debt_create, name="debt-create"),
    path("nuclei/<id:pk>/piani/nuovo/", views.plan_create, name="plan-create"),
    path("nuclei/<id:pk>/corsi/nuovo/", views.enrolment_create, name="enrolment-create"),
    path("bilanci/<id:pk>/", views.budget_detail, name="budget-detail"),
    path("bilanci/<id:pk>/righe/", views.budget_line_add, name="budget-line-add"),
    path("righe/<id:pk>/elimina/", views.budget_line_remove, name="budget-line-remove"),
    path("debiti/<id:pk>/", views.debt_update, name="debt-update"),
    path("piani/<id:pk>/", views.plan_detail, name="plan-detail"),
    path("piani/<id:pk>/righe/", views.plan_line_set, name="plan-line-set"),
    path("piani/<id:pk>/stato/", views.plan_status, name="plan-status"),
]
