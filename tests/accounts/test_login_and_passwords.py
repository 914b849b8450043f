"""Log in, log out, lockout after repeated failures, password change and reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.enums import Role
from accounts.services import organisation_deactivate
from dgyp.models import AuditEvent
from tests.factories import make_member
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_logs_in_and_lands_on_its_dashboard(client, role):
    user = make_member(role)
    response = login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    page = client.get(response["Location"])
    assert f'data-dashboard="{role}"' in page.content.decode()
    assert AuditEvent.objects.filter(event_type="user.login", actor=user).count() == 1


def test_a_user_with_two_roles_switches_between_dashboards(client, samr_org):
    user = make_member(Role.SAMR_STAFF, samr_org)
    from accounts.services import membership_grant

    membership_grant(user=user, role=Role.AUDITOR, organisation=samr_org, by=None)
    client.force_login(user)
    assert (
        'data-dashboard="samr_staff"' in client.get(reverse("accounts:dashboard")).content.decode()
    )
    page = client.get(reverse("accounts:dashboard"), {"role": "auditor"})
    assert 'data-dashboard="auditor"' in page.content.decode()
    # A role the user does not hold falls back to the first one.
    page = client.get(reverse("accounts:dashboard"), {"role": "expert"})
    assert 'data-dashboard="samr_staff"' in page.content.decode()


def test_a_wrong_password_is_refused_and_recorded_without_the_password(client, enterprise_user):
    response = login(client, enterprise_user.username, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    event = AuditEvent.objects.get(event_type="user.login_failed")
    assert event.payload == {"username": enterprise_user.username}
    assert "wrong-password" not in str(event.payload)


def test_five_failures_lock_the_account_for_that_address(client, enterprise_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, enterprise_user.username, "wrong-password")
    response = login(client, enterprise_user.username)  # even the right password now
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]


def test_logout_is_a_post_and_ends_the_session(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_users_of_a_deactivated_enterprise_are_logged_out_and_cannot_log_in(
    client, enterprise, enterprise_user, samr_staff
):
    client.force_login(enterprise_user)
    organisation_deactivate(organisation=enterprise, by=samr_staff, reason="停业")
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # session no longer valid
    response = login(client, enterprise_user.username)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_password_change_is_recorded(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "New-Youpin-2026",
            "new_password2": "New-Youpin-2026",
        },
    )
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("New-Youpin-2026")
    assert AuditEvent.objects.filter(
        event_type="user.password_changed", actor=enterprise_user
    ).exists()


def test_password_reset_mail_is_sent_after_commit_and_its_link_works(
    client, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": enterprise_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Reset-Youpin-2026", "new_password2": "Reset-Youpin-2026"},
    )
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Reset-Youpin-2026")


def test_password_reset_for_an_unknown_address_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})
    assert response.status_code == 302
    assert mail.outbox == []
