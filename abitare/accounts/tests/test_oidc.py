from types import SimpleNamespace

from abitare.accounts.models import Membership, User
from abitare.accounts.oidc import MembershipOIDCBackend


def _match(claims):
    backend = SimpleNamespace(UserModel=User)
    return list(MembershipOIDCBackend.filter_users_by_claims(backend, claims))


def test_an_identity_provider_signs_in_only_existing_users_with_an_active_membership(operator, world):
    assert _match({"email": operator.email.upper()}) == [operator]
    Membership.objects.filter(user=operator).update(is_active=False)
    assert _match({"email": operator.email}) == []


def test_claims_without_an_email_match_nobody(operator):
    assert _match({"sub": "abc"}) == []
