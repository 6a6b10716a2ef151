from django.urls import path

from kuulu.accounts import twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/complete/", views.password_reset_complete, name="password_reset_complete"),
    path("profile/", views.profile, name="profile"),
    path("two-factor/verify/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", twofactor_views.enrol, name="two_factor_enrol"),
    path(
        "two-factor/recovery-codes/",
        twofactor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/turn-off/", twofactor_views.disable, name="two_factor_disable"),
    path("two-factor/reset/<int:user_id>/", twofactor_views.reset, name="two_factor_reset"),
]
