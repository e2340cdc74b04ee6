"""The administrator's and the auditor's figures: users and memberships, locked accounts; reads
per day, unusual patterns, exports. Configuration that is missing comes from the modules that own
it (assessment instruments, allocation rules, rent agreements)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts import selectors
from abitare.accounts.models import Role
from abitare.accounts.permissions import membership_of
from abitare.core import selectors as access_selectors
from abitare.core.figures import TREND_DAYS, Figure, Part, windows


def _on_day(log: str, day: datetime.date, **filters: str) -> str:
    """The access log filtered to one day (and more filters)."""
    return f"{log}?{urlencode({**filters, 'date_from': day.isoformat(), 'date_to': day.isoformat()})}"


def administration_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    members = selectors.members_count(actor=actor, today=timezone.localdate())
    url = reverse("accounts:member-list")
    yield Figure(
        key="accounts.users",
        label=_("Users with an active membership"),
        value=members.users,
        url=url,
        order=100,
        detail=_("%(count)s memberships switched off; trend: memberships given") % {"count": members.inactive},
        trend=members.trend,
        parts=tuple(Part(Role(role).label, count, url) for role, count in members.by_role.items()),
    )
    locked = selectors.accounts_locked(actor=actor, now=timezone.now())
    yield Figure(
        key="accounts.locked",
        label=_("Accounts locked out"),
        value=len(locked),
        url=url,
        order=101,
        detail=", ".join(locked[:5]),
        severity="danger" if locked else "info",
    )


def audit_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    if actor is None:
        return
    today = timezone.localdate()
    log = reverse("accounts:access-log")
    per_day = access_selectors.access_reads_per_day(actor=actor, today=today)
    yield Figure(
        key="audit.reads",
        label=_("Reads of personal records today"),
        value=per_day[today],
        url=_on_day(log, today),
        order=200,
        detail=_("Per day over the last %(days)s days") % {"days": len(per_day)},
        parts=tuple(
            Part(
                formats.date_format(day, "SHORT_DATE_FORMAT"),
                count,
                _on_day(log, day),
            )
            for day, count in per_day.items()
        ),
    )
    heavy = access_selectors.access_heavy_readers(actor=actor, today=today)
    yield Figure(
        key="audit.heavy_readers",
        label=_("Users who read many records in a day"),
        value=len({reader.username for reader in heavy}),
        url=log,
        order=201,
        detail=_("More than %(count)s records in one day, last %(days)s days")
        % {"count": access_selectors.MANY_READS_PER_DAY, "days": access_selectors.AUDIT_DAYS},
        parts=tuple(
            Part(
                f"{reader.username}, {formats.date_format(reader.day, 'SHORT_DATE_FORMAT')}",
                reader.records,
                _on_day(log, reader.day, username=reader.username),
            )
            for reader in heavy[:10]
        ),
        severity="danger" if heavy else "info",
    )
    exports = access_selectors.access_exports(actor=actor, today=today)
    start, _before = windows(today)
    yield Figure(
        key="audit.exports",
        label=_("Records exported in the last 30 days"),
        value=exports.recent,
        url=f"{log}?{urlencode({'date_from': start.isoformat()})}",
        order=202,
        detail=_("%(count)s in the %(days)s days before") % {"count": exports.earlier, "days": TREND_DAYS},
        trend=exports,
    )
