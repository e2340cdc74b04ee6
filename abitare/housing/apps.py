from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "abitare.housing"
    label = "housing"
    verbose_name = _("Housing stock")

    def ready(self) -> None:
        from abitare.accounts.permissions import ADMINISTRATION, CASEWORK
        from abitare.core.extensions import NavItem, register_dashboard, register_nav, register_search
        from abitare.housing import dashboard, search
        from abitare.housing.permissions import STOCK_VIEW

        register_search(STOCK_VIEW, search.units)
        register_nav(
            NavItem("stock", _("Housing stock"), "housing:stock", STOCK_VIEW, order=40, icon="it-pa", group="housing")
        )
        register_dashboard(CASEWORK, dashboard.vacancy_figures)
        register_dashboard(ADMINISTRATION, dashboard.configuration_figures)
