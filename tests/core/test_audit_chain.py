"""The audit trail (审计日志): hash chain, verification, tamper detection, append-only guards."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from dgyp.audit import GENESIS_HASH, ChainProblem, audit_record, audit_verify
from dgyp.enums import AuditEventType
from dgyp.models import AuditEvent
from dgyp.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def _chain_of(n: int, **kwargs) -> list[AuditEvent]:
    """n fresh events appended after whatever the fixtures recorded."""
    return [
        audit_record(
            event_type=AuditEventType.CALENDAR_DAY_SET,
            payload={"date": f"2026-03-{i + 10:02d}", "seq": i},
            **kwargs,
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(TABLE)), params)


def _run_command() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _run_failing_command() -> tuple[int, str]:
    err = StringIO()
    with pytest.raises(SystemExit) as excinfo:
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    return excinfo.value.code, err.getvalue()


# --- recording ------------------------------------------------------------------------------


def test_first_event_links_to_the_genesis_hash():
    [event] = _chain_of(1)
    assert event.prev_hash == GENESIS_HASH
    assert event.hash == hashlib.sha256(event.canonical()).hexdigest()


def test_each_event_links_to_the_previous_ones_hash():
    events = _chain_of(4)
    stored = list(AuditEvent.objects.order_by("id"))
    assert [e.pk for e in stored] == [e.pk for e in events]
    assert stored[0].prev_hash == GENESIS_HASH
    for previous, current in zip(stored, stored[1:], strict=False):
        assert current.prev_hash == previous.hash
    assert len({e.hash for e in stored}) == 4


def test_event_records_actor_organisation_target_and_states(samr_staff, samr_org, enterprise):
    # When staff record a state change on an enterprise
    event = audit_record(
        event_type=AuditEventType.ORGANISATION_DEACTIVATED,
        actor=samr_staff,
        target=enterprise,
        from_state="active",
        to_state="deactivated",
        payload={"reason": "测试"},
        ip_address="192.0.2.10",
    )
    # Then the row holds who, for which organisation, what, to what, from where
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == samr_staff
    assert stored.actor_organisation == samr_org  # the actor's organisation, found by itself
    assert stored.event_type == "organisation.deactivated"
    assert stored.target_type.model_class().__name__ == "Organisation"
    assert stored.target_id == str(enterprise.pk)
    assert stored.target_repr == "东莞市优品电子有限公司"
    assert (stored.from_state, stored.to_state) == ("active", "deactivated")
    assert stored.payload == {"reason": "测试"}
    assert stored.ip_address == "192.0.2.10"
    assert audit_verify() is None


def test_anonymous_actor_is_recorded_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(event_type=AuditEventType.USER_LOGIN_FAILED, actor=AnonymousUser())
    assert event.actor_id is None
    assert event.actor_organisation_id is None


# --- verification ---------------------------------------------------------------------------


def test_intact_chain_verifies(enterprise_user):
    _chain_of(5, actor=enterprise_user)
    assert audit_verify() is None


def test_empty_chain_verifies():
    assert AuditEvent.objects.count() == 0
    assert audit_verify() is None


def test_chain_longer_than_one_batch_verifies():
    _chain_of(7)
    assert audit_verify(batch_size=2) is None


def test_payload_with_dates_decimals_and_chinese_text_verifies():
    # Given a payload of values JSON does not know natively
    event = audit_record(
        event_type=AuditEventType.ATTACHMENT_UPLOADED,
        payload={
            "date": dt.date(2026, 9, 28),
            "at": dt.datetime(2026, 9, 28, 9, 30, tzinfo=dt.UTC),
            "amount": Decimal("12500.50"),
            "rate": 0.25,
            "name": "东莞优品",
            "nested": {"z": [1, 2, 3], "a": None, "ok": True},
        },
    )
    # Then it is stored as its JSON form, and the chain verifies from the database
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.payload == {
        "date": "2026-09-28",
        "at": "2026-09-28T09:30:00Z",
        "amount": "12500.50",
        "rate": 0.25,
        "name": "东莞优品",
        "nested": {"z": [1, 2, 3], "a": None, "ok": True},
    }
    assert stored.hash == event.hash
    assert stored.compute_hash() == stored.hash
    assert audit_verify() is None


@pytest.mark.parametrize("ip_address", ["192.0.2.10", "2001:db8::1"])
def test_ip_address_in_canonical_form_verifies(ip_address):
    audit_record(event_type=AuditEventType.USER_LOGIN, ip_address=ip_address)
    assert audit_verify() is None


@pytest.mark.parametrize(
    "ip", ["2001:0DB8:0000::0001", "::ffff:1.2.3.4", "203.0.113.7", " 10.0.0.1 "]
)
def test_ip_address_written_in_non_canonical_ipv6_form_verifies(ip):
    audit_record(event_type=AuditEventType.USER_LOGIN, ip_address=ip)
    assert audit_verify() is None


def test_a_malformed_client_address_is_dropped_not_fatal():
    event = audit_record(event_type=AuditEventType.USER_LOGIN, ip_address="not-an-ip")
    assert event.ip_address is None
    assert audit_verify() is None


# --- tampering ------------------------------------------------------------------------------


def test_changed_payload_is_detected_at_that_row():
    # Given an intact chain of three
    first, middle, last = _chain_of(3)
    # When someone rewrites the middle row's payload in the database
    _raw("UPDATE {table} SET payload = %s WHERE id = %s", ['{"date": "2026-01-01"}', middle.pk])
    # Then verification names the middle row
    problem = audit_verify()
    assert problem == ChainProblem(middle.pk, "the row's content does not match its hash")


def test_changed_event_type_is_detected_at_that_row():
    first, middle, last = _chain_of(3)
    _raw("UPDATE {table} SET event_type = %s WHERE id = %s", ["calendar.day_removed", middle.pk])
    problem = audit_verify()
    assert problem is not None
    assert problem.event_id == middle.pk


def test_changed_actor_is_detected_at_that_row(enterprise_user, samr_staff):
    first, middle, last = _chain_of(3, actor=enterprise_user)
    _raw("UPDATE {table} SET actor_id = %s WHERE id = %s", [samr_staff.pk, middle.pk])
    assert audit_verify().event_id == middle.pk


def test_rewritten_row_with_recomputed_hash_is_detected_at_the_next_row():
    # Given an intact chain of three
    first, middle, last = _chain_of(3)
    # When someone changes the middle row and also recomputes its own hash
    middle.payload = {"forged": True}
    forged_hash = middle.compute_hash()
    _raw(
        "UPDATE {table} SET payload = %s, hash = %s WHERE id = %s",
        ['{"forged": true}', forged_hash, middle.pk],
    )
    # Then the next row no longer links to it
    problem = audit_verify()
    assert problem == ChainProblem(
        last.pk, "the previous row's hash does not match (a row was removed or altered)"
    )


def test_deleted_middle_row_is_detected_at_the_row_after_it():
    first, second, third, fourth = _chain_of(4)
    _raw("DELETE FROM {table} WHERE id = %s", [second.pk])
    problem = audit_verify()
    assert problem == ChainProblem(
        third.pk, "the previous row's hash does not match (a row was removed or altered)"
    )


def test_deleted_first_row_is_detected_at_the_new_first_row():
    first, second, third = _chain_of(3)
    _raw("DELETE FROM {table} WHERE id = %s", [first.pk])
    assert audit_verify().event_id == second.pk


def test_only_the_first_of_several_bad_rows_is_named():
    events = _chain_of(5)
    _raw("UPDATE {table} SET to_state = %s WHERE id = %s", ["x", events[3].pk])
    _raw("UPDATE {table} SET to_state = %s WHERE id = %s", ["x", events[1].pk])
    assert audit_verify().event_id == events[1].pk


# --- the management command -----------------------------------------------------------------


def test_command_reports_an_intact_chain_and_exits_normally():
    *_, last = _chain_of(3)
    out, err = _run_command()
    # The last id and hash are printed so they can be kept outside the database
    assert out == f"audit chain intact: 3 events; last event {last.pk} hash {last.hash}\n"
    assert err == ""


def test_command_on_an_empty_chain_reports_no_events():
    out, err = _run_command()
    assert out == "audit chain intact: 0 events\n"
    assert err == ""


def test_command_exits_1_naming_the_first_bad_row():
    first, middle, last = _chain_of(3)
    _raw("UPDATE {table} SET payload = %s WHERE id = %s", ['{"seq": 99}', middle.pk])
    code, err = _run_failing_command()
    assert code == 1
    assert err == (
        f"audit chain broken at event {middle.pk}: the row's content does not match its hash\n"
    )


def test_command_exits_1_after_a_deleted_row():
    first, middle, last = _chain_of(3)
    _raw("DELETE FROM {table} WHERE id = %s", [middle.pk])
    code, err = _run_failing_command()
    assert code == 1
    assert err.startswith(f"audit chain broken at event {last.pk}: ")


# --- append-only guards ---------------------------------------------------------------------


def test_saving_an_existing_event_is_refused():
    [event] = _chain_of(1)
    event.payload = {"changed": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).payload == {"date": "2026-03-10", "seq": 0}


def test_deleting_an_event_is_refused():
    [event] = _chain_of(1)
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda: AuditEvent.objects.update(to_state="x"), id="manager.update"),
        pytest.param(lambda: AuditEvent.objects.all().update(to_state="x"), id="qs.update"),
        pytest.param(lambda: AuditEvent.objects.all().delete(), id="qs.delete"),
        pytest.param(
            lambda: AuditEvent.objects.filter(event_type="calendar.day_set").delete(),
            id="filter.delete",
        ),
        pytest.param(
            lambda: AuditEvent.objects.bulk_create([AuditEvent(event_type="user.login")]),
            id="bulk_create",
        ),
        pytest.param(
            lambda: AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["to_state"]),
            id="bulk_update",
        ),
    ],
)
def test_bulk_changes_to_events_are_refused(operation):
    _chain_of(2)
    with pytest.raises(AppendOnlyError):
        operation()
    assert AuditEvent.objects.count() == 2
    assert not AuditEvent.objects.filter(to_state="x").exists()
    assert audit_verify() is None
