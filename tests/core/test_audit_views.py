"""Auditors read, filter and export the audit trail; exporting is itself recorded."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.models import AuditEvent
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(samr_staff):
    a = EnterpriseFactory(name="甲电子有限公司")
    b = EnterpriseFactory(name="乙家具有限公司")
    audit_record(
        event_type=AuditEventType.ORGANISATION_DEACTIVATED,
        actor=samr_staff,
        target=a,
        from_state="active",
        to_state="deactivated",
        payload={"reason": "虚假材料"},
    )
    audit_record(
        event_type=AuditEventType.ORGANISATION_REACTIVATED,
        actor=samr_staff,
        target=a,
        from_state="deactivated",
        to_state="active",
    )
    audit_record(event_type=AuditEventType.ORGANISATION_DEACTIVATED, actor=samr_staff, target=b)
    return a, b


def test_the_auditor_filters_by_event_type_and_object(client, auditor, events):
    client.force_login(auditor)
    response = client.get(
        reverse("core:audit_list"), {"event_type": "organisation.deactivated", "target": "甲电子"}
    )
    rows = list(response.context["page_obj"].object_list)
    assert [e.target_repr for e in rows] == ["甲电子有限公司"]
    assert rows[0].to_state == "deactivated"


def test_an_inverted_date_range_is_refused_with_a_message(client, auditor, events):
    client.force_login(auditor)
    response = client.get(
        reverse("core:audit_list"), {"date_from": "2026-11-30", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert list(response.context["page_obj"].object_list) == []


def test_the_export_is_a_utf8_csv_with_every_filtered_row_and_is_recorded(client, auditor, events):
    client.force_login(auditor)
    response = client.get(reverse("core:audit_export"), {"event_type": "organisation.deactivated"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 2  # header and the two deactivations
    assert {r[7] for r in rows[1:]} == {"甲电子有限公司", "乙家具有限公司"}
    export = AuditEvent.objects.get(event_type="audit.exported")
    assert export.actor == auditor
    assert export.payload == {"filters": {"event_type": "organisation.deactivated"}}


def test_the_trail_offers_no_way_to_change_rows(client, auditor, events):
    client.force_login(auditor)
    event = AuditEvent.objects.get(
        event_type="organisation.deactivated", target_repr="甲电子有限公司"
    )
    assert client.post(reverse("core:audit_list"), {"id": event.pk}).status_code == 405
    assert client.delete(reverse("core:audit_list")).status_code == 405
    event.refresh_from_db()
    assert event.payload == {"reason": "虚假材料"}
