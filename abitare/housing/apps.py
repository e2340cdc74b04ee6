from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "abitare.housing"
    label = "housing"
    verbose_name = _("Housing stock")

    def ready(self) -> None:
        from abitare.core.extensions import NavItem, register_nav, register_search
        from abitare.housing import search
        from abitare.housing.permissions import STOCK_VIEW

        register_search(STOCK_VIEW, search.units)
        register_nav(
            NavItem("stock", _("Housing stock"), "housing:stock", STOCK_VIEW, order=40, icon="it-pa", group="housing")
        )
