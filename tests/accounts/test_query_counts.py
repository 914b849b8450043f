"""Pages' query counts do not grow with the number of rows (pinned)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.notifications import notify
from tests.factories import EnterpriseFactory, make_member

pytestmark = pytest.mark.django_db


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_enterprise_list_query_count_is_constant(
    client, samr_staff, django_assert_max_num_queries, rows
):
    EnterpriseFactory.create_batch(rows)
    client.force_login(samr_staff)
    _count_queries(client, reverse("accounts:enterprise_list"), django_assert_max_num_queries, 7)


@pytest.mark.parametrize("rows", [3, 60])
def test_audit_list_query_count_is_constant(client, auditor, django_assert_max_num_queries, rows):
    org = EnterpriseFactory()
    for i in range(rows):
        audit_record(
            event_type=AuditEventType.ORGANISATION_DEACTIVATED,
            actor=auditor,
            target=org,
            payload={"i": i},
        )
    client.force_login(auditor)
    _count_queries(client, reverse("core:audit_list"), django_assert_max_num_queries, 6)


@pytest.mark.parametrize("rows", [2, 25])
def test_inbox_query_count_is_constant(
    client, enterprise_user, django_assert_max_num_queries, rows
):
    for i in range(rows):
        notify(recipients=[enterprise_user], key=f"k{i}", title=f"通知{i}", email=False)
    client.force_login(enterprise_user)
    _count_queries(client, reverse("core:inbox"), django_assert_max_num_queries, 6)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_dashboard_query_count_is_bounded_for_every_role(
    client, role, django_assert_max_num_queries
):
    user = make_member(role)
    for i in range(8):
        notify(recipients=[user], key=f"k{i}", title=f"通知{i}", email=False)
    client.force_login(user)
    _count_queries(client, reverse("accounts:dashboard"), django_assert_max_num_queries, 12)
