from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "abitare.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from datetime import timedelta

        from abitare.core.schedule import register_periodic
        from abitare.core.tasks import exports_purge_task, idempotency_keys_purge_task

        register_periodic("core.idempotency_keys_purge", idempotency_keys_purge_task, every=timedelta(hours=1))
        register_periodic("core.exports_purge", exports_purge_task, every=timedelta(hours=1))

        from django.urls import register_converter
        from rest_framework import serializers

        from abitare.core.params import IdConverter, IdRelatedField

        # Before any URLconf is read: every app's urls.py writes ids as <id:pk> (core/params.py).
        register_converter(IdConverter, "id")
        # A ModelSerializer's related fields check the id's range before querying.
        serializers.ModelSerializer.serializer_related_field = IdRelatedField
