"""State changes through dgyp.transitions.apply_transition, with Organisation (停用/恢复) as the
example: permission, source state, audit event, side effects on commit, concurrent writers."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from accounts.enums import OrganisationStatus
from accounts.models import Organisation
from accounts.services import organisation_deactivate, organisation_reactivate
from dgyp.enums import AuditEventType
from dgyp.exceptions import ConcurrentChange, DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent
from dgyp.transitions import apply_transition

pytestmark = pytest.mark.django_db


def _reload(organisation: Organisation) -> Organisation:
    # Not refresh_from_db(): django-fsm refuses to overwrite the protected status field.
    return Organisation.objects.get(pk=organisation.pk)


def _events_on(organisation: Organisation) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_id=str(organisation.pk),
            event_type__in=[
                AuditEventType.ORGANISATION_DEACTIVATED,
                AuditEventType.ORGANISATION_REACTIVATED,
            ],
        ).order_by("id")
    )


@pytest.fixture
def deactivated_enterprise(enterprise, samr_staff) -> Organisation:
    organisation_deactivate(organisation=enterprise, by=samr_staff, reason="停业")
    return _reload(enterprise)


def test_staff_deactivates_an_active_organisation(enterprise, samr_staff, samr_org):
    # Given an active enterprise
    assert enterprise.status == OrganisationStatus.ACTIVE
    # When SAMR staff deactivate it
    result = organisation_deactivate(organisation=enterprise, by=samr_staff, reason="  停业  ")
    # Then it is deactivated with the reason
    enterprise = _reload(enterprise)
    assert result.status == OrganisationStatus.DEACTIVATED
    assert enterprise.status == OrganisationStatus.DEACTIVATED
    assert enterprise.status_reason == "停业"
    # And exactly one audit event records who changed what from which state to which
    [event] = _events_on(enterprise)
    assert event.event_type == AuditEventType.ORGANISATION_DEACTIVATED
    assert event.actor == samr_staff
    assert event.actor_organisation == samr_org
    assert (event.from_state, event.to_state) == ("active", "deactivated")
    assert event.payload == {"reason": "停业"}


def test_staff_reactivates_a_deactivated_organisation(deactivated_enterprise, samr_staff):
    organisation_reactivate(organisation=deactivated_enterprise, by=samr_staff, reason="复业")
    deactivated_enterprise = _reload(deactivated_enterprise)
    assert deactivated_enterprise.status == OrganisationStatus.ACTIVE
    assert deactivated_enterprise.status_reason == "复业"
    events = _events_on(deactivated_enterprise)
    assert [(e.event_type, e.from_state, e.to_state) for e in events] == [
        (AuditEventType.ORGANISATION_DEACTIVATED, "active", "deactivated"),
        (AuditEventType.ORGANISATION_REACTIVATED, "deactivated", "active"),
    ]


@pytest.mark.parametrize("role", ["enterprise", "auditor", "department", "leading_group"])
def test_user_without_staff_role_cannot_deactivate(enterprise, user_with_role, role):
    # Given a user who is not SAMR staff
    user = user_with_role(role)
    before = AuditEvent.objects.count()
    # When they try to deactivate an enterprise
    with pytest.raises(PermissionDenied):
        organisation_deactivate(organisation=enterprise, by=user, reason="停业")
    # Then nothing changed and nothing was recorded
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.ACTIVE
    assert enterprise.status_reason == ""
    assert AuditEvent.objects.count() == before


def test_enterprise_user_cannot_reactivate_its_own_organisation(deactivated_enterprise):
    from tests.factories import make_member

    user = make_member("enterprise", deactivated_enterprise)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_reactivate(organisation=deactivated_enterprise, by=user, reason="")
    deactivated_enterprise = _reload(deactivated_enterprise)
    assert deactivated_enterprise.status == OrganisationStatus.DEACTIVATED
    assert AuditEvent.objects.count() == before


def test_deactivated_staff_member_cannot_deactivate(enterprise, samr_staff):
    samr_staff.is_active = False
    samr_staff.save()
    with pytest.raises(PermissionDenied):
        organisation_deactivate(organisation=enterprise, by=samr_staff, reason="停业")
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.ACTIVE


def test_deactivation_needs_a_reason(enterprise, samr_staff):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        organisation_deactivate(organisation=enterprise, by=samr_staff, reason="   ")
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.ACTIVE
    assert AuditEvent.objects.count() == before


def test_deactivating_a_deactivated_organisation_is_not_allowed(deactivated_enterprise, samr_staff):
    # Given an enterprise already deactivated for "停业"
    before = AuditEvent.objects.count()
    # When staff try to deactivate it again
    with pytest.raises(TransitionNotAllowed):
        organisation_deactivate(organisation=deactivated_enterprise, by=samr_staff, reason="其他")
    # Then it keeps its state and reason, and nothing is recorded
    deactivated_enterprise = _reload(deactivated_enterprise)
    assert deactivated_enterprise.status == OrganisationStatus.DEACTIVATED
    assert deactivated_enterprise.status_reason == "停业"
    assert AuditEvent.objects.count() == before


def test_reactivating_an_active_organisation_is_not_allowed(enterprise, samr_staff):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed):
        organisation_reactivate(organisation=enterprise, by=samr_staff, reason="复业")
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.ACTIVE
    assert enterprise.status_reason == ""
    assert AuditEvent.objects.count() == before


def test_stale_instance_is_checked_against_the_database_state(enterprise, samr_staff):
    # Given a copy loaded while the enterprise was active
    stale = Organisation.objects.get(pk=enterprise.pk)
    organisation_deactivate(organisation=enterprise, by=samr_staff, reason="停业")
    # When the stale copy is deactivated again
    # Then the locked, re-read row decides: not allowed
    assert stale.status == OrganisationStatus.ACTIVE
    with pytest.raises(TransitionNotAllowed):
        organisation_deactivate(organisation=stale, by=samr_staff, reason="再次")
    assert len(_events_on(enterprise)) == 1


def test_status_cannot_be_assigned_directly(enterprise):
    with pytest.raises(AttributeError):
        enterprise.status = OrganisationStatus.DEACTIVATED


# --- side effects on commit -----------------------------------------------------------------


def test_side_effects_run_only_when_the_transaction_commits(
    enterprise, samr_staff, django_capture_on_commit_callbacks
):
    calls: list[str] = []
    # When a transition with a side effect runs
    with django_capture_on_commit_callbacks() as callbacks:
        apply_transition(
            instance=enterprise,
            action="deactivate",
            by=samr_staff,
            event_type=AuditEventType.ORGANISATION_DEACTIVATED,
            on_commit=[lambda: calls.append("notified")],
        )
        # Then nothing has run before the commit
        assert calls == []
    assert len(callbacks) == 1
    # And it runs when the transaction commits
    callbacks[0]()
    assert calls == ["notified"]


def test_side_effects_run_once_on_commit(
    enterprise, samr_staff, django_capture_on_commit_callbacks
):
    calls: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(
            instance=enterprise,
            action="deactivate",
            by=samr_staff,
            event_type=AuditEventType.ORGANISATION_DEACTIVATED,
            on_commit=[lambda: calls.append("a"), lambda: calls.append("b")],
        )
    assert calls == ["a", "b"]


def _deactivate_then_fail(organisation, by, on_commit) -> None:
    with transaction.atomic():
        apply_transition(
            instance=organisation,
            action="deactivate",
            by=by,
            event_type=AuditEventType.ORGANISATION_DEACTIVATED,
            on_commit=on_commit,
        )
        raise RuntimeError("a later step of the service failed")


def test_side_effects_of_a_rolled_back_transition_never_run(
    enterprise, samr_staff, django_capture_on_commit_callbacks
):
    calls: list[str] = []
    before = AuditEvent.objects.count()
    # When the surrounding transaction fails after the transition
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            _deactivate_then_fail(
                enterprise, samr_staff, on_commit=[lambda: calls.append("notified")]
            )
    # Then neither the state, nor the audit event, nor the side effect remain
    assert callbacks == []
    assert calls == []
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.ACTIVE
    assert AuditEvent.objects.count() == before


def test_refused_transition_schedules_no_side_effect(
    deactivated_enterprise, samr_staff, django_capture_on_commit_callbacks
):
    calls: list[str] = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionNotAllowed):
            apply_transition(
                instance=deactivated_enterprise,
                action="deactivate",
                by=samr_staff,
                event_type=AuditEventType.ORGANISATION_DEACTIVATED,
                on_commit=[lambda: calls.append("notified")],
            )
    assert callbacks == []
    assert calls == []


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real row locks (select_for_update) between connections: PostgreSQL only",
)
# serialized_rollback: the flush after a transactional test would otherwise leave the
# migration-seeded rows (groups, towns, calendar) missing for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_deactivations_one_succeeds(enterprise, samr_staff):
    # Given two staff requests to deactivate the same enterprise at the same moment
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[object] = []
    lock = threading.Lock()

    def deactivate(reason: str) -> None:
        try:
            copy = Organisation.objects.get(pk=enterprise.pk)
            barrier.wait()
            organisation_deactivate(organisation=copy, by=samr_staff, reason=reason)
            result: object = "ok"
        except Exception as exc:  # noqa: BLE001  the test inspects what each thread got
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=deactivate, args=(r,)) for r in ("原因一", "原因二")]
    # When both run
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    # Then exactly one succeeds and the other is refused
    assert outcomes.count("ok") == 1
    [refusal] = [o for o in outcomes if o != "ok"]
    assert isinstance(refusal, TransitionNotAllowed | ConcurrentChange), repr(refusal)
    # And the enterprise was deactivated once, with one audit event
    enterprise = _reload(enterprise)
    assert enterprise.status == OrganisationStatus.DEACTIVATED
    [event] = _events_on(enterprise)
    assert event.payload == {"reason": enterprise.status_reason}
