from django.urls import path

from abitare.accounts import views

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
    path("otp/", views.otp_verify, name="otp-verify"),
    path("otp/setup/", views.otp_setup, name="otp-setup"),
    path("membership/", views.membership_switch, name="membership-switch"),
    path("security/", views.role_policy_edit, name="role-policy"),
    path("members/", views.member_list, name="member-list"),
    path("audit/access-log/", views.access_log, name="access-log"),
]
