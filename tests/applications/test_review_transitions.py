"""The qualification review's transitions (资格审核): for each, the allowed path, every
forbidden source state, the audit event, the notification; supplements with deadlines in
working days; bulk hand-over with partial refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.enums import Role
from applications import services
from applications.enums import ApplicationState, SupplementState
from applications.models import ApplicationVersion, ChecklistMark, SupplementRequest
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, CalendarYear, Notification
from tests.factories import make_member
from tests.factories.applications import make_application, make_call, make_department, reload
from tests.factories.core import make_pdf_upload

pytestmark = pytest.mark.django_db

S = ApplicationState
ALL_STATES = [s.value for s in ApplicationState]


@pytest.fixture
def call(db):
    return make_call()


def _app(state, **kwargs):
    return make_application(state=state, **kwargs)


def _last_event(app):
    return AuditEvent.objects.filter(target_id=str(app.pk)).order_by("-id").first()


def _confirm_checklist(app, by):
    services.application_mark_checklist(
        application=app, by=by, marks={c["code"]: (True, "") for c in app.call.checklist}
    )


# --- start review ------------------------------------------------------------------------------


def test_staff_start_the_review_of_a_submitted_application(call, samr_staff):
    app = _app(S.SUBMITTED)
    services.application_start_review(application=app, by=samr_staff)
    app = reload(app)
    assert app.state == S.QUALIFICATION_REVIEW
    assert app.reviewer == samr_staff
    event = _last_event(app)
    assert (event.event_type, event.from_state, event.to_state) == (
        "application.transition",
        "submitted",
        "qualification_review",
    )


@pytest.mark.parametrize("state", [s for s in ALL_STATES if s != S.SUBMITTED])
def test_the_review_starts_only_from_submitted(call, samr_staff, state):
    app = _app(state)
    with pytest.raises(TransitionNotAllowed):
        services.application_start_review(application=app, by=samr_staff)
    assert reload(app).state == state


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.DEPARTMENT, Role.AUDITOR, Role.SAST_STAFF])
def test_only_samr_staff_start_the_review(call, role):
    app = _app(S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.application_start_review(application=app, by=make_member(role))
    assert reload(app).state == S.SUBMITTED


# --- supplements -------------------------------------------------------------------------------


def test_a_supplement_request_lists_every_item_with_a_working_day_deadline(
    call, samr_staff, enterprise, enterprise_user
):
    app = _app(S.QUALIFICATION_REVIEW, enterprise=enterprise, user=enterprise_user)
    request = services.application_request_supplement(
        application=app,
        by=samr_staff,
        items=["补充检验报告", "", "承诺书需盖章"],
        working_days=5,
        today=dt.date(2026, 9, 29),
    )
    # 30 Sep, then the National Day holiday (1–7 Oct), 8, 9, Saturday 10 Oct (调休), 12 Oct
    assert request.deadline == dt.date(2026, 10, 12)
    assert request.items == ["补充检验报告", "承诺书需盖章"]
    assert (request.round, request.working_days, request.state) == (1, 5, SupplementState.OPEN)
    assert reload(app).state == S.SUPPLEMENT_REQUESTED
    event = _last_event(app)
    assert event.to_state == "supplement_requested"
    assert event.payload == {
        "items": ["补充检验报告", "承诺书需盖章"],
        "working_days": 5,
        "deadline": "2026-10-12",
    }
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.key == f"application.supplement:{app.pk}:1"
    assert "Oct. 12, 2026" in note.title
    assert note.body == "1. 补充检验报告\n2. 承诺书需盖章"


def test_the_call_default_deadline_is_used_when_none_is_given(call, samr_staff):
    app = _app(S.QUALIFICATION_REVIEW)
    request = services.application_request_supplement(
        application=app, by=samr_staff, items=["A"], today=dt.date(2026, 11, 2)
    )
    assert request.working_days == call.supplement_working_days == 5
    assert request.deadline == dt.date(2026, 11, 9)


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_refused(call, samr_staff):
    app = _app(S.QUALIFICATION_REVIEW)
    CalendarYear.objects.filter(year=2027).delete()
    with pytest.raises(DomainError) as info:
        services.application_request_supplement(
            application=app, by=samr_staff, items=["A"], working_days=5, today=dt.date(2026, 12, 28)
        )
    assert "2027" in str(info.value.message)
    assert reload(app).state == S.QUALIFICATION_REVIEW
    assert not SupplementRequest.objects.exists()


@pytest.mark.parametrize(("items", "days"), [([], 5), (["  "], 5), (["A"], 31), (["A"], -1)])
def test_bad_supplement_requests_are_refused(call, samr_staff, items, days):
    app = _app(S.QUALIFICATION_REVIEW)
    with pytest.raises(DomainError):
        services.application_request_supplement(
            application=app, by=samr_staff, items=items, working_days=days
        )
    assert reload(app).state == S.QUALIFICATION_REVIEW


@pytest.mark.parametrize("state", [s for s in ALL_STATES if s != S.QUALIFICATION_REVIEW])
def test_supplements_are_requested_only_during_the_review(call, samr_staff, state):
    app = _app(state)
    before = SupplementRequest.objects.count()
    with pytest.raises(TransitionNotAllowed):
        services.application_request_supplement(application=app, by=samr_staff, items=["A"])
    assert SupplementRequest.objects.count() == before


def test_the_enterprise_supplies_and_resubmits_and_the_reviewer_sees_the_changes(
    call, samr_staff, enterprise, enterprise_user
):
    # Given an application under review, asked for a new test report
    app = _app(S.SUBMITTED, enterprise=enterprise, user=enterprise_user)
    services.application_start_review(application=app, by=samr_staff)
    services.application_request_supplement(application=app, by=samr_staff, items=["新检验报告"])
    Notification.objects.all().delete()

    # When the enterprise uploads the report, edits a field and resubmits
    services.application_attach_material(
        application=app,
        code="test_reports",
        upload=make_pdf_upload("新报告.pdf"),
        by=enterprise_user,
    )
    app = reload(app)
    services.application_save_draft(
        application=app, by=enterprise_user, data={"trademark": "莞品Plus"}, version=app.version
    )
    services.application_resubmit(application=app, by=enterprise_user, note="已补充")

    # Then the review goes on with version 2, the request is answered, the reviewer told
    app = reload(app)
    assert app.state == S.QUALIFICATION_REVIEW
    supplement = SupplementRequest.objects.get(application=app)
    assert (supplement.state, supplement.answer_note) == (SupplementState.ANSWERED, "已补充")
    assert list(
        ApplicationVersion.objects.filter(application=app).values_list("number", flat=True)
    ) == [1, 2]
    note = Notification.objects.get(recipient=samr_staff)
    assert note.url == f"/applications/{app.pk}/review/"
    from applications.selectors import version_diff

    diff = version_diff(application=app)
    assert [(c.before, c.after) for c in diff.fields] == [("莞品", "莞品Plus")]
    assert [(c.label, c.before, c.after) for c in diff.materials] == [
        ("近一年产品检验检测报告", "test_reports.pdf", "新报告.pdf")
    ]


def test_resubmitting_after_the_deadline_is_refused(call, enterprise, enterprise_user):
    app = _app(S.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user)
    deadline = app.supplements.get().deadline
    with pytest.raises(DomainError) as info:
        services.application_resubmit(
            application=app, by=enterprise_user, today=deadline + dt.timedelta(days=1)
        )
    assert "has passed" in str(info.value.message)
    assert reload(app).state == S.SUPPLEMENT_REQUESTED


def test_resubmitting_on_the_deadline_day_is_accepted(call, enterprise, enterprise_user):
    app = _app(S.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user)
    deadline = app.supplements.get().deadline
    services.application_resubmit(application=app, by=enterprise_user, today=deadline)
    assert reload(app).state == S.QUALIFICATION_REVIEW


def test_resubmitting_without_a_required_material_is_refused(call, enterprise, enterprise_user):
    app = _app(S.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user)
    services.application_remove_material(
        material=app.materials.get(code="commitment"), by=enterprise_user
    )
    with pytest.raises(services.SubmitRefused) as info:
        services.application_resubmit(application=app, by=enterprise_user)
    assert "诚信承诺书（承诺书）" in info.value.problems[0]
    assert reload(app).state == S.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize("state", [s for s in ALL_STATES if s != S.SUPPLEMENT_REQUESTED])
def test_resubmitting_needs_an_open_supplement(call, enterprise, enterprise_user, state):
    app = _app(state, enterprise=enterprise, user=enterprise_user)
    with pytest.raises(DomainError):
        services.application_resubmit(application=app, by=enterprise_user)
    assert reload(app).state == state


def test_another_enterprise_cannot_resubmit(call):
    app = _app(S.SUPPLEMENT_REQUESTED)
    with pytest.raises(PermissionDenied):
        services.application_resubmit(application=app, by=make_member(Role.ENTERPRISE))


def test_a_missed_deadline_is_told_to_the_reviewer_once(call, samr_staff):
    app = _app(S.SUPPLEMENT_REQUESTED, reviewer=samr_staff)
    deadline = app.supplements.get().deadline
    assert services.supplements_notify_overdue(today=deadline) == 0
    assert services.supplements_notify_overdue(today=deadline + dt.timedelta(days=1)) == 1
    assert services.supplements_notify_overdue(today=deadline + dt.timedelta(days=2)) == 0
    note = Notification.objects.get(recipient=samr_staff)
    assert note.key == f"application.supplement_overdue:{app.supplements.get().pk}"


# --- reject / qualify --------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.QUALIFICATION_REVIEW, S.SUPPLEMENT_REQUESTED])
def test_staff_reject_with_a_reason_sent_to_the_enterprise(
    call, samr_staff, enterprise, enterprise_user, state
):
    app = _app(state, enterprise=enterprise, user=enterprise_user)
    services.application_reject(application=app, by=samr_staff, reason="逾期未补充材料")
    app = reload(app)
    assert (app.state, app.decision_reason) == (S.REJECTED, "逾期未补充材料")
    assert not SupplementRequest.objects.filter(application=app, state="open").exists()
    event = _last_event(app)
    assert (event.to_state, event.payload) == ("rejected", {"reason": "逾期未补充材料"})
    note = Notification.objects.get(recipient=enterprise_user)
    assert (note.key, note.body) == (f"application.rejected:{app.pk}", "逾期未补充材料")


def test_a_rejection_needs_a_reason(call, samr_staff):
    app = _app(S.QUALIFICATION_REVIEW)
    with pytest.raises(DomainError):
        services.application_reject(application=app, by=samr_staff, reason="  ")
    assert reload(app).state == S.QUALIFICATION_REVIEW


@pytest.mark.parametrize(
    "state", [s for s in ALL_STATES if s not in (S.QUALIFICATION_REVIEW, S.SUPPLEMENT_REQUESTED)]
)
def test_rejection_only_during_the_review(call, samr_staff, state):
    app = _app(state)
    with pytest.raises(TransitionNotAllowed):
        services.application_reject(application=app, by=samr_staff, reason="理由")
    assert reload(app).state == state


def test_qualifying_needs_the_checklist_and_every_opinion(
    call, samr_staff, enterprise_user, enterprise
):
    app = _app(S.QUALIFICATION_REVIEW, enterprise=enterprise, user=enterprise_user)
    department, department_user = make_department()
    services.opinion_requests_send(
        application=app,
        departments=[department],
        due_date=timezone.localdate() + dt.timedelta(days=5),
        message="请反馈",
        by=samr_staff,
    )
    with pytest.raises(DomainError) as info:
        services.application_qualify(application=app, by=samr_staff)
    assert "Checklist items not confirmed" in str(info.value.message)
    assert department.name in str(info.value.message)

    _confirm_checklist(app, samr_staff)
    services.opinion_answer(
        request=app.opinion_requests.get(), by=department_user, answer="no_adverse", details=""
    )
    services.application_qualify(application=app, by=samr_staff)
    assert reload(app).state == S.QUALIFIED
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.key == f"application.qualified:{app.pk}"


def test_a_checklist_item_marked_no_blocks_qualifying(call, samr_staff):
    app = _app(S.QUALIFICATION_REVIEW)
    marks = {c["code"]: (True, "") for c in app.call.checklist}
    marks["materials_true"] = (False, "承诺书未盖章")
    services.application_mark_checklist(application=app, by=samr_staff, marks=marks)
    assert ChecklistMark.objects.get(application=app, code="materials_true").note == "承诺书未盖章"
    with pytest.raises(DomainError):
        services.application_qualify(application=app, by=samr_staff)
    event = AuditEvent.objects.get(event_type="application.checklist_marked")
    assert event.payload["materials_true"] is False


@pytest.mark.parametrize("state", [s for s in ALL_STATES if s != S.QUALIFICATION_REVIEW])
def test_qualifying_only_from_the_review(call, samr_staff, state):
    app = _app(state)
    if state in (S.SUPPLEMENT_REQUESTED,):
        _confirm_checklist(app, samr_staff)
    with pytest.raises(DomainError):
        services.application_qualify(application=app, by=samr_staff)
    assert reload(app).state == state


def test_the_checklist_is_marked_only_during_the_review(call, samr_staff):
    app = _app(S.QUALIFIED)
    with pytest.raises(DomainError):
        _confirm_checklist(app, samr_staff)
    with pytest.raises(DomainError):
        services.application_mark_checklist(
            application=_app(S.QUALIFICATION_REVIEW), by=samr_staff, marks={"nope": (True, "")}
        )


def test_notes_are_recorded(call, samr_staff):
    app = _app(S.QUALIFICATION_REVIEW)
    note = services.application_add_note(application=app, by=samr_staff, body=" 需核实商标 ")
    assert note.body == "需核实商标"
    assert AuditEvent.objects.get(event_type="application.note_added").target_id == str(app.pk)
    with pytest.raises(DomainError):
        services.application_add_note(application=app, by=samr_staff, body="  ")
    with pytest.raises(PermissionDenied):
        services.application_add_note(application=app, by=make_member(Role.AUDITOR), body="x")


# --- hand over ---------------------------------------------------------------------------------


def test_hand_over_in_bulk_goes_on_past_refusals(call, samr_staff, enterprise, enterprise_user):
    qualified = [_app(S.QUALIFIED, enterprise=enterprise, user=enterprise_user) for _ in range(2)]
    in_review = _app(S.QUALIFICATION_REVIEW)
    done, refused = services.applications_hand_over(
        applications=[qualified[0], in_review, qualified[1]], by=samr_staff
    )
    assert [a.pk for a in done] == [qualified[0].pk, qualified[1].pk]
    assert len(refused) == 1
    assert refused[0].startswith(f"{in_review.reference}: ")
    assert [reload(a).state for a in qualified] == [S.EXPERT_REVIEW, S.EXPERT_REVIEW]
    assert reload(in_review).state == S.QUALIFICATION_REVIEW
    assert (
        Notification.objects.filter(
            recipient=enterprise_user, key__startswith="application.handed_over:"
        ).count()
        == 2
    )
    assert (
        AuditEvent.objects.filter(
            event_type="application.transition", to_state="expert_review"
        ).count()
        == 2
    )


def test_only_samr_staff_hand_over(call):
    app = _app(S.QUALIFIED)
    with pytest.raises(PermissionDenied):
        services.applications_hand_over(applications=[app], by=make_member(Role.SAST_STAFF))
    assert reload(app).state == S.QUALIFIED


def test_bulk_start_review_reports_the_refused(call, samr_staff):
    a, b = _app(S.SUBMITTED), _app(S.QUALIFIED)
    done, refused = services.applications_start_review(applications=[a, b], by=samr_staff)
    assert [x.pk for x in done] == [a.pk]
    assert len(refused) == 1
    assert reload(b).state == S.QUALIFIED


# --- withdraw ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        S.DRAFT,
        S.SUBMITTED,
        S.QUALIFICATION_REVIEW,
        S.SUPPLEMENT_REQUESTED,
        S.QUALIFIED,
        S.EXPERT_REVIEW,
    ],
)
def test_the_enterprise_withdraws_an_undecided_application(
    call, enterprise, enterprise_user, state
):
    app = _app(state, enterprise=enterprise, user=enterprise_user)
    services.application_withdraw(application=app, by=enterprise_user)
    assert reload(app).state == S.WITHDRAWN
    assert not app.supplements.filter(state="open").exists()


@pytest.mark.parametrize("state", [S.REJECTED, S.WITHDRAWN, S.PUBLISHED, S.NOT_APPROVED])
def test_a_decided_application_is_not_withdrawn(call, enterprise, enterprise_user, state):
    app = _app(state, enterprise=enterprise, user=enterprise_user)
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application=app, by=enterprise_user)


def test_staff_cannot_withdraw_for_the_enterprise(call, samr_staff):
    app = _app(S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=app, by=samr_staff)


def test_the_reviewer_is_told_of_a_withdrawal(call, samr_staff, enterprise, enterprise_user):
    app = _app(
        S.QUALIFICATION_REVIEW, enterprise=enterprise, user=enterprise_user, reviewer=samr_staff
    )
    services.application_withdraw(application=app, by=enterprise_user, reason="不再申报")
    assert Notification.objects.get(recipient=samr_staff).key == f"application.withdrawn:{app.pk}"
