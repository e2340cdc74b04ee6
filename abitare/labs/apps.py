from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "abitare.labs"
    label = "labs"
    verbose_name = _("Community labs")

    def ready(self) -> None:
        from abitare.labs import exports as list_exports

        list_exports.register()
        from abitare.core.access import PUBLIC
        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_nav,
            register_public_nav,
            register_search,
            register_work_kinds,
            register_worklist,
        )
        from abitare.labs import dashboard, search, worklist
        from abitare.labs.permissions import FACILITATION, FACILITATOR

        register_search(FACILITATION, search.labs)
        for key, label, url_name, order in (
            ("public-labs", _("Labs near you"), "labs:lab-list", 10),
            ("public-calendar", _("Calendar"), "labs:activity-calendar", 20),
            ("public-networks", _("Help networks"), "labs:network-list", 30),
            ("public-volunteer", _("Offer your time"), "labs:volunteer-signup", 40),
        ):
            register_public_nav(NavItem(key, label, url_name, PUBLIC, order=order))
        register_nav(
            NavItem(
                "labs",
                _("Community labs"),
                "labs:manage-lab-list",
                FACILITATION,
                order=60,
                icon="it-map-marker",
                group="community",
            )
        )
        register_worklist(FACILITATION, worklist.agora_invitations)
        register_dashboard(FACILITATOR, dashboard.facilitation_figures)
        register_work_kinds({"labs.agora_invitation": _("Agorà invitations")})
