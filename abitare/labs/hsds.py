"""The public directory in Open Referral HSDS 3.0 shape.

Mapping: an Abitare organisation leading a published lab is an HSDS *organization*; each
activity of a published lab is a *service* (status active until its last occurrence); its
place is a *location* reached through a *service_at_location*; the activity's recurrence is
a *schedule* (HSDS allows FREQ WEEKLY or MONTHLY; other rules are given as a description), and
a place's opening hours are location schedules. Identifiers are UUIDs that encode the kind and
the primary key, so they are stable and need no extra column.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from abitare.accounts.models import Organisation
from abitare.labs.models import Activity, OpeningHours, Place
from abitare.labs.recurrence import to_rome

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/v3.0/"

KINDS = {
    "organization": 0x0A100001,
    "service": 0x0A100002,
    "location": 0x0A100003,
    "service_at_location": 0x0A100004,
    "address": 0x0A100005,
    "schedule": 0x0A100006,
    "opening": 0x0A100007,
    "accessibility": 0x0A100008,
    "phone": 0x0A100009,
    "language": 0x0A10000A,
}
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def hsds_id(kind: str, pk: int) -> str:
    """A version-4-shaped UUID carrying the kind in its first field and the pk in its last."""
    return str(uuid.UUID(f"{KINDS[kind]:08x}-0000-4000-8000-{pk:012x}"))


def hsds_pk(kind: str, value: str) -> int | None:
    """The primary key inside an identifier made by :func:`hsds_id`, if it is of ``kind``."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    if parsed.hex[:8] != f"{KINDS[kind]:08x}":
        return None
    return int(parsed.hex[20:], 16)


def organization(organisation: Organisation, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hsds_id("organization", organisation.pk),
        "name": organisation.name,
        "description": str(organisation.get_kind_display()),
    }
    if full:
        data.update({"phones": [], "locations": [], "services": [], "contacts": [], "attributes": [], "metadata": []})
    return data


def _address(place: Place) -> dict[str, Any]:
    return {
        "id": hsds_id("address", place.pk),
        "location_id": hsds_id("location", place.pk),
        "address_1": place.street,
        "city": place.city,
        "state_province": "",
        "postal_code": place.postal_code,
        "country": "IT",
        "address_type": "physical",
    }


def _opening_schedule(place: Place, span: OpeningHours) -> dict[str, Any]:
    return {
        "id": hsds_id("opening", span.pk),
        "location_id": hsds_id("location", place.pk),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": WEEKDAY_CODES[span.weekday],
        "opens_at": f"{span.opens_at:%H:%M:%S}",
        "closes_at": f"{span.closes_at:%H:%M:%S}",
        "description": f"{span.get_weekday_display()} {span.opens_at:%H:%M}-{span.closes_at:%H:%M} (Europe/Rome)",
    }


def location(place: Place) -> dict[str, Any]:
    """A place with its address, coordinates, accessibility notes and opening hours."""
    data: dict[str, Any] = {
        "id": hsds_id("location", place.pk),
        "location_type": "physical",
        "organization_id": hsds_id("organization", place.organisation_id),
        "name": place.name,
        "addresses": [_address(place)],
        "languages": [{"id": hsds_id("language", place.pk), "name": "Italiano", "code": "it"}],
        "schedules": [_opening_schedule(place, span) for span in place.opening_hours.all()],
    }
    if place.latitude is not None and place.longitude is not None:
        data["latitude"] = float(place.latitude)
        data["longitude"] = float(place.longitude)
    if place.accessibility or place.step_free:
        description = place.accessibility or _("Step-free access")
        data["accessibility"] = [
            {"id": hsds_id("accessibility", place.pk), "location_id": data["id"], "description": description}
        ]
    return data


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def schedule(activity: Activity) -> dict[str, Any]:
    """The activity's recurrence as HSDS schedule fields (RRULE-compatible where HSDS allows)."""
    start = to_rome(activity.dtstart)
    end = start + activity.duration
    data: dict[str, Any] = {
        "id": hsds_id("schedule", activity.pk),
        "service_id": hsds_id("service", activity.pk),
        "valid_from": f"{start:%Y-%m-%d}",
        "valid_to": f"{to_rome(activity.last_end):%Y-%m-%d}",
        "dtstart": f"{start:%Y-%m-%d}",
        "timezone": (start.utcoffset() or datetime.timedelta(0)).total_seconds() / 3600,
        "opens_at": f"{start:%H:%M:%S}",
        "closes_at": f"{end:%H:%M:%S}",
        "description": f"{activity.rrule or 'once'} from {start:%Y-%m-%d %H:%M} Europe/Rome",
    }
    parts = _rule_parts(activity.rrule)
    if parts.get("FREQ") in {"WEEKLY", "MONTHLY"}:
        data["freq"] = parts["FREQ"]
        data["interval"] = int(parts.get("INTERVAL", "1"))
        data["byday"] = parts.get("BYDAY", WEEKDAY_CODES[start.weekday()] if parts["FREQ"] == "WEEKLY" else "")
        if "BYMONTHDAY" in parts:
            data["bymonthday"] = parts["BYMONTHDAY"]
        if "COUNT" in parts:
            data["count"] = int(parts["COUNT"])
        if "UNTIL" in parts:
            until = datetime.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
            data["until"] = f"{to_rome(until):%Y-%m-%d}"
        if "WKST" in parts:
            data["wkst"] = parts["WKST"]
        if not data["byday"]:
            del data["byday"]
    return data


def service_at_location(activity: Activity, *, with_service: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hsds_id("service_at_location", activity.pk),
        "service_id": hsds_id("service", activity.pk),
        "location_id": hsds_id("location", activity.place_id),
        "location": location(activity.place),
        "schedules": [],
    }
    if with_service:
        data["service"] = service(activity, nested=False)
    return data


def service(activity: Activity, *, base_url: str = "", nested: bool = True) -> dict[str, Any]:
    """An activity as an HSDS service; ``nested`` adds organisation, locations and schedules."""
    lab = activity.lab
    data: dict[str, Any] = {
        "id": hsds_id("service", activity.pk),
        "organization_id": hsds_id("organization", lab.organisation_id),
        "name": f"{activity.title} ({lab.name})",
        "description": activity.description or lab.description,
        "status": "active" if activity.last_end > timezone.now() else "inactive",
        "eligibility_description": str(activity.get_audience_display()),
        "fees_description": _("Free") if activity.is_free else _("A fee applies"),
        "application_process": _("Registration needed")
        if activity.registration_required
        else _("Not needed: just come along"),
        "last_modified": activity.updated_at.isoformat(),
    }
    if base_url:
        data["url"] = f"{base_url}{lab.slug}/"
    if lab.email:
        data["email"] = lab.email
    if nested:
        data["organization"] = organization(lab.organisation)
        data["service_at_locations"] = [service_at_location(activity)]
        data["schedules"] = [schedule(activity)]
        data["languages"] = [{"id": hsds_id("language", activity.pk), "name": "Italiano", "code": "it"}]
        data["phones"] = (
            [{"id": hsds_id("phone", activity.pk), "number": lab.phone, "service_id": data["id"]}] if lab.phone else []
        )
    return data


def page(items: list[dict[str, Any]], *, number: int, size: int, total: int) -> dict[str, Any]:
    total_pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }
