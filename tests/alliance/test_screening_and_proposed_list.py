"""受理和审查: staff assign accepted applications to industry associations, which see only their
own assignments and recommend with a reason; staff compile the proposed list and put it out for
comment once everything is decided."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from alliance import selectors, services
from alliance.enums import ApplicationState, CallState, Recommendation
from alliance.models import AllianceCall, InstitutionApplication, ScreeningAssignment
from dgyp.attachments import attachment_can_view
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import OrganisationFactory, make_member
from tests.factories.alliance import (
    assign_and_recommend,
    association_with_user,
    make_application,
    make_call,
    pass_deadline,
    reviewing_call,
    user_of,
)

pytestmark = pytest.mark.django_db


def _state(application: InstitutionApplication) -> str:
    return InstitutionApplication.objects.get(pk=application.pk).state


def _call(call: AllianceCall) -> AllianceCall:
    return AllianceCall.objects.get(pk=call.pk)


# --- assignment and recommendation ---------------------------------------------------------------


def test_staff_assign_an_accepted_application_to_associations(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    (assoc1, user1), (assoc2, user2) = association_with_user(), association_with_user()
    created = services.screening_assign(
        application=application, associations=[assoc1, assoc2], by=samr_staff
    )
    assert {s.association_id for s in created} == {assoc1.pk, assoc2.pk}
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_SCREENING_ASSIGNED)
    assert event.target_id == str(application.pk)
    assert sorted(event.payload["associations"]) == sorted([assoc1.pk, assoc2.pk])
    assert set(
        Notification.objects.filter(key__startswith="alliance.screening.assigned").values_list(
            "recipient_id", flat=True
        )
    ) == {user1.pk, user2.pk}
    # Assigning the same association again is refused
    with pytest.raises(DomainError, match="already screening"):
        services.screening_assign(application=application, associations=[assoc1], by=samr_staff)
    assert ScreeningAssignment.objects.count() == 2


def test_only_accepted_applications_go_to_associations(samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call)
    association, _user = association_with_user()
    with pytest.raises(DomainError, match="Only accepted"):
        services.screening_assign(
            application=application, associations=[association], by=samr_staff
        )
    assert not ScreeningAssignment.objects.exists()


def test_only_associations_screen(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    department = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    with pytest.raises(DomainError, match="Only industry associations"):
        services.screening_assign(application=application, associations=[department], by=samr_staff)


def test_an_association_records_a_recommendation_with_its_reason(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    association, user = association_with_user()
    [assignment] = services.screening_assign(
        application=application, associations=[association], by=samr_staff
    )
    with pytest.raises(DomainError, match="reason"):
        services.screening_record(
            assignment=assignment, recommendation=Recommendation.RECOMMEND, reason=" ", by=user
        )
    services.screening_record(
        assignment=assignment, recommendation=Recommendation.RECOMMEND, reason="资质齐全", by=user
    )
    assignment.refresh_from_db()
    assert (assignment.recommendation, assignment.reason) == ("recommend", "资质齐全")
    assert assignment.decided_by == user
    event = AuditEvent.objects.get(event_type=AuditEventType.ALLIANCE_SCREENING_RECORDED)
    assert event.payload["recommendation"] == "recommend"
    assert Notification.objects.filter(
        recipient=samr_staff, key__startswith="alliance.screening.recorded"
    ).exists()


def test_another_association_may_not_record_on_an_assignment(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    association, _user = association_with_user()
    _other, other_user = association_with_user()
    [assignment] = services.screening_assign(
        application=application, associations=[association], by=samr_staff
    )
    with pytest.raises(PermissionDenied):
        services.screening_record(
            assignment=assignment, recommendation="recommend", reason="x", by=other_user
        )
    assignment.refresh_from_db()
    assert assignment.recommendation == ""


def test_the_database_refuses_a_recommendation_without_a_reason(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    association, _user = association_with_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningAssignment.objects.create(
            application=application,
            association=association,
            assigned_by=samr_staff,
            recommendation="recommend",
            reason="",
        )


def test_an_association_sees_only_its_assignments(samr_staff, client):
    _call_, [mine, theirs] = reviewing_call(2, by=samr_staff)
    association, user = association_with_user()
    other, _other_user = association_with_user()
    [my_assignment] = services.screening_assign(
        application=mine, associations=[association], by=samr_staff
    )
    [their_assignment] = services.screening_assign(
        application=theirs, associations=[other], by=samr_staff
    )
    assert list(selectors.screening_tasks_for_user(user=user)) == [my_assignment]
    client.force_login(user)
    page = client.get(reverse("alliance:screening_list"))
    assert mine.institution.name in page.content.decode()
    assert theirs.institution.name not in page.content.decode()
    assert (
        client.get(reverse("alliance:screening_detail", args=[my_assignment.pk])).status_code == 200
    )
    assert (
        client.get(reverse("alliance:screening_detail", args=[their_assignment.pk])).status_code
        == 404
    )
    # The staff page of an application is not theirs either
    assert client.get(reverse("alliance:application_detail", args=[mine.pk])).status_code == 403


def test_materials_are_readable_by_staff_auditors_and_the_assigned_association_only(
    samr_staff, auditor
):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    association, assigned = association_with_user()
    _other, unassigned = association_with_user()
    services.screening_assign(application=application, associations=[association], by=samr_staff)
    attachment = application.materials.first().attachment
    readers = {
        "staff": samr_staff,
        "auditor": auditor,
        "assigned association": assigned,
        "institution": user_of(application),
    }
    for who, user in readers.items():
        assert attachment_can_view(user=user, attachment=attachment), who
    others = [
        unassigned,
        make_member(Role.DEPARTMENT),
        make_member(Role.ENTERPRISE),
        make_member(Role.INSTITUTION),
        make_member(Role.EXPERT),
    ]
    for user in others:
        assert not attachment_can_view(user=user, attachment=attachment), user.role_names


# --- the proposed list -----------------------------------------------------------------------------


def test_staff_propose_and_leave_off_accepted_applications(samr_staff):
    _call_, [a, b] = reviewing_call(2, by=samr_staff)
    services.application_list_decide(application=a, action="propose", by=samr_staff)
    services.application_list_decide(application=b, action="not_propose", by=samr_staff)
    assert (_state(a), _state(b)) == ("proposed", "not_proposed")
    assert Notification.objects.filter(key=f"alliance.application.not_proposed:{b.pk}").exists()
    # And a proposed one may be taken off again before the consultation
    services.application_list_decide(application=a, action="unpropose", by=samr_staff)
    assert _state(a) == "accepted"


def test_the_proposed_list_is_compiled_only_while_reviewing(samr_staff):
    call = make_call(by=samr_staff)
    application = services.application_accept(
        application=make_application(call=call), by=samr_staff
    )
    with pytest.raises(DomainError, match="stage"):
        services.application_list_decide(application=application, action="propose", by=samr_staff)
    assert _state(application) == "accepted"


@pytest.mark.parametrize(
    ("action", "bad_state"),
    [("propose", "submitted"), ("not_propose", "proposed"), ("unpropose", "accepted")],
)
def test_list_decisions_from_the_wrong_state_are_refused(samr_staff, action, bad_state):
    _call_, [application] = reviewing_call(1, by=samr_staff, accept=bad_state != "submitted")
    if bad_state == "proposed":
        services.application_list_decide(application=application, action="propose", by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.application_list_decide(application=application, action=action, by=samr_staff)
    assert _state(application) == bad_state


def test_bulk_decisions_report_each_refusal(samr_staff):
    call, applications = reviewing_call(3, by=samr_staff)
    services.application_list_decide(application=applications[2], action="propose", by=samr_staff)
    done, refused = services.application_list_decide_many(
        applications=InstitutionApplication.objects.filter(call=call).order_by("id"),
        action="propose",
        by=samr_staff,
    )
    assert [a.pk for a in done] == [applications[0].pk, applications[1].pk]
    assert [a.pk for a, _reason in refused] == [applications[2].pk]
    assert {_state(a) for a in applications} == {"proposed"}


def test_only_staff_compile_the_list(samr_staff):
    _call_, [application] = reviewing_call(1, by=samr_staff)
    with pytest.raises(PermissionDenied):
        services.application_list_decide(
            application=application, action="propose", by=make_member(Role.AUDITOR)
        )
    assert _state(application) == "accepted"


# --- starting the consultation ---------------------------------------------------------------------


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_consultation_needs_no_submitted_application_one_proposed_and_all_screenings_decided(
    samr_staff,
):
    call = make_call(by=samr_staff)
    a = make_application(call=call)
    late = make_application(call=call, submit=False)  # a draft never submitted does not count
    call = services.call_close(call=pass_deadline(call, samr_staff), by=samr_staff)
    a = services.application_accept(application=a, by=samr_staff)
    association, _user = association_with_user()
    services.screening_assign(application=a, associations=[association], by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.call_start_consultation(call=call, comment_deadline=_tomorrow(), by=samr_staff)
    message = str(exc.value.message)
    assert "No institution is on the proposed list." in message
    assert "1 association screening has no recommendation yet." in message
    assert _call(call).state == CallState.REVIEWING
    assert _state(late) == "draft"


def test_consultation_is_refused_while_an_application_waits_for_acceptance(samr_staff):
    call, [a] = reviewing_call(1, by=samr_staff, accept=False)
    with pytest.raises(DomainError, match="1 submitted application is not yet accepted"):
        services.call_start_consultation(call=call, comment_deadline=_tomorrow(), by=samr_staff)


def test_starting_the_consultation_publishes_the_list_and_notifies(samr_staff):
    call, [a, b] = reviewing_call(2, by=samr_staff)
    assign_and_recommend(a, samr_staff)
    services.application_list_decide(application=a, action="propose", by=samr_staff)
    services.application_list_decide(application=b, action="not_propose", by=samr_staff)
    department_user = make_member(Role.DEPARTMENT)
    deadline = timezone.localdate() + dt.timedelta(days=10)

    services.call_start_consultation(call=call, comment_deadline=deadline, by=samr_staff)

    call = _call(call)
    assert call.state == CallState.CONSULTING
    assert call.comment_deadline == deadline
    notice = PublicNotice.objects.get(kind=PublicNotice.Kind.CONSULTATION)
    assert a.institution.name in notice.body
    assert b.institution.name not in notice.body
    assert notice.link == f"/alliance/proposed/{call.pk}/"
    assert Notification.objects.filter(
        recipient=department_user, key=f"alliance.consultation:{call.pk}"
    ).exists()
    assert Notification.objects.filter(
        recipient=user_of(a), key=f"alliance.consultation.proposed:{call.pk}"
    ).exists()
    assert not Notification.objects.filter(
        recipient=user_of(b), key=f"alliance.consultation.proposed:{call.pk}"
    ).exists()
    # A proposed institution can no longer be taken off the list
    with pytest.raises(DomainError, match="stage"):
        services.application_list_decide(application=a, action="unpropose", by=samr_staff)
    assert _state(a) == ApplicationState.PROPOSED


def test_a_consultation_cannot_start_twice(samr_staff):
    call, [a] = reviewing_call(1, by=samr_staff)
    services.application_list_decide(application=a, action="propose", by=samr_staff)
    services.call_start_consultation(call=call, comment_deadline=_tomorrow(), by=samr_staff)
    with pytest.raises(DomainError, match="stage"):
        services.call_start_consultation(call=call, comment_deadline=_tomorrow(), by=samr_staff)
    assert PublicNotice.objects.filter(kind=PublicNotice.Kind.CONSULTATION).count() == 1
