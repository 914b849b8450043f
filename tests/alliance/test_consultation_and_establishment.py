"""征求意见 and 成立和发布: member units and the public comment on the proposed list, staff resolve
each comment, and the alliance is established when nothing is open and the period is over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Organisation
from alliance import selectors, services
from alliance.enums import ApplicationState, CallState, CommentResolution, MemberState
from alliance.models import AllianceCall, AllianceMember, InstitutionApplication, ListComment
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import make_member
from tests.factories.alliance import consulting_call, end_comment_period, user_of

pytestmark = pytest.mark.django_db


def _call(call: AllianceCall) -> AllianceCall:
    return AllianceCall.objects.get(pk=call.pk)


def _state(application: InstitutionApplication) -> str:
    return InstitutionApplication.objects.get(pk=application.pk).state


def _public(call, **overrides):
    values = {
        "call": call,
        "name": "林小姐",
        "contact": "13812345678",
        "body": "建议公开收费标准。",
        "client_ip": "10.0.0.1",
    }
    values.update(overrides)
    return services.comment_submit_public(**values)


# --- comments --------------------------------------------------------------------------------------


def test_a_department_comments_on_one_institution_and_staff_are_told(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    department_user = make_member(Role.DEPARTMENT)
    comment = services.comment_submit_department(
        call=call,
        body="该机构近期有投诉",
        is_objection=True,
        application=application,
        by=department_user,
    )
    assert comment.author == department_user
    assert comment.organisation == department_user.memberships.get().organisation
    assert comment.resolution == CommentResolution.OPEN
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_COMMENT_SUBMITTED)
    assert event.payload == {"call": call.pk, "application": application.pk, "objection": True}
    assert Notification.objects.filter(
        recipient=samr_staff, key=f"alliance.comment:{comment.pk}"
    ).exists()


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.INSTITUTION, Role.SAMR_STAFF])
def test_only_department_users_comment_in_the_portal(samr_staff, role):
    call, _apps = consulting_call(1, by=samr_staff)
    with pytest.raises(PermissionDenied):
        services.comment_submit_department(call=call, body="x", by=make_member(role))
    assert not ListComment.objects.exists()


def test_the_public_comments_with_name_and_contact(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    comment = _public(call, application=application, is_objection=True, contact="138 1234 5678")
    comment.refresh_from_db()
    assert (comment.public_name, comment.public_contact) == ("林小姐", "13812345678")
    assert comment.author is None
    # The audit trail does not carry the contact
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_COMMENT_SUBMITTED)
    assert "13812345678" not in str(event.payload)
    assert event.payload["public"] is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": " "}, "real name"),
        ({"contact": ""}, "valid e-mail address or an 11-digit mobile"),
        ({"contact": "12345"}, "valid e-mail address or an 11-digit mobile"),
        ({"contact": "someone@"}, "valid e-mail address or an 11-digit mobile"),
        ({"body": ""}, "Write your comment"),
    ],
)
def test_a_public_comment_needs_a_name_a_valid_contact_and_a_text(samr_staff, overrides, message):
    call, _apps = consulting_call(1, by=samr_staff)
    with pytest.raises(DomainError, match=message):
        _public(call, **overrides)
    assert not ListComment.objects.exists()


def test_an_e_mail_address_is_a_valid_contact(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    assert _public(call, contact="lin@example.cn").public_contact == "lin@example.cn"


def test_the_public_may_comment_five_times_an_hour_from_one_address(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    for n in range(5):
        _public(call, body=f"意见{n}")
    with pytest.raises(DomainError, match="Too many comments") as exc:
        _public(call, body="第六条")
    assert exc.value.code == "rate_limited"
    assert ListComment.objects.count() == 5
    # Another address is not limited
    _public(call, body="另一个网络", client_ip="10.0.0.2")
    assert ListComment.objects.count() == 6


def test_no_comment_after_the_comment_period(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    end_comment_period(call, samr_staff)
    with pytest.raises(DomainError, match="Comments were accepted until"):
        _public(call)
    with pytest.raises(DomainError, match="Comments were accepted until"):
        services.comment_submit_department(call=call, body="x", by=make_member(Role.DEPARTMENT))
    assert not ListComment.objects.exists()


def test_a_comment_may_concern_only_a_proposed_institution_of_the_call(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    _other_call, [other] = consulting_call(1, by=samr_staff)
    with pytest.raises(DomainError, match="not on the proposed list"):
        _public(call, application=other)


def test_the_database_requires_an_identity_for_every_comment(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListComment.objects.create(call=call, body="匿名", public_name="某人", public_contact="")


def test_contacts_are_masked_for_everyone_but_staff(samr_staff, auditor):
    call, _apps = consulting_call(1, by=samr_staff)
    mobile = _public(call)
    email = _public(call, contact="lin@example.cn", client_ip="10.0.0.3")
    assert selectors.comment_contact_for(user=samr_staff, comment=mobile) == "13812345678"
    assert selectors.comment_contact_for(user=auditor, comment=mobile) == "138****5678"
    assert selectors.comment_contact_for(user=auditor, comment=email) == "l***@example.cn"


def test_comment_list_shows_full_contacts_to_staff_only(samr_staff, auditor, client):
    call, _apps = consulting_call(1, by=samr_staff)
    _public(call)
    url = reverse("alliance:comment_list", args=[call.pk])
    client.force_login(samr_staff)
    assert "13812345678" in client.get(url).content.decode()
    client.force_login(auditor)
    page = client.get(url).content.decode()
    assert "13812345678" not in page
    assert "138****5678" in page


# --- resolution ------------------------------------------------------------------------------------


def test_staff_note_a_comment_and_the_department_is_told(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    department_user = make_member(Role.DEPARTMENT)
    comment = services.comment_submit_department(call=call, body="建议", by=department_user)
    services.comment_resolve(
        comment=comment, resolution=CommentResolution.NOTED, response="已采纳", by=samr_staff
    )
    comment.refresh_from_db()
    assert (comment.resolution, comment.response, comment.resolved_by) == (
        "noted",
        "已采纳",
        samr_staff,
    )
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_COMMENT_RESOLVED)
    assert (event.from_state, event.to_state) == ("open", "noted")
    note = Notification.objects.get(key=f"alliance.comment.resolved:{comment.pk}")
    assert note.recipient == department_user
    assert "已采纳" in note.body


def test_resolution_rules(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    plain = _public(call)
    objection = _public(call, is_objection=True, client_ip="10.0.0.9")
    with pytest.raises(DomainError, match="response"):
        services.comment_resolve(comment=plain, resolution="noted", response="", by=samr_staff)
    with pytest.raises(DomainError, match="not an objection is noted"):
        services.comment_resolve(comment=plain, resolution="upheld", response="r", by=samr_staff)
    with pytest.raises(DomainError, match="upheld or dismissed"):
        services.comment_resolve(comment=objection, resolution="noted", response="r", by=samr_staff)
    # An objection about the whole list names the institution when upheld
    with pytest.raises(DomainError, match="Say which institution"):
        services.comment_resolve(
            comment=objection, resolution="upheld", response="r", by=samr_staff
        )
    with pytest.raises(PermissionDenied):
        services.comment_resolve(
            comment=plain, resolution="noted", response="r", by=make_member(Role.AUDITOR)
        )
    assert set(ListComment.objects.values_list("resolution", flat=True)) == {"open"}
    services.comment_resolve(
        comment=objection,
        resolution="upheld",
        response="查实",
        upheld_application=application,
        by=samr_staff,
    )
    objection.refresh_from_db()
    assert objection.upheld_application == application
    with pytest.raises(DomainError, match="already been resolved"):
        services.comment_resolve(
            comment=objection, resolution="dismissed", response="r", by=samr_staff
        )


def test_the_database_ties_an_upheld_objection_to_an_application(samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    comment = _public(call, is_objection=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListComment.objects.filter(pk=comment.pk).update(resolution="upheld", response="r")


# --- establishment ---------------------------------------------------------------------------------


def test_establishing_is_refused_while_a_comment_is_open(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    _public(call)
    end_comment_period(call, samr_staff)
    with pytest.raises(DomainError, match="1 comment on the proposed list is still open"):
        services.call_establish(call=call, by=samr_staff)
    assert _call(call).state == CallState.CONSULTING
    assert _state(application) == ApplicationState.PROPOSED
    assert not AllianceMember.objects.exists()


def test_establishing_is_refused_before_the_comment_deadline_has_passed(samr_staff):
    call, [application] = consulting_call(1, by=samr_staff, comment_days=0)
    with pytest.raises(DomainError, match="The comment period runs until"):
        services.call_establish(call=call, by=samr_staff)
    assert _call(call).state == CallState.CONSULTING
    assert not AllianceMember.objects.exists()


def test_establishing_admits_the_proposed_and_keeps_out_an_upheld_objection(samr_staff):
    # Given three proposed institutions, an upheld objection against one of them and a
    # dismissed objection against another
    call, [a, b, c] = consulting_call(3, by=samr_staff)
    upheld = _public(call, is_objection=True, application=b, client_ip="10.1.0.1")
    services.comment_resolve(
        comment=upheld, resolution="upheld", response="查实违规", by=samr_staff
    )
    dismissed = _public(call, is_objection=True, application=c, client_ip="10.1.0.2")
    services.comment_resolve(
        comment=dismissed, resolution="dismissed", response="不属实", by=samr_staff
    )
    call = end_comment_period(call, samr_staff)

    # When staff establish the alliance
    services.call_establish(call=call, by=samr_staff)

    # Then the call is established, a and c are admitted members, b is not admitted
    call = _call(call)
    assert call.state == CallState.ESTABLISHED
    assert call.established_at is not None
    assert (_state(a), _state(b), _state(c)) == ("admitted", "not_admitted", "admitted")
    members = AllianceMember.objects.order_by("id")
    assert [m.institution_id for m in members] == [a.institution_id, c.institution_id]
    assert all(m.state == MemberState.ACTIVE and m.joined_at for m in members)
    flags = dict(
        Organisation.objects.filter(
            pk__in=[a.institution_id, b.institution_id, c.institution_id]
        ).values_list("pk", "is_alliance_member")
    )
    assert flags == {a.institution_id: True, b.institution_id: False, c.institution_id: True}
    # And an announcement lists the members (only)
    notice = PublicNotice.objects.get(kind=PublicNotice.Kind.ANNOUNCEMENT)
    assert a.institution.name in notice.body
    assert c.institution.name in notice.body
    assert b.institution.name not in notice.body
    assert notice.link == "/alliance/members/"
    # And every institution is told its outcome
    admitted_note = Notification.objects.filter(key=f"alliance.established.admitted:{call.pk}")
    assert {n.recipient_id for n in admitted_note} == {user_of(a).pk, user_of(c).pk}
    refused_note = Notification.objects.get(key=f"alliance.established.not_admitted:{call.pk}")
    assert refused_note.recipient == user_of(b)
    # And each transition is recorded
    transitions = AuditEvent.objects.filter(
        event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
        to_state__in=["admitted", "not_admitted"],
    )
    assert transitions.count() == 3


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.DEPARTMENT, Role.LEADING_GROUP])
def test_only_staff_establish(samr_staff, role):
    call, _apps = consulting_call(1, by=samr_staff)
    call = end_comment_period(call, samr_staff)
    with pytest.raises(PermissionDenied):
        services.call_establish(call=call, by=make_member(role))
    assert _call(call).state == CallState.CONSULTING


def test_a_call_is_established_only_from_consultation(samr_staff):
    from tests.factories.alliance import reviewing_call

    call, _apps = reviewing_call(1, by=samr_staff)
    with pytest.raises(DomainError, match="stage"):
        services.call_establish(call=call, by=samr_staff)
    assert _call(call).state == CallState.REVIEWING


def test_the_comment_deadline_is_changed_only_during_consultation(samr_staff):
    from tests.factories.alliance import reviewing_call

    call, _apps = reviewing_call(1, by=samr_staff)
    with pytest.raises(DomainError, match="stage"):
        services.call_set_comment_deadline(
            call=call, comment_deadline=timezone.localdate() + dt.timedelta(days=3), by=samr_staff
        )
    assert _call(call).comment_deadline is None


def test_establishing_is_refused_when_every_proposed_institution_has_an_upheld_objection(
    samr_staff,
):
    # Given two proposed institutions, each with an upheld objection
    call, [a, b] = consulting_call(2, by=samr_staff)
    for n, application in enumerate([a, b]):
        objection = _public(
            call, is_objection=True, application=application, client_ip=f"10.2.0.{n}"
        )
        services.comment_resolve(
            comment=objection, resolution="upheld", response="查实", by=samr_staff
        )
    call = end_comment_period(call, samr_staff)
    events_before = AuditEvent.objects.count()

    # When staff try to establish the alliance
    with pytest.raises(DomainError, match="No institution would be admitted"):
        services.call_establish(call=call, by=samr_staff)

    # Then nothing changed: no announcement with an empty member list, no members, no events
    assert _call(call).state == CallState.CONSULTING
    assert (_state(a), _state(b)) == (ApplicationState.PROPOSED, ApplicationState.PROPOSED)
    assert not AllianceMember.objects.exists()
    assert not PublicNotice.objects.filter(kind=PublicNotice.Kind.ANNOUNCEMENT).exists()
    assert not Notification.objects.filter(key__startswith="alliance.established").exists()
    assert AuditEvent.objects.count() == events_before


def test_the_institution_sees_a_translated_reason_when_an_objection_was_upheld(samr_staff):
    call, [a, b] = consulting_call(2, by=samr_staff)
    objection = _public(call, is_objection=True, application=b)
    services.comment_resolve(comment=objection, resolution="upheld", response="查实", by=samr_staff)
    services.call_establish(call=end_comment_period(call, samr_staff), by=samr_staff)

    event = AuditEvent.objects.get(
        event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION, to_state="not_admitted"
    )
    assert event.payload == {"call": call.pk, "objection_upheld": True}
    timeline = selectors.application_timeline(application=b, for_institution=True)
    reasons = [e.reason_text for e in timeline if e.reason_text]
    assert reasons == ["An objection to the institution was upheld."]
