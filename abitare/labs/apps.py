from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "abitare.labs"
    label = "labs"
    verbose_name = _("Community labs")
