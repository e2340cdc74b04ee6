from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "abitare.matching"
    label = "matching"
    verbose_name = _("Applications and allocation")

    def ready(self) -> None:
        from abitare.matching import exports as list_exports

        list_exports.register()
        from abitare.accounts.permissions import CASEWORK
        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_household_section,
            register_nav,
            register_work_kinds,
            register_worklist,
        )
        from abitare.matching import dashboard, worklist
        from abitare.matching.household_file import household_section
        from abitare.matching.permissions import AGREEMENTS, APPLICATIONS, ROUNDS, ROUNDS_READ, RULES

        register_household_section(APPLICATIONS, household_section)

        from abitare.housing.services import unit_retirement_guard_register
        from abitare.matching.stock_guard import open_offer_guard

        unit_retirement_guard_register(open_offer_guard)

        register_nav(
            NavItem(
                "applications", _("Applications"), "matching:application-list", APPLICATIONS, order=45, group="housing"
            )
        )
        register_nav(
            NavItem("rounds", _("Matching rounds"), "matching:round-list", ROUNDS_READ, order=46, group="housing")
        )
        register_nav(NavItem("offers", _("Offers"), "matching:offer-list", ROUNDS_READ, order=47, group="housing"))
        register_worklist(ROUNDS, worklist.offers_overdue)
        register_nav(
            NavItem("rules", _("Allocation rules"), "matching:ruleset-list", RULES, order=920, group="settings")
        )
        register_nav(
            NavItem(
                "agreements",
                _("Sharing agreements"),
                "matching:agreement-list",
                AGREEMENTS,
                order=921,
                group="settings",
            )
        )
        register_dashboard(CASEWORK, dashboard.allocation_figures)
        register_dashboard(RULES, dashboard.configuration_figures)
        register_work_kinds({"matching.offer_overdue": _("Offers without an answer")})
