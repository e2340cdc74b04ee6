"""The printable poster of a lab's month: the month's calendar and a QR code to the lab's public
page, rendered to PDF by WeasyPrint in A4 or A3. Labs communicate with posters in the
neighbourhood, so the poster carries only public information."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from typing import Any

import segno
from django.utils.translation import gettext as _

from abitare.core import pdf
from abitare.labs import selectors
from abitare.labs.models import Lab
from abitare.labs.recurrence import ROME

SIZES = {"A4": "A4", "A3": "A3"}


def poster_context(*, lab: Lab, month: datetime.date, page_url: str, size: str) -> dict[str, Any]:
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    start = datetime.datetime.combine(month, datetime.time(), tzinfo=ROME)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    end = datetime.datetime.combine(next_month, datetime.time(), tzinfo=ROME)
    items = selectors.calendar_public(start=start, end=end, lab=lab)
    by_day: dict[datetime.date, list[selectors.DatedActivity]] = defaultdict(list)
    for item in items:
        by_day[item.start.date()].append(item)
    return {
        "lab": lab,
        "month": month,
        "size": SIZES[size],
        "weeks": [[(day, by_day.get(day, []) if day.month == month.month else []) for day in week] for week in weeks],
        "weekdays": [_(label) for label in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")],
        "page_url": page_url,
        "qr": segno.make(page_url, error="m").svg_data_uri(scale=4, border=2),
        "count": len(items),
    }


def poster_pdf(*, lab: Lab, month: datetime.date, page_url: str, size: str = "A4") -> bytes:
    """The PDF poster of ``lab`` for ``month`` (``size`` "A4" or "A3"); it embeds everything it
    shows (the QR code is a ``data:`` URI); core/pdf.py fetches nothing else but static files."""
    context = poster_context(lab=lab, month=month, page_url=page_url, size=size)
    return pdf.render_template_pdf("labs/poster.html", context)
