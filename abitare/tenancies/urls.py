from django.urls import URLPattern, path

from abitare.tenancies.views import arrears, community, mediation, payments, plans, support
from abitare.tenancies.views import ledger as ledger_views
from abitare.tenancies.views import tenancy as tenancy_views

app_name = "tenancies"

urlpatterns: list[URLPattern] = []


# Support plans (accompagnamento) and mediation cases.
urlpatterns += [
    path("accompagnamento/", support.support_plan_list, name="support-plan-list"),
    path("accompagnamento/nuovo/", support.support_plan_create, name="support-plan-create"),
    path("accompagnamento/<id:pk>/", support.support_plan_detail, name="support-plan-detail"),
    path("accompagnamento/<id:pk>/revisione/", support.support_plan_edit, name="support-plan-edit"),
    path("accompagnamento/<id:pk>/chiudi/", support.support_plan_close, name="support-plan-close"),
    path("accompagnamento/<id:pk>/obiettivi/nuovo/", support.goal_create, name="support-goal-create"),
    path("accompagnamento/obiettivi/<id:pk>/stato/", support.goal_status, name="support-goal-status"),
    path("accompagnamento/<id:pk>/incontri/nuovo/", support.meeting_create, name="support-meeting-create"),
    path("accompagnamento/incontri/<id:pk>/note/", support.meeting_note_create, name="support-meeting-note"),
    path("accompagnamento/<id:pk>/invii/nuovo/", support.referral_create, name="support-referral-create"),
    path("accompagnamento/invii/<id:pk>/esito/", support.referral_outcome, name="support-referral-outcome"),
    path("mediazioni/", mediation.mediation_list, name="mediation-list"),
    path("mediazioni/nuova/", mediation.mediation_create, name="mediation-create"),
    path("mediazioni/<id:pk>/", mediation.mediation_detail, name="mediation-detail"),
    path("mediazioni/<id:pk>/incontri/nuovo/", mediation.mediation_meeting_create, name="mediation-meeting-create"),
    path("mediazioni/<id:pk>/note/", mediation.mediation_note_create, name="mediation-note"),
    path("mediazioni/<id:pk>/chiudi/", mediation.mediation_close, name="mediation-close"),
]


# Tenancies, rent ledger, savings, exits and statements.
urlpatterns += [
    path("", tenancy_views.tenancy_list_page, name="tenancy-list"),
    path("nuova/", tenancy_views.tenancy_create, name="tenancy-create"),
    path("<id:pk>/", tenancy_views.tenancy_detail, name="tenancy-detail"),
    path("<id:pk>/rinnovo/", tenancy_views.tenancy_renew, name="tenancy-renew"),
    path("<id:pk>/uscita/", tenancy_views.tenancy_exit, name="tenancy-exit"),
    path("<id:pk>/alloggio-libero/", tenancy_views.tenancy_release_unit, name="tenancy-release-unit"),
    path("<id:pk>/contratto.pdf", tenancy_views.tenancy_contract_pdf, name="tenancy-contract"),
    path("<id:pk>/estratto.pdf", tenancy_views.statement_pdf, name="statement-pdf"),
    path("<id:pk>/estratto.xlsx", tenancy_views.statement_xlsx, name="statement-xlsx"),
    path("<id:pk>/pagamento/", ledger_views.payment_create, name="payment-create"),
    path("<id:pk>/addebito/", ledger_views.charge_create, name="charge-create"),
    path("<id:pk>/stralcio/", ledger_views.write_off_create, name="write-off-create"),
    path("<id:pk>/risparmi/versamento/", ledger_views.savings_deposit_create, name="savings-deposit"),
    path("movimenti/<id:pk>/storno/", ledger_views.entry_reverse, name="entry-reverse"),
    path("risparmi/<id:pk>/storno/", ledger_views.savings_entry_reverse, name="savings-entry-reverse"),
    path("stralci/<id:pk>/decisione/", ledger_views.write_off_decide, name="write-off-decide"),
]


# Arrears recovery: bank statements and unmatched credits, arrears cases, repayment plans,
# community-work restitution, the territory's recovery rules.
urlpatterns += [
    path("incassi/", payments.statement_list, name="statement-list"),
    path("incassi/importa/", payments.statement_import, name="statement-import"),
    path("incassi/modello.csv", payments.statement_template, name="statement-template"),
    path("incassi/<id:pk>/", payments.statement_detail, name="statement-detail"),
    path("incassi/da-abbinare/", payments.credit_queue, name="credit-queue"),
    path("incassi/accrediti/<id:pk>/", payments.credit_assign, name="credit-assign"),
    path("incassi/accrediti/<id:pk>/non-nostro/", payments.credit_dismiss, name="credit-dismiss"),
    path("morosita/", arrears.case_list, name="arrears-list"),
    path("morosita/<id:pk>/", arrears.case_detail, name="arrears-detail"),
    path("morosita/verifica/", arrears.arrears_scan, name="arrears-scan"),
    path("morosita/regole/", arrears.rules, name="recovery-rules"),
    path("piani-di-rientro/", plans.plan_list, name="plan-list"),
    path("<id:tenancy_pk>/piano-di-rientro/", plans.plan_create, name="plan-create"),
    path("piani-di-rientro/<id:pk>/", plans.plan_detail, name="plan-detail"),
    path("piani-di-rientro/<id:pk>/verifica/", plans.plan_check, name="plan-check"),
    path("piani-di-rientro/<id:pk>/annulla/", plans.plan_cancel, name="plan-cancel"),
    path("lavoro-di-comunita/", community.task_list, name="community-task-list"),
    path("lavoro-di-comunita/ore/", community.session_create, name="community-session-create"),
    path("lavoro-di-comunita/da-confermare/", community.session_queue, name="community-confirm"),
    path("lavoro-di-comunita/ore/<id:pk>/conferma/", community.session_confirm, name="community-session-confirm"),
    path("lavoro-di-comunita/ore/<id:pk>/rifiuta/", community.session_reject, name="community-session-reject"),
    path("lavoro-di-comunita/rendiconto/", community.report, name="community-report"),
    path("lavoro-di-comunita/rendiconto.xlsx", community.report_xlsx, name="community-report-xlsx"),
]
