"""The queue export is recorded in the audit trail, and its "in this state since" column is a
date and time in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.enums import ApplicationState
from dgyp.models import AuditEvent
from tests.factories.applications import make_application, make_call

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_the_export_is_audited_with_filters_and_row_count(client, samr_staff):
    make_call()
    make_application(state=S.SUBMITTED, with_files=False)
    make_application(state=S.SUBMITTED, with_files=False)
    make_application(state=S.QUALIFIED, with_files=False)
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue_export"), {"state": "submitted", "q": ""})
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type="application.queue_exported")
    assert event.actor == samr_staff
    assert event.payload == {
        "export": "applications_queue",
        "filters": {"state": "submitted", "sort": "-submitted"},
        "rows": 2,
    }


def test_in_this_state_since_is_a_shanghai_datetime(client, samr_staff):
    make_call()
    changed = dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)  # 21 Nov 02:30 in Shanghai
    make_application(state=S.SUBMITTED, with_files=False, state_changed_at=changed)
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue_export"))
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.values)
    assert rows[1][10] == changed.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    assert rows[1][10].isoformat() == "2026-11-21T02:30:00"


def test_an_enterprise_user_cannot_export_and_nothing_is_audited(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(reverse("applications:queue_export")).status_code == 403
    assert not AuditEvent.objects.filter(event_type="application.queue_exported").exists()
