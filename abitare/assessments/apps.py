from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "abitare.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from abitare.assessments import dashboard
        from abitare.assessments.household_file import household_section
        from abitare.assessments.permissions import ASSESSMENT, INSTRUMENT_ADMIN, PLANE
        from abitare.assessments.worklist import worklist_items
        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_household_section,
            register_nav,
            register_work_kinds,
            register_worklist,
        )

        register_household_section(ASSESSMENT, household_section)

        register_nav(
            NavItem(
                "plane",
                _("Capacity to dwell"),
                "assessments:plane",
                PLANE,
                order=30,
                icon="it-chart-line",
                group="people",
            )
        )
        register_nav(
            NavItem(
                "instruments",
                _("Assessment instruments"),
                "assessments:instrument-list",
                INSTRUMENT_ADMIN,
                order=800,
                icon="it-settings",
                group="settings",
            )
        )
        register_worklist(ASSESSMENT, worklist_items)
        register_dashboard(ASSESSMENT, dashboard.quadrant_figures)
        register_dashboard(INSTRUMENT_ADMIN, dashboard.configuration_figures)
        register_work_kinds({"assessment_due": _("Re-assessments"), "pathway_change": _("Pathway changes to propose")})

        from abitare.assessments.rights import erase_assessment_text, export_assessments
        from abitare.registry.services import erasure_step_register, export_section_register

        export_section_register(export_assessments)
        erasure_step_register(erase_assessment_text)
