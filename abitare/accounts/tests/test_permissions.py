"""The accounts' permission matrix: signing in and resetting a password are open to everyone; a
signed-in user of any role manages their own password, second factor and API token; the users'
pages are the administrator's and the access log and security events the auditor's. Every other
role, anonymous visitors and a user working under another role while holding the right one are
refused and change nothing; another organisation's administrator does not find our members."""

import pytest

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
    # The auditor (data protection officer).
    Case("accounts:access-log", AUDIT),
    Case("accounts:security-events", AUDIT),
    Case("api:access-log-list", AUDIT),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        foreign = acting(cast.others[Role.OPERATOR]).pk
    return {"member": cast.members[Role.OPERATOR], "reset-link": ("MQ", "set-password"), "foreign": foreign}


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.accounts.urls", "accounts") | route_names("abitare.accounts.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_accounts_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("accounts"))
