"""One access-logged API list for every module: each row of the page served is a read in the
access log, under the membership in force, with the view's purpose; an empty page logs nothing."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from abitare.accounts.http import LoggedListAPIView
from abitare.accounts.models import User
from abitare.core.models import AccessLogEntry


class UserOutput(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username"]


class Users(LoggedListAPIView[User]):
    serializer_class = UserOutput
    log_purpose = "test"
    permission_classes = ()

    def get_queryset(self):
        return User.objects.order_by("id")


class NoUsers(Users):
    def get_queryset(self):
        return User.objects.none()


def _get(user, view=Users, **query):
    request = APIRequestFactory().get("/api/v1/test-users/", query)
    force_authenticate(request, user=user)
    return view.as_view()(request)


def test_every_row_served_is_logged_once_with_the_purpose(operator, coordinator):
    response = _get(operator, page_size=1)
    assert response.status_code == 200
    shown = response.data["results"]
    assert len(shown) == 1
    entries = AccessLogEntry.objects.filter(purpose="test")
    assert [(entry.record_id, entry.username, entry.role) for entry in entries] == [
        (str(shown[0]["id"]), operator.username, "operator")
    ]


def test_an_empty_list_logs_nothing(operator):
    assert _get(operator, view=NoUsers).data["results"] == []
    assert not AccessLogEntry.objects.filter(purpose="test").exists()


def test_a_user_without_a_membership_in_force_is_refused(db):
    lonely = User.objects.create_user(username="solo", password="x")
    assert _get(lonely).status_code == 403
    assert not AccessLogEntry.objects.exists()
