from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "abitare.registry"
    label = "registry"
    verbose_name = _("People")

    def ready(self) -> None:
        from abitare.accounts.permissions import CASEWORK
        from abitare.core.computations import register_computation
        from abitare.core.extensions import (
            NavItem,
            register_dashboard,
            register_nav,
            register_search,
            register_work_kinds,
            register_worklist,
        )
        from abitare.core.schedule import register_periodic
        from abitare.registry import dashboard, exports, search, worklist
        from abitare.registry.computations import COMPUTATIONS
        from abitare.registry.permissions import CONSULTATIONS, EXPORT_RELEASE, PEOPLE
        from abitare.registry.tasks import consents_expire_task

        exports.register()
        register_search(PEOPLE, search.people)
        register_nav(
            NavItem("people", _("People"), "registry:person-list", PEOPLE, order=20, icon="it-user", group="people")
        )
        register_nav(
            NavItem(
                "households", _("Households"), "registry:household-list", PEOPLE, order=21, icon="it-pa", group="people"
            )
        )
        register_nav(
            NavItem(
                "consultations",
                _("Desk"),
                "registry:consultation-list",
                CONSULTATIONS,
                order=25,
                icon="it-comment",
                group="people",
            )
        )
        register_nav(
            NavItem(
                "export-releases",
                _("Household records in exports"),
                "registry:export-release-list",
                EXPORT_RELEASE,
                order=951,
                icon="it-locked",
                group="settings",
            )
        )
        register_worklist(PEOPLE, worklist.consents_expiring)
        register_worklist(EXPORT_RELEASE, worklist.export_releases_waiting)
        register_worklist(CONSULTATIONS, worklist.consultation_follow_ups)
        register_periodic("registry.consents_expire", consents_expire_task, every=timedelta(hours=1))
        for computation in COMPUTATIONS:
            register_computation(computation)
        register_dashboard(CASEWORK, dashboard.desk_figures)
        register_work_kinds(
            {
                "registry.consent_expiring": _("Consents about to expire"),
                "registry.consultation_follow_up": _("Consultation follow-ups"),
                "registry.export_release": _("Household records withheld from exports"),
            }
        )
