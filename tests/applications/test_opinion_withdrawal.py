"""Opinion requests: only departments with an active user can be asked; staff withdraw an
unanswered request with a reason (audited, told to the department, no longer blocking)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from applications import services
from applications.enums import ApplicationState, OpinionAnswer
from applications.forms import OpinionRequestForm
from applications.models import OpinionRequest
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent, Notification
from tests.factories import OrganisationFactory, make_member
from tests.factories.applications import make_application, make_call, make_department

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def review(db, samr_staff):
    make_call()
    return make_application(state=S.QUALIFICATION_REVIEW, reviewer=samr_staff)


@pytest.fixture
def asked(review, samr_staff):
    department, user = make_department("东莞市商务局")
    (request,) = services.opinion_requests_send(
        application=review,
        departments=[department],
        due_date=timezone.localdate() + dt.timedelta(days=5),
        message="",
        by=samr_staff,
    )
    Notification.objects.all().delete()
    return request, user


def test_only_departments_with_an_active_department_user_are_offered(db):
    staffed, _user = make_department("东莞市工业和信息化局")
    OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="无人部门")
    inactive = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="停用部门")
    make_member(Role.DEPARTMENT, inactive, is_active=False)
    other_role = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="非部门角色")
    make_member(Role.AUDITOR, other_role)
    choices = list(OpinionRequestForm().fields["departments"].queryset)
    assert choices == [staffed]


def test_staff_withdraw_an_unanswered_request(asked, samr_staff, review):
    request, department_user = asked
    services.opinion_request_withdraw(request=request, by=samr_staff, reason="已由其他渠道核实")
    request.refresh_from_db()
    assert request.is_withdrawn
    assert request.withdraw_reason == "已由其他渠道核实"
    event = AuditEvent.objects.filter(event_type="application.opinions_requested").latest("id")
    assert event.payload == {
        "withdrawn": request.pk,
        "department": request.department_id,
        "reason": "已由其他渠道核实",
    }
    note = Notification.objects.get(recipient=department_user)
    assert note.key == f"opinion.withdrawn:{request.pk}"
    # No longer blocking, no longer reminded, no longer waiting for the department
    assert not any("Opinions still awaited" in p for p in services.qualification_blockers(review))
    assert (
        services.opinion_requests_remind_overdue(today=request.due_date + dt.timedelta(days=1)) == 0
    )
    from applications.selectors import opinion_requests_for_user

    assert list(opinion_requests_for_user(user=department_user, waiting_only=True)) == []


def test_a_withdrawn_request_cannot_be_answered(asked, samr_staff):
    request, department_user = asked
    services.opinion_request_withdraw(request=request, by=samr_staff, reason="不再需要")
    with pytest.raises(DomainError):
        services.opinion_answer(
            request=request, by=department_user, answer=OpinionAnswer.NO_ADVERSE, details=""
        )
    request.refresh_from_db()
    assert request.answer == ""


def test_the_department_sees_the_request_as_withdrawn(client, asked, samr_staff):
    request, department_user = asked
    services.opinion_request_withdraw(request=request, by=samr_staff, reason="不再需要")
    client.force_login(department_user)
    body = client.get(reverse("applications:opinion", args=[request.pk])).content.decode()
    assert "data-withdrawn" in body
    assert "不再需要" in body
    assert "data-answer-form" not in body


@pytest.mark.parametrize("problem", ["no_reason", "answered", "twice"])
def test_bad_withdrawals_are_refused(asked, samr_staff, problem):
    request, department_user = asked
    reason = "不再需要"
    if problem == "no_reason":
        reason = "  "
    elif problem == "answered":
        services.opinion_answer(
            request=request, by=department_user, answer=OpinionAnswer.NO_ADVERSE, details=""
        )
    else:
        services.opinion_request_withdraw(request=request, by=samr_staff, reason="第一次")
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        services.opinion_request_withdraw(request=request, by=samr_staff, reason=reason)
    assert AuditEvent.objects.count() == before


def test_only_staff_withdraw(asked):
    request, department_user = asked
    with pytest.raises(PermissionDenied):
        services.opinion_request_withdraw(request=request, by=department_user, reason="x")
    request.refresh_from_db()
    assert not request.is_withdrawn


def test_a_withdrawn_department_can_be_asked_again(asked, samr_staff, review):
    request, _user = asked
    services.opinion_request_withdraw(request=request, by=samr_staff, reason="日期有误")
    services.opinion_requests_send(
        application=review,
        departments=[request.department],
        due_date=timezone.localdate() + dt.timedelta(days=9),
        message="",
        by=samr_staff,
    )
    assert OpinionRequest.objects.filter(department=request.department).count() == 2


def test_the_review_page_offers_and_does_the_withdrawal(client, asked, samr_staff, review):
    request, _user = asked
    client.force_login(samr_staff)
    body = client.get(reverse("applications:review", args=[review.pk])).content.decode()
    assert f'data-withdraw-opinion="{request.pk}"' in body
    url = reverse("applications:review_opinion_withdraw", args=[review.pk, request.pk])
    response = client.post(url, {"reason": "不再需要"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.withdraw_reason == "不再需要"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.DEPARTMENT, Role.ENTERPRISE])
def test_others_cannot_post_a_withdrawal(client, asked, review, role):
    request, _user = asked
    client.force_login(make_member(role))
    url = reverse("applications:review_opinion_withdraw", args=[review.pk, request.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    request.refresh_from_db()
    assert not request.is_withdrawn
