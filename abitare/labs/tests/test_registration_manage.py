"""A facilitator registers someone on their behalf and cancels a registration from the date's page."""

from django.core import mail
from django.urls import reverse

from abitare.labs.models import Registration
from abitare.labs.views.common import occurrence_key
from conftest import client_for


def _url(activity):
    return reverse("labs:registrations", args=[activity.pk]) + f"?start={occurrence_key(activity.dtstart)}"


def _register(client, activity, name, email):
    return client.post(_url(activity), {"register": "1", "name": name, "email": email, "consent": "on"})


def test_a_facilitator_registers_people_until_full_then_on_the_waiting_list(
    facilitator, activity, django_capture_on_commit_callbacks
):
    client = client_for(facilitator)
    for name in ("Anna Verdi", "Paolo Neri", "Rita Gialli"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _register(client, activity, name, f"{name.split()[0].lower()}@example.test")
        assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Anna Verdi": "confirmed", "Paolo Neri": "confirmed", "Rita Gialli": "waiting"}
    page = client.get(_url(activity)).content.decode()
    assert "Rita Gialli" in page
    assert len(mail.outbox) == 3


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(
    facilitator, activity, django_capture_on_commit_callbacks
):
    client = client_for(facilitator)
    for name in ("Anna Verdi", "Paolo Neri", "Rita Gialli"):
        _register(client, activity, name, f"{name.split()[0].lower()}@example.test")
    anna = Registration.objects.get(name="Anna Verdi")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(activity), {"cancel": anna.pk}).status_code == 302
    assert Registration.objects.get(name="Rita Gialli").status == "confirmed"
    assert [message.to for message in mail.outbox] == [["rita@example.test"]]


def test_without_the_persons_consent_nothing_is_saved(facilitator, activity):
    response = client_for(facilitator).post(_url(activity), {"register": "1", "name": "X", "email": "x@example.test"})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_other_organisations_and_roles_cannot_see_or_register(operator, other_org_facilitator, facilitator, activity):
    _register(client_for(facilitator), activity, "Anna Verdi", "anna@example.test")
    assert client_for(operator).get(_url(activity)).status_code == 403
    assert client_for(other_org_facilitator).get(_url(activity)).status_code == 404
    assert _register(client_for(other_org_facilitator), activity, "Intruso", "i@example.test").status_code == 404
    registration = Registration.objects.get()
    assert client_for(other_org_facilitator).post(_url(activity), {"cancel": registration.pk}).status_code == 404
    assert list(Registration.objects.values_list("name", "status")) == [("Anna Verdi", "confirmed")]
