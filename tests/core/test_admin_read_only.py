"""The admin offers no way to change the audit trail or an organisation's state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_audit_events_cannot_be_added_changed_or_deleted_in_the_admin(superuser_client):
    event = audit_record(event_type=AuditEventType.USER_LOGIN)
    assert superuser_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert superuser_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = superuser_client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    event.refresh_from_db()


def test_an_organisations_status_is_read_only_in_the_admin(superuser_client):
    org = EnterpriseFactory()
    page = superuser_client.get(reverse("admin:accounts_organisation_change", args=[org.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


def test_non_staff_users_cannot_open_the_admin(client, samr_staff):
    client.force_login(samr_staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
