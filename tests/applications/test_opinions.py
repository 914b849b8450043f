"""Supervision opinions (征询监管意见): sent to departments with a date, answered online, the
overdue ones reminded once a day, the answers part of the reviewer's file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.enums import Role
from applications import services
from applications.enums import ApplicationState
from applications.models import OpinionRequest
from applications.tasks import remind_overdue_opinions
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent, Notification
from tests.factories import OrganisationFactory, make_member
from tests.factories.applications import make_application, make_call, make_department
from tests.factories.core import make_pdf_upload

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def review(db, samr_staff):
    make_call()
    return make_application(state=S.QUALIFICATION_REVIEW, reviewer=samr_staff)


@pytest.fixture
def departments():
    return [make_department("东莞市工业和信息化局"), make_department("东莞市商务局")]


def _due(days=5):
    return timezone.localdate() + dt.timedelta(days=days)


def test_requests_go_to_each_department_and_its_users(review, samr_staff, departments):
    created = services.opinion_requests_send(
        application=review,
        departments=[d for d, _u in departments],
        due_date=_due(),
        message="请反馈近三年监管记录",
        by=samr_staff,
    )
    assert len(created) == 2
    for (department, user), request in zip(departments, created, strict=True):
        assert request.department == department
        note = Notification.objects.get(recipient=user)
        assert note.key == f"opinion.requested:{request.pk}"
        assert note.url == f"/applications/opinions/{request.pk}/"
        assert review.enterprise.name in note.title
    event = AuditEvent.objects.get(event_type="application.opinions_requested")
    assert event.payload["departments"] == [d.pk for d, _u in departments]


def test_asking_a_department_twice_is_refused(review, samr_staff, departments):
    department = departments[0][0]
    services.opinion_requests_send(
        application=review, departments=[department], due_date=_due(), message="", by=samr_staff
    )
    with pytest.raises(DomainError):
        services.opinion_requests_send(
            application=review, departments=[department], due_date=_due(), message="", by=samr_staff
        )
    assert OpinionRequest.objects.count() == 1


@pytest.mark.parametrize("problem", ["past", "none", "enterprise"])
def test_bad_requests_are_refused(review, samr_staff, departments, problem):
    targets = [departments[0][0]]
    due = _due()
    if problem == "past":
        due = timezone.localdate()
    elif problem == "none":
        targets = []
    else:
        targets = [OrganisationFactory(kind="enterprise")]
    with pytest.raises(DomainError):
        services.opinion_requests_send(
            application=review, departments=targets, due_date=due, message="", by=samr_staff
        )
    assert not OpinionRequest.objects.exists()


@pytest.mark.parametrize("state", [S.SUBMITTED, S.QUALIFIED, S.REJECTED, S.WITHDRAWN])
def test_opinions_are_asked_only_during_the_review(samr_staff, departments, state):
    make_call()
    app = make_application(state=state)
    with pytest.raises(DomainError):
        services.opinion_requests_send(
            application=app,
            departments=[departments[0][0]],
            due_date=_due(),
            message="",
            by=samr_staff,
        )


def test_only_samr_staff_ask(review, departments):
    with pytest.raises(PermissionDenied):
        services.opinion_requests_send(
            application=review,
            departments=[departments[0][0]],
            due_date=_due(),
            message="",
            by=make_member(Role.AUDITOR),
        )


def test_an_adverse_answer_with_details_and_a_file(review, samr_staff, departments):
    department, user = departments[0]
    (request,) = services.opinion_requests_send(
        application=review, departments=[department], due_date=_due(), message="", by=samr_staff
    )
    answered = services.opinion_answer(
        request=request,
        by=user,
        answer="adverse",
        details="2025年行政处罚一次",
        upload=make_pdf_upload("处罚决定书.pdf"),
    )
    assert (answered.answer, answered.answered_by) == ("adverse", user)
    assert answered.attachment.owner_organisation == department
    event = AuditEvent.objects.get(event_type="application.opinion_answered")
    assert event.target_id == str(review.pk)
    assert event.payload == {"department": department.pk, "answer": "adverse"}
    assert Notification.objects.get(recipient=samr_staff).key == f"opinion.answered:{request.pk}"
    with pytest.raises(DomainError):
        services.opinion_answer(request=request, by=user, answer="no_adverse", details="")


def test_an_adverse_answer_needs_details(review, samr_staff, departments):
    department, user = departments[0]
    (request,) = services.opinion_requests_send(
        application=review, departments=[department], due_date=_due(), message="", by=samr_staff
    )
    with pytest.raises(DomainError):
        services.opinion_answer(request=request, by=user, answer="adverse", details=" ")
    with pytest.raises(DomainError):
        services.opinion_answer(request=request, by=user, answer="maybe", details="")
    assert not OpinionRequest.objects.get(pk=request.pk).is_answered


def test_another_department_cannot_answer(review, samr_staff, departments):
    (request,) = services.opinion_requests_send(
        application=review,
        departments=[departments[0][0]],
        due_date=_due(),
        message="",
        by=samr_staff,
    )
    with pytest.raises(PermissionDenied):
        services.opinion_answer(
            request=request, by=departments[1][1], answer="no_adverse", details=""
        )
    with pytest.raises(PermissionDenied):
        services.opinion_answer(request=request, by=samr_staff, answer="no_adverse", details="")


def test_overdue_requests_are_reminded_once_a_day(review, samr_staff, departments):
    department, user = departments[0]
    (request,) = services.opinion_requests_send(
        application=review, departments=[department], due_date=_due(2), message="", by=samr_staff
    )
    due = request.due_date
    assert services.opinion_requests_remind_overdue(today=due) == 0
    day1, day2 = due + dt.timedelta(days=1), due + dt.timedelta(days=2)
    assert services.opinion_requests_remind_overdue(today=day1) == 1
    assert services.opinion_requests_remind_overdue(today=day1) == 0  # the same day again
    assert services.opinion_requests_remind_overdue(today=day2) == 1
    keys = sorted(
        Notification.objects.filter(recipient=user, key__startswith="opinion.overdue").values_list(
            "key", flat=True
        )
    )
    assert keys == [f"opinion.overdue:{request.pk}:{day1}", f"opinion.overdue:{request.pk}:{day2}"]


def test_answered_requests_and_closed_applications_are_not_reminded(
    review, samr_staff, departments
):
    (first,) = services.opinion_requests_send(
        application=review,
        departments=[departments[0][0]],
        due_date=_due(1),
        message="",
        by=samr_staff,
    )
    services.opinion_answer(request=first, by=departments[0][1], answer="no_adverse", details="")
    other = make_application(state=S.QUALIFICATION_REVIEW)
    services.opinion_requests_send(
        application=other,
        departments=[departments[1][0]],
        due_date=_due(1),
        message="",
        by=samr_staff,
    )
    services.application_reject(application=other, by=samr_staff, reason="材料不实")
    assert services.opinion_requests_remind_overdue(today=_due(3)) == 0


def test_the_beat_task_runs_the_reminder(review, samr_staff, departments):
    OpinionRequest.objects.create(
        application=review,
        department=departments[0][0],
        due_date=timezone.localdate() - dt.timedelta(days=1),
        requested_by=samr_staff,
    )
    assert remind_overdue_opinions.delay().get() == 1
    assert remind_overdue_opinions.delay().get() == 0
