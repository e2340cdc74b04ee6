from django.urls import path

from abitare.finances.api import views

urlpatterns = [
    path("budgets/", views.BudgetList.as_view(), name="budget-list"),
    path("budgets/<id:pk>/", views.BudgetDetail.as_view(), name="budget-detail"),
    path("budgets/<id:pk>/lines/", views.BudgetLines.as_view(), name="budget-lines"),
    path("budget-series/<id:pk>/", views.BudgetSeries.as_view(), name="budget-series"),
    path("budget-charts/<id:pk>/", views.BudgetChart.as_view(), name="budget-chart"),
    path("debts/", views.DebtList.as_view(), name="debt-list"),
    path("debts/<id:pk>/", views.DebtDetail.as_view(), name="debt-detail"),
    path("restructuring-plans/", views.PlanList.as_view(), name="restructuring-plan-list"),
    path("restructuring-plans/<id:pk>/", views.PlanDetail.as_view(), name="restructuring-plan-detail"),
    path("restructuring-plans/<id:pk>/lines/", views.PlanLines.as_view(), name="restructuring-plan-lines"),
    path("restructuring-plans/<id:pk>/status/", views.PlanStatus.as_view(), name="restructuring-plan-status"),
]
