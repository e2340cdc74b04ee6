from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "abitare.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from datetime import timedelta

        from abitare.core.schedule import register_periodic
        from abitare.core.tasks import idempotency_keys_purge_task

        register_periodic("core.idempotency_keys_purge", idempotency_keys_purge_task, every=timedelta(hours=1))
