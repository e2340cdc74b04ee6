"""The demo people: about 300 households, valid Codice Fiscale, ISEE, consultations; idempotent."""

from collections import Counter

from django.utils import timezone

from abitare.accounts.models import User
from abitare.demo.loaders import registry, territory
from abitare.registry import codice_fiscale
from abitare.registry.models import Consultation, Household, IseeAttestation, Person
from abitare.registry.selectors import consent_expiring, isee_latest_valid
from abitare.registry.tests.factories import actor_of


def test_the_demo_loads_300_households_with_valid_people_once(db):
    territory.load()
    assert registry.load() == 300
    by_organisation = Counter(Household.objects.values_list("organisation__name", flat=True))
    assert by_organisation["Agenzia per l'Abitare di Lucca (demo)"] == 110
    assert set(Household.objects.values_list("territory__kind", flat=True)) == {"neighbourhood"}
    for person in Person.objects.all():
        assert codice_fiscale.check(person.codice_fiscale, birth_date=person.birth_date, sex=person.sex) == {}
    assert all(household.members.exists() for household in Household.objects.all()[:50])
    today = timezone.localdate()
    assert IseeAttestation.objects.filter(expires_on__lt=today).exists()
    assert IseeAttestation.objects.filter(expires_on__gte=today).exists()
    assert any(isee_latest_valid(household=h) for h in Household.objects.all()[:20])
    assert Consultation.objects.filter(held_on__lt=today - timezone.timedelta(days=28)).exists()
    operator = User.objects.get(username="operatore")
    assert consent_expiring(actor=actor_of(operator)).exists()
    counts = (Household.objects.count(), Person.objects.count(), Consultation.objects.count())
    assert registry.load() == 0
    assert (Household.objects.count(), Person.objects.count(), Consultation.objects.count()) == counts
