"""申报通知: SAMR staff draft, edit, publish and close a call; the stage moves only forwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.enums import Role
from alliance import services
from alliance.enums import DEFAULT_REQUIRED_MATERIALS, CallState
from alliance.models import AllianceCall
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import make_member
from tests.factories.alliance import (
    TWO_MATERIALS,
    institution_with_user,
    make_application,
    make_call,
    pass_deadline,
)

pytestmark = pytest.mark.django_db


def _reload(call: AllianceCall) -> AllianceCall:
    return AllianceCall.objects.get(pk=call.pk)


def _events(call: AllianceCall, event_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_id=str(call.pk), target_repr=str(call), event_type=event_type
        ).order_by("id")
    )


def test_staff_create_a_draft_call_with_the_default_materials(samr_staff):
    # When staff create a call with the default materials and a deadline in the past
    deadline = timezone.now() - dt.timedelta(days=3)
    call = services.call_create(
        title="  2026年度联盟申报通知 ",
        year=2026,
        criteria="具有独立法人资格",
        required_materials=[dict(m) for m in DEFAULT_REQUIRED_MATERIALS],
        deadline=deadline,
        by=samr_staff,
    )
    # Then it is a draft with exactly those materials (the service accepts a past deadline;
    # the form refuses it)
    call = _reload(call)
    assert call.state == CallState.DRAFT
    assert call.title == "2026年度联盟申报通知"
    assert call.required_materials == DEFAULT_REQUIRED_MATERIALS
    assert call.deadline == deadline
    [event] = _events(call, AuditEventType.ALLIANCE_CALL_CREATED)
    assert event.actor == samr_staff
    assert event.payload["materials"] == [m["code"] for m in DEFAULT_REQUIRED_MATERIALS]
    assert not PublicNotice.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SAMR_STAFF])
def test_only_staff_create_calls(role):
    with pytest.raises(PermissionDenied):
        services.call_create(
            title="t",
            year=2026,
            criteria="c",
            required_materials=TWO_MATERIALS,
            deadline=timezone.now(),
            by=make_member(role),
        )
    assert not AllianceCall.objects.exists()


@pytest.mark.parametrize(
    ("materials", "message"),
    [
        ([], "at least one material"),
        ([{"code": "a", "label": "甲"}, {"code": "a", "label": "乙"}], "used twice"),
        ([{"code": "Bad Code", "label": "甲"}], "lower-case"),
        ([{"code": "a", "label": " "}], "needs a name"),
    ],
)
def test_a_bad_list_of_materials_is_refused(samr_staff, materials, message):
    with pytest.raises(DomainError) as exc:
        services.call_create(
            title="t",
            year=2026,
            criteria="c",
            required_materials=materials,
            deadline=timezone.now(),
            by=samr_staff,
        )
    assert message in str(exc.value.message)
    assert not AllianceCall.objects.exists()


def test_staff_edit_a_draft_but_not_a_published_call(samr_staff):
    call = make_call(by=samr_staff, publish=False)
    deadline = timezone.now() + dt.timedelta(days=20)
    services.call_update(
        call=call,
        title="改后的标题",
        year=2027,
        criteria="新条件",
        required_materials=[{"code": "only", "label": "唯一材料"}],
        deadline=deadline,
        by=samr_staff,
    )
    call = _reload(call)
    assert (call.title, call.year, call.criteria) == ("改后的标题", 2027, "新条件")
    assert call.required_materials == [{"code": "only", "label": "唯一材料"}]
    edits = _events(call, AuditEventType.ALLIANCE_CALL_CREATED)
    assert edits[-1].payload["edited"] is True

    services.call_publish(call=call, by=samr_staff)
    with pytest.raises(DomainError, match="can no longer be edited"):
        services.call_update(
            call=call,
            title="x",
            year=2027,
            criteria="y",
            required_materials=TWO_MATERIALS,
            deadline=deadline,
            by=samr_staff,
        )
    assert _reload(call).title == "改后的标题"


def test_publishing_opens_the_call_publishes_the_notice_and_notifies_institutions(samr_staff):
    # Given two registered institution users and a draft call
    _org1, inst1 = institution_with_user()
    _org2, inst2 = institution_with_user()
    enterprise_user = make_member(Role.ENTERPRISE)
    call = make_call(by=samr_staff, publish=False)

    # When staff publish it
    call = services.call_publish(call=call, by=samr_staff)

    # Then it is open, with a notice of kind CALL listing the criteria and materials
    call = _reload(call)
    assert call.state == CallState.OPEN
    assert call.opened_at is not None
    notice = PublicNotice.objects.get()
    assert notice.kind == PublicNotice.Kind.CALL
    assert notice.title == call.title
    assert call.criteria in notice.body
    assert "1. 营业执照" in notice.body
    assert "2. 诚信承诺书" in notice.body
    assert notice.link == f"/alliance/call/{call.pk}/"
    # And one transition event
    [event] = _events(call, AuditEventType.ALLIANCE_CALL_TRANSITION)
    assert (event.from_state, event.to_state) == ("draft", "open")
    # And every institution user (only them) is notified
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {inst1.pk, inst2.pk}
    assert enterprise_user.pk not in notified


def test_a_call_whose_deadline_has_passed_cannot_be_published(samr_staff):
    call = make_call(by=samr_staff, publish=False, deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(DomainError, match="has passed"):
        services.call_publish(call=call, by=samr_staff)
    assert _reload(call).state == CallState.DRAFT
    assert not PublicNotice.objects.exists()


def test_an_open_call_cannot_be_published_again(samr_staff):
    call = make_call(by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.call_publish(call=call, by=samr_staff)
    assert PublicNotice.objects.count() == 1


def test_closing_is_refused_before_the_deadline(samr_staff):
    call = make_call(by=samr_staff)
    with pytest.raises(DomainError, match="can be closed after that"):
        services.call_close(call=call, by=samr_staff)
    assert _reload(call).state == CallState.OPEN


def test_staff_close_the_call_after_the_deadline(samr_staff):
    call = make_call(by=samr_staff)
    make_application(call=call)
    make_application(call=call, submit=False)
    call = services.call_close(call=pass_deadline(call, samr_staff), by=samr_staff)
    assert _reload(call).state == CallState.REVIEWING
    [event] = _events(call, AuditEventType.ALLIANCE_CALL_TRANSITION)[-1:]
    assert (event.from_state, event.to_state) == ("open", "reviewing")
    assert event.payload == {"applications": 1}


def test_a_draft_call_cannot_be_closed(samr_staff):
    call = make_call(by=samr_staff, publish=False)
    with pytest.raises(TransitionNotAllowed):
        services.call_close(call=call, by=samr_staff)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.INSTITUTION, Role.DEPARTMENT])
def test_others_may_not_publish_or_close(samr_staff, role):
    call = make_call(by=samr_staff, publish=False)
    user = make_member(role)
    with pytest.raises(PermissionDenied):
        services.call_publish(call=call, by=user)
    services.call_publish(call=call, by=samr_staff)
    pass_deadline(call, samr_staff)
    with pytest.raises(PermissionDenied):
        services.call_close(call=call, by=user)
    assert _reload(call).state == CallState.OPEN


def test_the_deadline_of_an_open_call_can_be_extended_and_applicants_are_told(samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call, submit=False)
    new_deadline = timezone.now() + dt.timedelta(days=40)
    services.call_set_deadline(call=call, deadline=new_deadline, by=samr_staff)
    assert _reload(call).deadline == new_deadline
    note = Notification.objects.filter(key__startswith="alliance.call.deadline").get()
    assert note.recipient.memberships.filter(organisation=application.institution).exists()


def test_the_deadline_is_fixed_once_the_call_is_closed(samr_staff):
    call = make_call(by=samr_staff)
    call = services.call_close(call=pass_deadline(call, samr_staff), by=samr_staff)
    with pytest.raises(DomainError, match="stage"):
        services.call_set_deadline(call=call, deadline=timezone.now(), by=samr_staff)
