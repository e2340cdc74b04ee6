from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostingConfig(AppConfig):
    name = "abitare.hosting"
    label = "hosting"
    verbose_name = _("Solidarity hosting network")

    def ready(self) -> None:
        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_household_section,
            register_nav,
            register_work_kinds,
            register_worklist,
        )
        from abitare.hosting import dashboard, household_file, rights, worklist
        from abitare.hosting.permissions import HOSTING
        from abitare.registry.services import erasure_check_register, erasure_step_register, export_section_register

        register_household_section(HOSTING, household_file.household_section)
        register_nav(
            NavItem(
                "hosting", _("Hosting network"), "hosting:request-list", HOSTING, order=50, icon="it-pa", group="people"
            )
        )
        register_worklist(HOSTING, worklist.open_requests)
        register_worklist(HOSTING, worklist.placements_ending)
        register_dashboard(HOSTING, dashboard.hosting_figures)
        register_work_kinds(
            {
                "hosting.request_open": _("Emergency hosting requests"),
                "hosting.placement_ending": _("Placements ending"),
            }
        )
        export_section_register(rights.export_hosting)
        erasure_check_register(rights.active_placement_check)
        erasure_step_register(rights.erase_hosting_text)
