"""URLs of accounts."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register_enterprise, name="register_enterprise"),
    path("register/institution/", views.register_institution, name="register_institution"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisation/", views.my_organisation, name="my_organisation"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path(
        "enterprises/<int:pk>/reveal-contact/",
        views.enterprise_reveal_contact,
        name="enterprise_reveal_contact",
    ),
    path(
        "enterprises/<int:pk>/deactivate/",
        views.enterprise_set_status,
        {"action": "deactivate"},
        name="enterprise_deactivate",
    ),
    path(
        "enterprises/<int:pk>/reactivate/",
        views.enterprise_set_status,
        {"action": "reactivate"},
        name="enterprise_reactivate",
    ),
]
