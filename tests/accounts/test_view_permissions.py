"""Who may open each page of accounts and the core, and that a denied POST changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import OrganisationStatus, Role
from dgyp.models import AuditEvent, CalendarDay
from tests.factories import EnterpriseFactory, make_member
from tests.permissions import ANONYMOUS, all_kinds, client_for, expected_status

pytestmark = pytest.mark.django_db

EVERY_ROLE = {r.value for r in Role}

# url name, kwargs, roles allowed to GET
GET_PAGES = [
    ("accounts:dashboard", {}, EVERY_ROLE),
    ("accounts:password_change", {}, EVERY_ROLE),
    ("core:inbox", {}, EVERY_ROLE),
    ("accounts:my_organisation", {}, {Role.ENTERPRISE}),
    ("accounts:enterprise_list", {}, {Role.SAMR_STAFF, Role.AUDITOR}),
    ("core:audit_list", {}, {Role.AUDITOR}),
    ("core:audit_export", {}, {Role.AUDITOR}),
    ("core:calendar", {}, {Role.SAMR_STAFF, Role.AUDITOR}),
    ("core:calendar_year", {"year": 2026}, {Role.SAMR_STAFF, Role.AUDITOR}),
]


@all_kinds
@pytest.mark.parametrize(("name", "kwargs", "allowed"), GET_PAGES)
def test_get_page_is_open_only_to_its_roles(kind, name, kwargs, allowed, client):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected_status(kind, {str(r) for r in allowed})


@all_kinds
def test_enterprise_detail_is_open_to_staff_and_auditors_only(kind, client):
    org = EnterpriseFactory()
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("accounts:enterprise_detail", args=[org.pk]))
    assert response.status_code == expected_status(kind, {Role.SAMR_STAFF, Role.AUDITOR})


@all_kinds
def test_only_staff_may_deactivate_an_enterprise(kind, client):
    org = EnterpriseFactory()
    events_before = AuditEvent.objects.count()
    client, _user = client_for(kind, client, make_member)
    events_after_login = AuditEvent.objects.count()
    response = client.post(
        reverse("accounts:enterprise_deactivate", args=[org.pk]), {"reason": "虚假材料"}
    )
    org.refresh_from_db()
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        assert org.status == OrganisationStatus.DEACTIVATED
    else:
        assert response.status_code == (302 if kind == ANONYMOUS else 403)
        assert org.status == OrganisationStatus.ACTIVE
        assert AuditEvent.objects.count() == events_after_login
    assert events_after_login >= events_before


@all_kinds
def test_only_staff_may_reveal_a_contact_mobile(kind, client):
    org = EnterpriseFactory(contact_mobile="13812345678")
    client, _user = client_for(kind, client, make_member)
    response = client.post(reverse("accounts:enterprise_reveal_contact", args=[org.pk]))
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 200
        assert "13812345678" in response.content.decode()
        assert AuditEvent.objects.filter(event_type="personal_data.revealed").count() == 1
    else:
        assert response.status_code == (302 if kind == ANONYMOUS else 403)
        assert not AuditEvent.objects.filter(event_type="personal_data.revealed").exists()


@all_kinds
def test_only_staff_may_edit_the_calendar(kind, client):
    client, _user = client_for(kind, client, make_member)
    response = client.post(
        reverse("core:calendar_day_set", args=[2026]),
        {"date": "2026-12-01", "kind": "holiday", "name": "测试"},
    )
    exists = CalendarDay.objects.filter(date="2026-12-01").exists()
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        assert exists
    else:
        assert response.status_code == (302 if kind == ANONYMOUS else 403)
        assert not exists


def test_enterprise_user_cannot_see_another_enterprise(client):
    mine = make_member(Role.ENTERPRISE)
    other = EnterpriseFactory()
    client.force_login(mine)
    assert client.get(reverse("accounts:enterprise_detail", args=[other.pk])).status_code == 403
