"""The demo's municipalities carry their real ISTAT codes: each code names that municipality in the
official list shipped with the product."""

from abitare.accounts import istat
from abitare.demo.loaders.territory import TERRITORIES


def test_every_demo_municipality_has_its_own_istat_code():
    codes = {name: code for municipalities in TERRITORIES.values() for name, (code, _areas) in municipalities.items()}
    assert {name: getattr(istat.municipality_get(code), "name", None) for name, code in codes.items()} == {
        name: name for name in codes
    }
