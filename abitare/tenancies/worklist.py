"""Tenancy items on the operator's work list: renewal deadlines and write-offs to decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.tenancies import contracts
from abitare.tenancies.selectors.ledger import write_off_requests_pending
from abitare.tenancies.selectors.tenancy import renewals_due, tenancy_list


def renewal_deadlines(request: Any) -> Iterable[WorkItem]:
    """Contracts whose renewal (or notice not to renew) must be decided within a month, and
    contracts past their end with neither renewal nor exit."""
    today = timezone.localdate()
    for tenancy, deadline in renewals_due(actor=membership_of(request), on=today)[:50]:
        assert tenancy.ends_on is not None
        expired = tenancy.ends_on < today
        renewable = contracts.can_renew(tenancy.contract_type, tenancy.renewals)
        if expired:
            title = _("Contract expired: renew it or record the exit, %(reference)s")
        elif renewable:
            title = _("Renewal deadline: %(reference)s")
        else:
            title = _("Contract ending, no renewal left: plan the exit, %(reference)s")
        yield WorkItem(
            kind="tenancies.renewal",
            title=title % {"reference": tenancy.reference},
            url=reverse("tenancies:tenancy-detail", args=[tenancy.pk]),
            due=deadline,
            detail=_("Ends on %(date)s") % {"date": tenancy.ends_on.strftime("%d/%m/%Y")},
            severity="danger" if expired or deadline < today else "warning",
        )


def write_offs_to_decide(request: Any) -> Iterable[WorkItem]:
    tenancies = tenancy_list(actor=membership_of(request))
    for item in write_off_requests_pending(tenancies=tenancies)[:50]:
        yield WorkItem(
            kind="tenancies.write_off",
            title=_("Write-off to decide: %(reference)s, %(amount)s €")
            % {"reference": item.tenancy.reference, "amount": item.amount},
            url=reverse("tenancies:tenancy-detail", args=[item.tenancy_id]) + "#write-offs",
            due=item.requested_at.date(),
            severity="warning",
        )
