from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "abitare.accounts"
    label = "accounts"
    verbose_name = _("Territories and accounts")

    def ready(self) -> None:
        from abitare.accounts import dashboard
        from abitare.accounts import exports as list_exports
        from abitare.accounts.permissions import ADMINISTRATION, AUDIT
        from abitare.core.access import PUBLIC
        from abitare.core.extensions import NavItem, register_dashboard, register_nav, register_public_nav

        list_exports.register()

        register_public_nav(
            NavItem("public-housing-desks", _("Housing desk"), "accounts:housing-desks", PUBLIC, order=5)
        )
        register_nav(
            NavItem(
                "territories",
                _("Territories and organisations"),
                "accounts:territory-list",
                ADMINISTRATION,
                order=905,
                icon="it-map-marker",
                group="settings",
            )
        )

        register_nav(
            NavItem(
                "members",
                _("Users"),
                "accounts:member-list",
                ADMINISTRATION,
                order=900,
                icon="it-user",
                group="settings",
            )
        )
        register_nav(
            NavItem(
                "security",
                _("Security"),
                "accounts:role-policy",
                ADMINISTRATION,
                order=910,
                icon="it-locked",
                group="settings",
            )
        )
        register_nav(
            NavItem(
                "access-log",
                _("Access log"),
                "accounts:access-log",
                AUDIT,
                order=950,
                icon="it-search",
                group="settings",
            )
        )
        register_nav(
            NavItem(
                "security-events",
                _("Security events"),
                "accounts:security-events",
                AUDIT,
                order=960,
                icon="it-locked",
                group="settings",
            )
        )
        register_dashboard(ADMINISTRATION, dashboard.administration_figures)
        register_dashboard(AUDIT, dashboard.audit_figures)
