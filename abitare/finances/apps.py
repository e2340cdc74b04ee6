from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancesConfig(AppConfig):
    name = "abitare.finances"
    label = "finances"
    verbose_name = _("Household finances")

    def ready(self) -> None:
        from abitare.core.extensions import NavItem, register_household_section, register_nav
        from abitare.finances import household_file, rights
        from abitare.finances.permissions import FINANCES
        from abitare.registry.services import erasure_step_register, export_section_register

        register_household_section(FINANCES, household_file.household_section)
        register_nav(
            NavItem(
                "finances",
                _("Family budgets"),
                "finances:household-list",
                FINANCES,
                order=52,
                icon="it-chart-line",
                group="people",
            )
        )
        export_section_register(rights.export_finances)
        erasure_step_register(rights.erase_finance_text)
