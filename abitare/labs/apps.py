from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "abitare.labs"
    label = "labs"
    verbose_name = _("Community labs")

    def ready(self) -> None:
        from abitare.core.extensions import NavItem, register_nav, register_search, register_worklist
        from abitare.labs import search, worklist
        from abitare.labs.permissions import FACILITATION

        register_search(FACILITATION, search.labs)
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
