from django.urls import URLPattern, path

from abitare.tenancies.api import arrears, community, payments, plans, support
from abitare.tenancies.api import tenancies as tenancy_api

urlpatterns: list[URLPattern] = []


# Support plans (accompagnamento) and mediation cases.
urlpatterns += [
    path("support-plans/", support.SupportPlanListCreate.as_view(), name="support-plan-list"),
    path("support-plans/<id:pk>/", support.SupportPlanDetail.as_view(), name="support-plan-detail"),
    path("support-plans/<id:pk>/close/", support.SupportPlanClose.as_view(), name="support-plan-close"),
    path("support-plans/<id:pk>/goals/", support.GoalCreate.as_view(), name="support-goal-create"),
    path("support-plans/<id:pk>/meetings/", support.PlanMeetingCreate.as_view(), name="support-meeting-create"),
    path("support-plans/<id:pk>/referrals/", support.ReferralCreate.as_view(), name="support-referral-create"),
    path("support-goals/<id:pk>/status/", support.GoalStatus.as_view(), name="support-goal-status"),
    path("support-meetings/<id:pk>/notes/", support.MeetingNoteCreate.as_view(), name="support-meeting-note"),
    path("support-referrals/<id:pk>/outcome/", support.ReferralOutcome.as_view(), name="support-referral-outcome"),
    path("mediation-cases/", support.MediationListCreate.as_view(), name="mediation-list"),
    path("mediation-cases/<id:pk>/", support.MediationDetail.as_view(), name="mediation-detail"),
    path(
        "mediation-cases/<id:pk>/meetings/", support.MediationMeetingCreate.as_view(), name="mediation-meeting-create"
    ),
    path("mediation-cases/<id:pk>/notes/", support.MediationNoteCreate.as_view(), name="mediation-note"),
    path("mediation-cases/<id:pk>/close/", support.MediationClose.as_view(), name="mediation-close"),
]


# Arrears recovery: bank statements and credits, arrears cases, repayment plans, community work.
urlpatterns += [
    path("bank-statements/", payments.StatementList.as_view(), name="bank-statement-list"),
    path("bank-statements/<id:pk>/", payments.StatementDetail.as_view(), name="bank-statement-detail"),
    path("bank-credits/", payments.CreditList.as_view(), name="bank-credit-list"),
    path("bank-credits/<id:pk>/assign/", payments.CreditAssign.as_view(), name="bank-credit-assign"),
    path("bank-credits/<id:pk>/dismiss/", payments.CreditDismiss.as_view(), name="bank-credit-dismiss"),
    path("arrears-cases/", arrears.CaseList.as_view(), name="arrears-case-list"),
    path("arrears-cases/scan/", arrears.Scan.as_view(), name="arrears-scan"),
    path("arrears-cases/<id:pk>/", arrears.CaseDetail.as_view(), name="arrears-case-detail"),
    path("repayment-plans/", plans.PlanList.as_view(), name="repayment-plan-list"),
    path("repayment-plans/<id:pk>/", plans.PlanDetail.as_view(), name="repayment-plan-detail"),
    path("repayment-plans/<id:pk>/check/", plans.PlanCheck.as_view(), name="repayment-plan-check"),
    path("repayment-plans/<id:pk>/cancel/", plans.PlanCancel.as_view(), name="repayment-plan-cancel"),
    path("community-tasks/", community.TaskList.as_view(), name="community-task-list"),
    path("community-sessions/", community.SessionList.as_view(), name="community-session-list"),
    path("community-sessions/<id:pk>/confirm/", community.SessionConfirm.as_view(), name="community-session-confirm"),
    path("community-sessions/<id:pk>/reject/", community.SessionReject.as_view(), name="community-session-reject"),
]


# Tenancies, rent ledger, savings, write-offs, exits.
urlpatterns += [
    path("tenancies/", tenancy_api.TenancyListCreate.as_view(), name="tenancy-list"),
    path("tenancies/<id:pk>/", tenancy_api.TenancyDetail.as_view(), name="tenancy-detail"),
    path("tenancies/<id:pk>/renew/", tenancy_api.TenancyRenew.as_view(), name="tenancy-renew"),
    path("tenancies/<id:pk>/exit/", tenancy_api.TenancyExitCreate.as_view(), name="tenancy-exit"),
    path("tenancies/<id:pk>/entries/", tenancy_api.EntryList.as_view(), name="tenancy-entries"),
    path("tenancies/<id:pk>/payments/", tenancy_api.PaymentCreate.as_view(), name="tenancy-payment"),
    path("tenancies/<id:pk>/statement/", tenancy_api.StatementView.as_view(), name="tenancy-statement"),
    path("tenancies/<id:pk>/savings/", tenancy_api.SavingsList.as_view(), name="tenancy-savings"),
    path("tenancies/<id:pk>/savings/deposits/", tenancy_api.SavingsDepositCreate.as_view(), name="savings-deposit"),
    path("tenancies/<id:pk>/savings/payouts/", tenancy_api.SavingsPayoutCreate.as_view(), name="savings-payout"),
    path("tenancies/<id:pk>/write-offs/", tenancy_api.WriteOffCreate.as_view(), name="write-off-create"),
    path("ledger-entries/<id:pk>/reverse/", tenancy_api.EntryReverse.as_view(), name="entry-reverse"),
    path("write-offs/<id:pk>/decision/", tenancy_api.WriteOffDecide.as_view(), name="write-off-decide"),
    path("tenancy-exits/", tenancy_api.ExitList.as_view(), name="tenancy-exit-list"),
]
