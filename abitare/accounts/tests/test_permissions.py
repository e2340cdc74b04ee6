"""The accounts' permission matrix: the users' pages are the administrator's, the access log and
security events the auditor's; every other role is refused, even while holding the right role
under another membership."""

from abitare.accounts.models import Membership, Role, RolePolicy
from abitare.accounts.testing import role_matrix
from abitare.core.testing import Route


def test_the_administration_matrix(world):
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.ADMINISTRATOR},
        reads=[Route("get", "/accounts/members/"), Route("get", "/accounts/security/")],
        writes=[Route("post", "/accounts/security/", {"operator": "on"}, 302)],
        state=lambda: (Membership.objects.count(), list(RolePolicy.objects.values_list("pk", "role", "require_otp"))),
    )


def test_the_audit_matrix(world):
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.AUDITOR},
        reads=[
            Route("get", "/accounts/audit/access-log/"),
            Route("get", "/accounts/audit/security-events/"),
            Route("get", "/api/v1/access-log/"),
        ],
        writes=[],
        state=Membership.objects.count,
    )
