from django.urls import path

from abitare.finances import views

app_name = "finances"

urlpatterns = [
    path("", views.household_list, name="household-list"),
    path("nuclei/<int:pk>/", views.household, name="household"),
    path("nuclei/<int:pk>/grafico.json", views.budget_chart, name="budget-chart"),
    path("nuclei/<int:pk>/bilanci/nuovo/", views.budget_create, name="budget-create"),
    path("nuclei/<int:pk>/debiti/nuovo/", views.debt_create, name="debt-create"),
    path("nuclei/<int:pk>/piani/nuovo/", views.plan_create, name="plan-create"),
    path("nuclei/<int:pk>/corsi/nuovo/", views.enrolment_create, name="enrolment-create"),
    path("bilanci/<int:pk>/", views.budget_detail, name="budget-detail"),
    path("bilanci/<int:pk>/righe/", views.budget_line_add, name="budget-line-add"),
    path("righe/<int:pk>/elimina/", views.budget_line_remove, name="budget-line-remove"),
    path("debiti/<int:pk>/", views.debt_update, name="debt-update"),
    path("piani/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("piani/<int:pk>/righe/", views.plan_line_set, name="plan-line-set"),
    path("piani/<int:pk>/stato/", views.plan_status, name="plan-status"),
]
