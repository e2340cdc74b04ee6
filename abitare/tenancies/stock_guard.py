"""Housing asks before a unit leaves the stock: a unit with an active tenancy stays
(registered in ``TenanciesConfig.ready()``; housing may not read tenancies)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from abitare.housing.models import Unit
from abitare.tenancies.models import Tenancy


def active_tenancy_guard(unit: Unit) -> str | None:
    reference = (
        Tenancy.objects.filter(unit_id=unit.pk, status=Tenancy.Status.ACTIVE)
        .values_list("reference", flat=True)
        .first()
    )
    if reference is None:
        return None
    return _("it has an active tenancy (%(reference)s); end the tenancy first.") % {"reference": reference}
