"""The accounts' permission matrix: signing in and resetting a password are open to everyone; a
signed-in user of any role manages their own password, second factor and API token; the users'
pages are the administrator's and the access log and security events the auditor's. Every other
role, anonymous visitors and a user working under another role while holding the right one are
refused and change nothing; another organisation's administrator does not find our members."""

import pytest
from axes.models import AccessAttempt

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import Case, route_names, rows_of

EVERYONE = frozenset(Role.values)
ADMINISTRATION = frozenset({Role.ADMINISTRATOR})
AUDIT = frozenset({Role.AUDITOR})

TABLE = [
    # Open to everyone (``anonymous=True``): signing in and out, resetting a forgotten password.
    # A signed-in user is sent on to their work list.
    Case("accounts:login", EVERYONE, ok=302, anonymous=True, anonymous_ok=200),
    Case("accounts:login", EVERYONE, "post", body={}, ok=302, anonymous=True, anonymous_ok=200),
    Case("accounts:logout", EVERYONE, "post", body={}, ok=302, anonymous=True),
    Case("accounts:password-reset", EVERYONE, anonymous=True),
    Case("accounts:password-reset", EVERYONE, "post", body={"email": "nobody@example.test"}, ok=302, anonymous=True),
    Case("accounts:password-reset-done", EVERYONE, anonymous=True),
    Case("accounts:password-reset-confirm", EVERYONE, at="reset-link", anonymous=True),
    Case("accounts:password-reset-complete", EVERYONE, anonymous=True),
    # Any signed-in user, on their own account.
    Case("accounts:password-change", EVERYONE),
    Case("accounts:password-change", EVERYONE, "post", body={}),
    Case("accounts:password-change-done", EVERYONE),
    Case("accounts:otp-verify", EVERYONE, ok=302),
    Case("accounts:otp-recover", EVERYONE),
    Case("accounts:otp-recover", EVERYONE, "post", body={}, ok=400),
    Case("accounts:otp-setup", EVERYONE),
    Case("accounts:otp-setup", EVERYONE, "post", body={}, ok=400),
    Case("accounts:recovery-codes", EVERYONE),
    Case("accounts:account-security", EVERYONE),
    Case("accounts:token-create", EVERYONE, "post", body={}, ok=302),
    Case("accounts:token-revoke", EVERYONE, "post", body={}, ok=302),
    Case("accounts:membership-switch", EVERYONE, "post", body={}, ok=400),
    # Nobody works under someone else's membership.
    Case("accounts:membership-switch", EVERYONE, "post", body=lambda scene: {"membership": scene["foreign"]}, ok=404),
    Case("api:me", EVERYONE),
    Case("api:territory-list", EVERYONE),
    Case("api:organisation-list", EVERYONE),
    # The administrator: members, their second factor and tokens, the organisation's policy.
    Case("accounts:member-list", ADMINISTRATION),
    Case("accounts:member-detail", ADMINISTRATION, at="member"),
    Case("accounts:member-second-factor-reset", ADMINISTRATION, "post", at="member", body={"confirm": "on"}, ok=302),
    Case("accounts:member-token-revoke", ADMINISTRATION, "post", at="member", body={}, ok=302),
    Case("accounts:token-list", ADMINISTRATION),
    Case("accounts:role-policy", ADMINISTRATION),
    Case("accounts:role-policy", ADMINISTRATION, "post", body={"operator": "on"}, ok=302),
    # The administrator sets up people within their organisation and territory: another
    # organisation's administrator does not find our members, territories or organisation (404) and
    # cannot grant in our scope (their form offers only their own; the services refuse with 403).
    Case("accounts:member-invite", ADMINISTRATION),
    Case("accounts:member-invite", ADMINISTRATION, "post", body=lambda s: s["invite"], ok=302, elsewhere=400),
    Case("accounts:membership-create", ADMINISTRATION, at="member"),
    Case("accounts:membership-create", ADMINISTRATION, "post", at="member", body=lambda s: s["grant"], ok=302),
    Case("accounts:membership-edit", ADMINISTRATION, at="membership"),
    Case("accounts:membership-edit", ADMINISTRATION, "post", at="membership", body=lambda s: s["change"], ok=302),
    Case("accounts:member-deactivate", ADMINISTRATION, "post", at="member", body={}, ok=302),
    Case("accounts:member-reactivate", ADMINISTRATION, "post", at="member", body={}, ok=302),
    Case("accounts:member-unlock", ADMINISTRATION, "post", at="member", body={}, ok=302),
    Case("accounts:member-password-change-force", ADMINISTRATION, "post", at="member", body={}, ok=302),
    Case("api:member-invite", ADMINISTRATION, "post", body=lambda s: s["invite"], ok=201, elsewhere=403),
    Case("api:membership-create", ADMINISTRATION, "post", body=lambda s: s["grant_api"], ok=201, elsewhere=403),
    Case("api:membership-update", ADMINISTRATION, "put", at="membership", body=lambda s: s["change"]),
    Case("api:member-deactivate", ADMINISTRATION, "post", at="member", body={}),
    Case("api:member-reactivate", ADMINISTRATION, "post", at="member", body={}),
    Case("api:member-unlock", ADMINISTRATION, "post", at="locked", body={}),
    Case("api:member-password-change-force", ADMINISTRATION, "post", at="member", body={}),
    # Territories, organisations and housing desks of the administrator's territory.
    Case("accounts:territory-list", ADMINISTRATION),
    Case("accounts:territory-create", ADMINISTRATION),
    Case("accounts:territory-create", ADMINISTRATION, "post", body=lambda s: s["place"], ok=302, elsewhere=400),
    Case("accounts:territory-edit", ADMINISTRATION, at="territory"),
    Case("accounts:territory-edit", ADMINISTRATION, "post", at="territory", body=lambda s: s["rename"], ok=302),
    Case("accounts:municipality-search", ADMINISTRATION, query={"q": "Lucca"}),
    Case("accounts:housing-desk-edit", ADMINISTRATION, at="territory"),
    Case("accounts:housing-desk-edit", ADMINISTRATION, "post", at="territory", body=lambda s: s["desk"], ok=302),
    Case("accounts:organisation-list", ADMINISTRATION),
    Case("accounts:organisation-create", ADMINISTRATION),
    Case("accounts:organisation-create", ADMINISTRATION, "post", body=lambda s: s["body"], ok=302, elsewhere=400),
    Case("accounts:organisation-edit", ADMINISTRATION, at="organisation"),
    Case("accounts:organisation-edit", ADMINISTRATION, "post", at="organisation", body=lambda s: s["body"], ok=302),
    Case("api:territory-create", ADMINISTRATION, "post", body=lambda s: s["place"], ok=201, elsewhere=403),
    Case("api:territory-update", ADMINISTRATION, "put", at="territory", body=lambda s: s["rename"]),
    Case("api:housing-desk-save", ADMINISTRATION, "put", at="territory", body=lambda s: s["desk"]),
    Case("api:organisation-create", ADMINISTRATION, "post", body=lambda s: s["body"], ok=201, elsewhere=403),
    Case("api:organisation-update", ADMINISTRATION, "put", at="organisation", body=lambda s: s["org_api"]),
    Case("api:municipality-list", EVERYONE, query={"q": "Lucca"}),
    # The public site: each territory's housing desk.
    Case("accounts:housing-desks", EVERYONE, anonymous=True),
    # The auditor (data protection officer).
    Case("accounts:access-log", AUDIT),
    Case("accounts:security-events", AUDIT),
    Case("api:access-log-list", AUDIT),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    world = cast.world
    with django_db_blocker.unblock():
        foreign = acting(cast.others[Role.OPERATOR]).pk
        membership = acting(cast.members[Role.OPERATOR])
        locked = cast.members[Role.FACILITATOR]
        AccessAttempt.objects.create(
            username=locked.username, ip_address="10.0.0.1", failures_since_start=5, get_data="", post_data=""
        )
    grant = {"organisation": world.organisation.pk, "territory": world.municipality.pk, "role": Role.COORDINATOR}
    desk = {"name": "Sportello casa", "address": "Via Roma 1", "opening_hours": "Lun 9-12", "phone": "0583 1"}
    organisation = {"name": "Cooperativa Nuova", "kind": "cooperative", "territories": [world.municipality.pk]}
    return {
        "member": cast.members[Role.OPERATOR],
        "membership": membership,
        "locked": locked,
        "territory": world.municipality,
        "organisation": world.organisation,
        "reset-link": ("MQ", "set-password"),
        "foreign": foreign,
        "invite": {**grant, "email": "nuova@example.test", "first_name": "Nina", "last_name": "Neri"},
        "grant": grant,
        "grant_api": {**grant, "user": cast.members[Role.OPERATOR].pk},
        "change": {"territory": world.municipality.pk, "role": Role.OPERATOR, "sensitive_data": True},
        "place": {"name": "Quartiere Due", "kind": "neighbourhood", "parent": world.municipality.pk},
        "rename": {"name": "Comune Alfa", "istat_code": "099001"},
        "desk": desk,
        "body": organisation,
        "org_api": {
            **organisation,
            "name": "Agenzia Nord",
            "kind": "housing_agency",
            "territories": [world.district.pk],
        },
    }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.accounts.urls", "accounts") | route_names("abitare.accounts.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_accounts_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("accounts"))
