from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "abitare.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        from abitare.accounts.permissions import STAFF
        from abitare.core.extensions import NavItem, register_nav

        register_nav(NavItem("worklist", _("Work list"), "web:worklist", STAFF, order=0, icon="it-list"))
