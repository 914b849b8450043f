"""后续管理: members for sampling, violations and disqualification (public, history kept), and
enterprises' ratings of active members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Organisation
from alliance import selectors, services
from alliance.enums import MemberState
from alliance.models import AllianceMember, InstitutionRating, Violation
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import EnterpriseFactory, make_member
from tests.factories.alliance import established_alliance, industry, user_of

pytestmark = pytest.mark.django_db


def _member(member: AllianceMember) -> AllianceMember:
    return AllianceMember.objects.get(pk=member.pk)


def _flag(member: AllianceMember) -> bool:
    return Organisation.objects.get(pk=member.institution_id).is_alliance_member


def test_active_members_for_an_industry(samr_staff):
    _call, [electronics_lab] = established_alliance(1, by=samr_staff, industries=["electronics"])
    _call2, [food_lab] = established_alliance(1, by=samr_staff, industries=["food", "toys"])
    assert list(selectors.active_members_for_industry(industry("electronics"))) == [electronics_lab]
    assert list(selectors.active_members_for_industry(industry("toys"))) == [food_lab]
    assert list(selectors.active_members_for_industry(industry("furniture"))) == []


def test_disqualification_removes_a_member_publicly_and_keeps_its_history(samr_staff):
    _call, [member, other] = established_alliance(2, by=samr_staff)
    services.violation_record(
        member=member,
        description="出具虚假检验报告",
        found_on=timezone.localdate(),
        by=samr_staff,
    )
    assert _flag(member) is True

    services.member_disqualify(member=member, reason="出具虚假检验报告", by=samr_staff)

    member = _member(member)
    assert member.state == MemberState.DISQUALIFIED
    assert member.disqualified_at is not None
    assert member.disqualification_reason == "出具虚假检验报告"
    assert _flag(member) is False
    assert _flag(other) is True
    # No longer offered for sampling
    assert list(selectors.active_members_for_industry(industry("electronics"))) == [other]
    # Announced publicly
    notice = PublicNotice.objects.filter(kind=PublicNotice.Kind.ANNOUNCEMENT).order_by("-id")[0]
    assert notice.title == (
        f"Announcement on the disqualification of {member.institution.name} as an institution "
        "of the 东莞优品 quality technical service alliance"
    )
    assert "出具虚假检验报告" in notice.body
    # The institution is told
    note = Notification.objects.get(key=f"alliance.member.disqualified:{member.pk}")
    assert note.recipient == user_of(member.application)
    # One audit event with the reason
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_MEMBER_DISQUALIFIED)
    assert (event.from_state, event.to_state) == ("active", "disqualified")
    assert event.payload == {"reason": "出具虚假检验报告"}
    # The history is kept
    assert Violation.objects.filter(member=member).count() == 1
    assert member.application.state == "admitted"
    assert list(selectors.members_disqualified_public()) == [member]
    assert list(selectors.members_public()) == [other]


def test_disqualification_needs_a_reason_staff_and_an_active_member(samr_staff):
    _call, [member] = established_alliance(1, by=samr_staff)
    with pytest.raises(DomainError, match="reason"):
        services.member_disqualify(member=member, reason=" ", by=samr_staff)
    with pytest.raises(PermissionDenied):
        services.member_disqualify(member=member, reason="r", by=make_member(Role.AUDITOR))
    assert _member(member).state == MemberState.ACTIVE
    services.member_disqualify(member=member, reason="r", by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.member_disqualify(member=member, reason="again", by=samr_staff)
    assert PublicNotice.objects.filter(title__contains="disqualification").count() == 1


def test_a_violation_is_recorded_by_staff_with_its_date(samr_staff):
    _call, [member] = established_alliance(1, by=samr_staff)
    with pytest.raises(DomainError, match="future"):
        services.violation_record(
            member=member,
            description="x",
            found_on=timezone.localdate() + dt.timedelta(days=1),
            by=samr_staff,
        )
    with pytest.raises(PermissionDenied):
        services.violation_record(
            member=member,
            description="x",
            found_on=timezone.localdate(),
            by=make_member(Role.DEPARTMENT),
        )
    services.violation_record(
        member=member, description="超范围出具报告", found_on=timezone.localdate(), by=samr_staff
    )
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_VIOLATION_RECORDED)
    assert event.payload["description"] == "超范围出具报告"
    assert _member(member).state == MemberState.ACTIVE


def test_a_disqualified_institution_may_be_admitted_again_by_a_later_call(samr_staff):
    from tests.factories.alliance import (
        end_comment_period,
        make_application,
        make_call,
        pass_deadline,
    )

    _call, [member] = established_alliance(1, by=samr_staff)
    services.member_disqualify(member=member, reason="违规", by=samr_staff)
    call = make_call(by=samr_staff, title="2028年度")
    application = make_application(
        call=call, user=user_of(member.application), institution=member.institution
    )
    call = services.call_close(call=pass_deadline(call, samr_staff), by=samr_staff)
    services.application_accept(application=application, by=samr_staff)
    services.application_list_decide(application=application, action="propose", by=samr_staff)
    call = services.call_start_consultation(
        call=call, comment_deadline=timezone.localdate() + dt.timedelta(days=1), by=samr_staff
    )
    services.call_establish(call=end_comment_period(call, samr_staff), by=samr_staff)
    assert AllianceMember.objects.filter(institution=member.institution).count() == 2
    assert _flag(member) is True


def test_the_database_allows_one_active_membership_per_institution(samr_staff):
    _call, [member] = established_alliance(1, by=samr_staff)
    _call2, [second] = established_alliance(1, by=samr_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceMember.objects.create(
            institution=member.institution,
            application=second.application,
            joined_at=timezone.now(),
        )


# --- ratings ---------------------------------------------------------------------------------------


def test_an_enterprise_rates_a_member_and_may_change_its_rating(samr_staff, enterprise_user):
    _call, [member] = established_alliance(1, by=samr_staff)
    enterprise = enterprise_user.memberships.get().organisation
    services.rating_save(
        member=member, enterprise=enterprise, score=4, comment="服务好", by=enterprise_user
    )
    services.rating_save(
        member=member, enterprise=enterprise, score=2, comment="报告延误", by=enterprise_user
    )
    rating = InstitutionRating.objects.get()
    assert (rating.score, rating.comment) == (2, "报告延误")
    events = AuditEvent.objects.filter(event_type=AuditEventType.ALLIANCE_RATING_SAVED)
    assert [e.payload["created"] for e in events.order_by("id")] == [True, False]


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_is_from_1_to_5(samr_staff, enterprise_user, score):
    _call, [member] = established_alliance(1, by=samr_staff)
    enterprise = enterprise_user.memberships.get().organisation
    with pytest.raises(DomainError, match="1 to 5"):
        services.rating_save(
            member=member, enterprise=enterprise, score=score, comment="", by=enterprise_user
        )
    assert not InstitutionRating.objects.exists()


def test_the_database_keeps_scores_in_range_and_one_rating_per_pair(samr_staff, enterprise_user):
    _call, [member] = established_alliance(1, by=samr_staff)
    enterprise = enterprise_user.memberships.get().organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionRating.objects.create(
            member=member, enterprise=enterprise, rated_by=enterprise_user, score=7
        )
    InstitutionRating.objects.create(
        member=member, enterprise=enterprise, rated_by=enterprise_user, score=3
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionRating.objects.create(
            member=member, enterprise=enterprise, rated_by=enterprise_user, score=4
        )


def test_only_an_enterprise_user_rates_for_its_enterprise(samr_staff, enterprise_user):
    _call, [member] = established_alliance(1, by=samr_staff)
    own = enterprise_user.memberships.get().organisation
    other = EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        services.rating_save(
            member=member, enterprise=other, score=5, comment="", by=enterprise_user
        )
    with pytest.raises(PermissionDenied):
        services.rating_save(member=member, enterprise=own, score=5, comment="", by=samr_staff)
    assert not InstitutionRating.objects.exists()


def test_a_disqualified_member_cannot_be_rated(samr_staff, enterprise_user):
    _call, [member] = established_alliance(1, by=samr_staff)
    services.member_disqualify(member=member, reason="违规", by=samr_staff)
    enterprise = enterprise_user.memberships.get().organisation
    with pytest.raises(DomainError, match="Only active members"):
        services.rating_save(
            member=_member(member), enterprise=enterprise, score=5, comment="", by=enterprise_user
        )
