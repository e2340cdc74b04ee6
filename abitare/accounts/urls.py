from django.urls import path

from abitare.accounts import views
from abitare.accounts.views import people, places, security

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/change/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("otp/", security.otp_verify, name="otp-verify"),
    path("otp/recovery/", security.otp_recover, name="otp-recover"),
    path("otp/setup/", security.otp_setup, name="otp-setup"),
    path("otp/recovery-codes/", security.recovery_codes, name="recovery-codes"),
    path("account/", security.account_security, name="account-security"),
    path("account/token/", security.token_create, name="token-create"),
    path("account/token/revoke/", security.token_revoke, name="token-revoke"),
    path("membership/", views.membership_switch, name="membership-switch"),
    path("security/", security.role_policy_edit, name="role-policy"),
    path("members/", views.member_list, name="member-list"),
    path("members/tokens/", security.token_list, name="token-list"),
    path("members/invite/", people.member_invite, name="member-invite"),
    path("members/<id:user_id>/memberships/new/", people.membership_create, name="membership-create"),
    path("memberships/<id:membership_id>/edit/", people.membership_edit, name="membership-edit"),
    path("members/<id:user_id>/deactivate/", people.member_deactivate, name="member-deactivate"),
    path("members/<id:user_id>/reactivate/", people.member_reactivate, name="member-reactivate"),
    path("members/<id:user_id>/unlock/", people.member_unlock, name="member-unlock"),
    path(
        "members/<id:user_id>/password-change/",
        people.member_password_change_force,
        name="member-password-change-force",
    ),
    path("territories/", places.territory_list, name="territory-list"),
    path("territories/new/", places.territory_create, name="territory-create"),
    path("territories/<id:territory_id>/edit/", places.territory_edit, name="territory-edit"),
    path("territories/<id:territory_id>/housing-desk/", places.housing_desk_edit, name="housing-desk-edit"),
    path("territories/municipalities/", places.municipality_search, name="municipality-search"),
    path("organisations/", places.organisation_list, name="organisation-list"),
    path("organisations/new/", places.organisation_create, name="organisation-create"),
    path("organisations/<id:organisation_id>/edit/", places.organisation_edit, name="organisation-edit"),
    path("housing-desks/", places.housing_desk_list, name="housing-desks"),
    path("members/<id:user_id>/", security.member_detail, name="member-detail"),
    path(
        "members/<id:user_id>/second-factor/reset/",
        security.member_second_factor_reset,
        name="member-second-factor-reset",
    ),
    path("members/<id:user_id>/token/revoke/", security.member_token_revoke, name="member-token-revoke"),
    path("audit/access-log/", views.access_log, name="access-log"),
    path("audit/security-events/", security.security_event_list, name="security-events"),
]
