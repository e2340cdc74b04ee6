import datetime
import json
from pathlib import Path

import pytest

from abitare.matching import services
from abitare.registry.tests.factories import make_household, make_person

RULESETS = Path(__file__).resolve().parents[1] / "data" / "rulesets"


def load_ruleset(name, territory, actor):
    return services.rule_set_load(actor=actor, territory=territory, data=json.loads((RULESETS / name).read_text()))


@pytest.fixture
def lombardia(world, administrator):
    return load_ruleset("lombardia-sap-eligibility.json", world.district, administrator)


@pytest.fixture
def example_priority(world, administrator):
    return load_ruleset("example-priority.json", world.district, administrator)


@pytest.fixture
def family(operator, world):
    mother = make_person(operator, n=1, birth_date=datetime.date(1985, 4, 2), territory=world.neighbourhood)
    child = make_person(
        operator, n=2, first_name="Luca", sex="M", birth_date=datetime.date(2016, 9, 9), territory=world.neighbourhood
    )
    return make_household(operator, mother, child, territory=world.neighbourhood, name="Famiglia Bianchi")
