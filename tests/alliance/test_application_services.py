"""机构申报: institutions apply with their data and materials, submit before the deadline, and
staff accept (受理) or return (不予受理) what was submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.enums import Role
from alliance import services
from alliance.enums import ApplicationState, InstitutionType
from alliance.models import ApplicationMaterial, InstitutionApplication
from dgyp.attachments import AttachmentRefused
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import Attachment, AuditEvent, Notification
from tests.factories import make_member
from tests.factories.alliance import (
    established_alliance,
    industry,
    institution_with_user,
    make_application,
    make_call,
    pass_deadline,
    user_of,
)
from tests.factories.core import make_pdf_upload, make_png_upload, make_text_as_pdf_upload

pytestmark = pytest.mark.django_db


def _reload(application: InstitutionApplication) -> InstitutionApplication:
    return InstitutionApplication.objects.get(pk=application.pk)


def _transitions(application: InstitutionApplication) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(
            event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
            target_id=str(application.pk),
            target_repr=str(application),
        )
        .order_by("id")
        .values_list("from_state", "to_state")
    )


@pytest.fixture
def call(samr_staff):
    return make_call(by=samr_staff)


@pytest.fixture
def applicant():
    return institution_with_user("东莞市质量检测研究院")


def _draft(call, applicant, **data):
    institution, user = applicant
    return services.application_create(call=call, institution=institution, by=user, **data)


def test_an_institution_starts_a_draft(call, applicant):
    institution, user = applicant
    application = services.application_create(
        call=call,
        institution=institution,
        by=user,
        fields=[industry("electronics"), industry("toys")],
        institution_type=InstitutionType.TESTING,
        introduction=" 简介 ",
        cma_number="201919001234",
    )
    application = _reload(application)
    assert application.state == ApplicationState.DRAFT
    assert application.introduction == "简介"
    assert sorted(application.fields.values_list("code", flat=True)) == ["electronics", "toys"]
    event = AuditEvent.objects.get(
        event_type=AuditEventType.ALLIANCE_APPLICATION_SAVED, target_id=str(application.pk)
    )
    assert event.payload == {"created": True, "call": call.pk}


def test_a_second_application_to_the_same_call_is_refused(call, applicant):
    _draft(call, applicant)
    with pytest.raises(DomainError) as exc:
        _draft(call, applicant)
    assert "already has an application for this call" in str(exc.value.message)
    assert InstitutionApplication.objects.count() == 1


def test_an_active_member_need_not_apply_again(samr_staff):
    _call, [member] = established_alliance(1, by=samr_staff)
    new_call = make_call(by=samr_staff, title="2027年度")
    user = user_of(member.application)
    with pytest.raises(DomainError, match="already a member"):
        services.application_create(call=new_call, institution=member.institution, by=user)


def test_only_a_member_of_the_institution_applies_for_it(call, applicant):
    institution, _user = applicant
    _other_org, other_user = institution_with_user()
    for user in (other_user, make_member(Role.SAMR_STAFF), make_member(Role.ENTERPRISE)):
        with pytest.raises(PermissionDenied):
            services.application_create(call=call, institution=institution, by=user)
    assert not InstitutionApplication.objects.exists()


def test_no_application_to_a_draft_call(samr_staff, applicant):
    draft = make_call(by=samr_staff, publish=False)
    with pytest.raises(DomainError, match="not open"):
        _draft(draft, applicant)


def test_uploading_a_material_and_replacing_it_keeps_the_old_file(call, applicant):
    institution, user = applicant
    application = _draft(call, applicant)
    first = services.application_upload_material(
        application=application, code="commitment", upload=make_pdf_upload("承诺书.pdf"), by=user
    )
    old_attachment = first.attachment
    second = services.application_upload_material(
        application=application, code="commitment", upload=make_png_upload("承诺书.png"), by=user
    )
    # One material row, pointing to the new file; the old attachment row is still there
    assert ApplicationMaterial.objects.filter(application=application).count() == 1
    assert second.pk == first.pk
    assert second.attachment.original_name == "承诺书.png"
    assert Attachment.objects.filter(pk=old_attachment.pk).exists()
    assert second.attachment.owner_organisation == institution
    assert second.attachment.purpose == "alliance.material"
    saved = AuditEvent.objects.filter(
        event_type=AuditEventType.ALLIANCE_APPLICATION_SAVED, target_id=str(application.pk)
    ).order_by("id")
    assert saved.last().payload["replaced"] == str(old_attachment.uuid)


def test_a_file_of_the_wrong_type_is_refused(call, applicant):
    _institution, user = applicant
    application = _draft(call, applicant)
    with pytest.raises(AttachmentRefused, match="not an accepted type"):
        services.application_upload_material(
            application=application, code="commitment", upload=make_text_as_pdf_upload(), by=user
        )
    assert not ApplicationMaterial.objects.exists()


def test_a_material_the_call_does_not_ask_for_is_refused(call, applicant):
    _institution, user = applicant
    application = _draft(call, applicant)
    with pytest.raises(DomainError, match="does not ask for"):
        services.application_upload_material(
            application=application, code="other", upload=make_pdf_upload(), by=user
        )


def test_submitting_names_every_missing_material(call, applicant):
    _institution, user = applicant
    application = _draft(
        call,
        applicant,
        fields=[industry()],
        institution_type=InstitutionType.CERTIFICATION,
        introduction="简介",
    )
    with pytest.raises(DomainError) as exc:
        services.application_submit(application=application, by=user)
    assert "Missing materials: 营业执照、诚信承诺书." in str(exc.value.message)
    services.application_upload_material(
        application=application, code="business_licence", upload=make_pdf_upload(), by=user
    )
    with pytest.raises(DomainError) as exc:
        services.application_submit(application=application, by=user)
    assert "Missing materials: 诚信承诺书." in str(exc.value.message)
    assert "营业执照" not in str(exc.value.message)
    assert _reload(application).state == ApplicationState.DRAFT


def test_a_testing_body_needs_cma_or_cnas_and_every_number_its_scope(call, applicant):
    _institution, user = applicant
    application = _draft(
        call,
        applicant,
        fields=[industry()],
        institution_type=InstitutionType.TESTING,
        introduction="简介",
    )
    problems = services.application_problems(application)
    assert "A testing body must give its CMA or CNAS number (at least one)." in problems
    services.application_update(
        application=application, by=user, cnas_number="CNAS L1", cnas_scope=""
    )
    problems = services.application_problems(_reload(application))
    assert "A testing body must give its CMA or CNAS number (at least one)." not in problems
    assert "Give the scope of the CNAS accreditation." in problems


def test_an_institution_submits_a_complete_application(call, samr_staff):
    application = make_application(call=call, submit=False)
    user = user_of(application)
    submitted = services.application_submit(application=application, by=user)
    application = _reload(application)
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at == submitted.submitted_at
    assert _transitions(application) == [("draft", "submitted")]
    assert Notification.objects.filter(
        recipient=samr_staff, key__startswith="alliance.application.submitted"
    ).exists()
    assert Notification.objects.filter(
        recipient=user, key__startswith="alliance.application.received"
    ).exists()


def test_submitting_after_the_deadline_is_refused(call, samr_staff):
    application = make_application(call=call, submit=False)
    pass_deadline(call, samr_staff)
    with pytest.raises(DomainError, match="can no longer be submitted"):
        services.application_submit(application=application, by=user_of(application))
    assert _reload(application).state == ApplicationState.DRAFT


def test_a_submitted_application_is_read_only_for_the_institution(call):
    application = make_application(call=call)
    user = user_of(application)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.application_update(application=application, by=user, introduction="改")
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.application_upload_material(
            application=application, code="commitment", upload=make_pdf_upload(), by=user
        )
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(application=application, by=user)
    assert not services.application_is_editable(_reload(application))


def test_staff_accept_a_submitted_application_and_the_institution_is_told(call, samr_staff):
    application = make_application(call=call)
    services.application_accept(application=application, by=samr_staff)
    assert _reload(application).state == ApplicationState.ACCEPTED
    assert _transitions(application)[-1] == ("submitted", "accepted")
    note = Notification.objects.get(key=f"alliance.application.accepted:{application.pk}")
    assert note.recipient == user_of(application)


def test_returning_needs_a_reason_which_the_institution_receives(call, samr_staff):
    application = make_application(call=call)
    with pytest.raises(DomainError, match="reason"):
        services.application_return(application=application, reason="  ", by=samr_staff)
    assert _reload(application).state == ApplicationState.SUBMITTED
    services.application_return(application=application, reason="营业执照已过期", by=samr_staff)
    application = _reload(application)
    assert application.state == ApplicationState.RETURNED
    assert application.decision_reason == "营业执照已过期"
    note = Notification.objects.get(
        key__startswith=f"alliance.application.returned:{application.pk}"
    )
    assert note.recipient == user_of(application)
    assert "营业执照已过期" in note.body


def test_a_returned_application_is_corrected_and_resubmitted_before_the_deadline(call, samr_staff):
    application = make_application(call=call)
    services.application_return(application=application, reason="补充承诺书", by=samr_staff)
    user = user_of(application)
    services.application_upload_material(
        application=application, code="commitment", upload=make_pdf_upload("新.pdf"), by=user
    )
    services.application_submit(application=application, by=user)
    assert _reload(application).state == ApplicationState.SUBMITTED
    assert _transitions(application) == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]


def test_a_returned_application_cannot_be_resubmitted_after_the_deadline(call, samr_staff):
    application = make_application(call=call)
    pass_deadline(call, samr_staff)
    services.application_return(application=application, reason="不符合条件", by=samr_staff)
    with pytest.raises(DomainError, match="can no longer be submitted"):
        services.application_submit(application=application, by=user_of(application))
    assert _reload(application).state == ApplicationState.RETURNED


@pytest.mark.parametrize("state", ["draft", "accepted", "returned"])
def test_only_submitted_applications_are_accepted_or_returned(call, samr_staff, state):
    application = make_application(call=call, submit=state != "draft")
    if state == "accepted":
        services.application_accept(application=application, by=samr_staff)
    elif state == "returned":
        services.application_return(application=application, reason="r", by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.application_accept(application=application, by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.application_return(application=application, reason="r", by=samr_staff)
    assert _reload(application).state == state


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.INSTITUTION, Role.ASSOCIATION])
def test_only_staff_accept_or_return(call, role):
    application = make_application(call=call)
    user = make_member(role)
    with pytest.raises(PermissionDenied):
        services.application_accept(application=application, by=user)
    with pytest.raises(PermissionDenied):
        services.application_return(application=application, reason="r", by=user)
    assert _reload(application).state == ApplicationState.SUBMITTED


def test_the_deadline_check_uses_the_current_deadline(samr_staff, applicant):
    call = make_call(by=samr_staff, deadline=timezone.now() + dt.timedelta(days=1))
    application = _draft(call, applicant)
    services.call_set_deadline(
        call=call, deadline=timezone.now() - dt.timedelta(seconds=1), by=samr_staff
    )
    # The institution's copy of the call is stale; the service reads the current one
    with pytest.raises(DomainError):
        services.application_submit(application=application, by=applicant[1])
