from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenanciesConfig(AppConfig):
    name = "abitare.tenancies"
    label = "tenancies"
    verbose_name = _("Tenancies")

    def ready(self) -> None:
        from abitare.tenancies import exports as list_exports

        list_exports.register()
        from datetime import timedelta

        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_household_section,
            register_nav,
            register_search,
            register_work_kinds,
            register_worklist,
        )
        from abitare.core.schedule import register_periodic
        from abitare.registry.services import erasure_check_register, erasure_step_register, export_section_register
        from abitare.tenancies import dashboard, household_file, rights, search, worklist
        from abitare.tenancies.permissions import TENANCIES_VIEW, WRITE_OFF_APPROVE
        from abitare.tenancies.tasks import charges_issue_current_month_task

        register_nav(
            NavItem(
                "tenancies",
                _("Tenancies"),
                "tenancies:tenancy-list",
                TENANCIES_VIEW,
                order=50,
                icon="it-key",
                group="tenancies",
            )
        )
        register_search(TENANCIES_VIEW, search.tenancies)
        register_worklist(TENANCIES_VIEW, worklist.renewal_deadlines)
        register_household_section(TENANCIES_VIEW, household_file.tenancy_section)
        register_worklist(WRITE_OFF_APPROVE, worklist.write_offs_to_decide)
        # Twice a day: the first run of a month issues its charges, the others find nothing to add.
        register_periodic("tenancies.charges_issue_month", charges_issue_current_month_task, every=timedelta(hours=12))
        erasure_check_register(rights.open_tenancy_check)
        export_section_register(rights.export_tenancies)
        erasure_step_register(rights.erase_exit_notes)

        from abitare.tenancies import support_worklist
        from abitare.tenancies.permissions import SUPPORT
        from abitare.tenancies.services import support_rights

        register_nav(
            NavItem(
                "support",
                _("Support plans"),
                "tenancies:support-plan-list",
                SUPPORT,
                order=55,
                icon="it-help-circle",
                group="people",
            )
        )
        register_worklist(SUPPORT, support_worklist.support_items)
        register_household_section(SUPPORT, household_file.support_section)
        erasure_check_register(support_rights.support_erasure_check)
        export_section_register(support_rights.export_support)
        erasure_step_register(support_rights.erase_support_text)

        from abitare.tenancies import recovery_worklist
        from abitare.tenancies.permissions import COMMUNITY_SUPERVISE, RECOVERY, RECOVERY_RULES_READ
        from abitare.tenancies.tasks import arrears_scan_task, plans_check_task

        register_nav(
            NavItem(
                "arrears",
                _("Arrears"),
                "tenancies:arrears-list",
                RECOVERY,
                order=51,
                icon="it-warning-circle",
                group="tenancies",
            )
        )
        register_nav(
            NavItem(
                "bank-statements",
                _("Bank statements"),
                "tenancies:statement-list",
                RECOVERY,
                order=52,
                icon="it-card",
                group="tenancies",
            )
        )
        register_nav(
            NavItem(
                "repayment-plans",
                _("Repayment plans"),
                "tenancies:plan-list",
                RECOVERY,
                order=53,
                icon="it-calendar",
                group="tenancies",
            )
        )
        register_nav(
            NavItem(
                "community-work",
                _("Community work"),
                "tenancies:community-task-list",
                RECOVERY,
                order=54,
                icon="it-tool",
                group="tenancies",
            )
        )
        register_nav(
            NavItem(
                "recovery-rules",
                _("Arrears rules"),
                "tenancies:recovery-rules",
                RECOVERY_RULES_READ,
                order=925,
                icon="it-settings",
                group="settings",
            )
        )
        register_worklist(RECOVERY, recovery_worklist.recovery_items)
        register_worklist(COMMUNITY_SUPERVISE, recovery_worklist.hours_to_confirm)
        register_periodic("tenancies.arrears_scan", arrears_scan_task, every=timedelta(hours=24))
        register_periodic("tenancies.plans_check", plans_check_task, every=timedelta(hours=24))
        from abitare.tenancies import recovery_rights

        export_section_register(recovery_rights.export_recovery)

        from abitare.housing.services import unit_retirement_guard_register
        from abitare.tenancies.stock_guard import active_tenancy_guard

        unit_retirement_guard_register(active_tenancy_guard)
        register_dashboard(RECOVERY, dashboard.recovery_figures)
        register_work_kinds(
            {
                "tenancies.renewal": _("Renewals and contracts ending"),
                "tenancies.write_off": _("Write-offs to decide"),
                "tenancies.arrears_case": _("Arrears cases"),
                "tenancies.credits_unmatched": _("Payments not matched"),
                "tenancies.hours_to_confirm": _("Community hours to confirm"),
                "tenancies.mediation_quiet": _("Mediations without news"),
                "tenancies.plan_breached": _("Repayment plans in breach"),
                "tenancies.referral_follow_up": _("Referrals to follow up"),
                "tenancies.support_review": _("Support plans to review"),
            }
        )
