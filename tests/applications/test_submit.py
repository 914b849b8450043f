"""Submitting an application (提交): eligibility, each problem said exactly, the reference
number, version 1, the audit event, the notification, one open application per product."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import EnterpriseBan
from applications import services
from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from catalog.models import CatalogEdition, Category, Industry
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification
from tests.factories import EnterpriseFactory, make_member
from tests.factories.applications import make_application, make_call, published_edition, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(enterprise, enterprise_user):
    make_call()
    return make_application(enterprise=enterprise, user=enterprise_user, product_name="智能音箱")


def test_a_complete_draft_is_submitted_with_a_reference_and_version_1(draft, enterprise_user):
    app = services.application_submit(application=draft, by=enterprise_user)

    app = reload(app)
    assert app.state == ApplicationState.SUBMITTED
    assert app.reference == f"DGYP-{app.call.year}-00001"
    assert app.submitted_at is not None
    version = ApplicationVersion.objects.get(application=app)
    assert version.number == 1
    assert version.data["product_name"] == "智能音箱"
    assert sorted(version.data["materials"]) == sorted(app.call.required_codes)
    event = AuditEvent.objects.get(event_type="application.transition", target_id=str(app.pk))
    assert (event.from_state, event.to_state, event.actor_id) == (
        "draft",
        "submitted",
        enterprise_user.pk,
    )
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.key == f"application.submitted:{app.pk}"
    assert note.url == f"/applications/{app.pk}/"


def test_references_count_up_within_the_call(draft, enterprise_user):
    other = make_application(enterprise=draft.enterprise, user=enterprise_user, call=draft.call)
    services.application_submit(application=draft, by=enterprise_user)
    services.application_submit(application=other, by=enterprise_user)
    assert reload(other).reference == f"DGYP-{draft.call.year}-00002"


def test_submitting_twice_is_refused_and_changes_nothing(draft, enterprise_user):
    services.application_submit(application=draft, by=enterprise_user)
    with pytest.raises(DomainError):
        services.application_submit(application=draft, by=enterprise_user)
    assert ApplicationVersion.objects.filter(application=draft).count() == 1


def test_a_user_of_another_enterprise_may_not_submit(draft):
    stranger = make_member(Role.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.application_submit(application=draft, by=stranger)
    assert reload(draft).state == ApplicationState.DRAFT


@pytest.mark.parametrize("role", [Role.SAMR_STAFF, Role.DEPARTMENT, Role.AUDITOR])
def test_other_roles_may_not_submit(draft, role):
    with pytest.raises(PermissionDenied):
        services.application_submit(application=draft, by=make_member(role))
    assert reload(draft).state == ApplicationState.DRAFT


def _refusal(draft, by, **kwargs) -> list[str]:
    with pytest.raises(services.SubmitRefused) as info:
        services.application_submit(application=draft, by=by, **kwargs)
    assert reload(draft).state == ApplicationState.DRAFT
    assert not ApplicationVersion.objects.filter(application=draft).exists()
    return info.value.problems


def test_a_closed_call_is_refused_with_its_dates(draft, enterprise_user):
    today = timezone.localdate()
    problems = _refusal(draft, enterprise_user, today=today + dt.timedelta(days=31))
    assert len(problems) == 1
    assert "The call is not open" in problems[0]
    assert str(draft.call.closes_on.year) in problems[0]


def test_a_call_not_yet_open_is_refused(enterprise, enterprise_user):
    today = timezone.localdate()
    call = make_call(opens_on=today + dt.timedelta(days=1), closes_on=today + dt.timedelta(days=9))
    draft = make_application(enterprise=enterprise, user=enterprise_user, call=call)
    assert "The call is not open" in _refusal(draft, enterprise_user)[0]


def test_a_credit_code_outside_dongguan_is_refused_with_the_reason(enterprise_user, draft):
    from tests.factories import valid_credit_code

    type(draft.enterprise).objects.filter(pk=draft.enterprise_id).update(
        credit_code=valid_credit_code(777, division="440300")
    )
    problems = _refusal(reload(draft), enterprise_user)
    assert len(problems) == 1
    assert "not a valid Dongguan code" in problems[0]
    assert "440300" in problems[0]


def test_a_banned_enterprise_is_refused_until_the_ban_ends(draft, enterprise_user):
    today = timezone.localdate()
    EnterpriseBan.objects.create(
        enterprise=draft.enterprise,
        starts_on=today - dt.timedelta(days=365),
        ends_on=today + dt.timedelta(days=700),
        reason="证书被撤销",
    )
    problems = _refusal(draft, enterprise_user)
    assert len(problems) == 1
    assert "3-year ban" in problems[0]


def test_an_expired_ban_does_not_refuse(draft, enterprise_user):
    today = timezone.localdate()
    EnterpriseBan.objects.create(
        enterprise=draft.enterprise,
        starts_on=today - dt.timedelta(days=1100),
        ends_on=today - dt.timedelta(days=1),
        reason="证书被撤销",
    )
    assert services.application_submit(application=draft, by=enterprise_user).state == "submitted"


def test_a_category_of_another_catalogue_is_refused(draft, enterprise_user, samr_staff):
    old = CatalogEdition.objects.create(
        year=2025,
        title="2025年度目录",
        suggestion_deadline=dt.date(2024, 10, 31),
        state="superseded",
        created_by=samr_staff,
    )
    foreign = Category.objects.create(
        edition=old,
        code="OLD-1",
        name="旧类别",
        industry=Industry.objects.first(),
        scope=".",
    )
    Application.objects.filter(pk=draft.pk).update(category=foreign)
    problems = _refusal(reload(draft), enterprise_user)
    assert problems == ["The category is not in the call's catalogue."]


def test_every_missing_material_is_named(draft, enterprise_user):
    draft.materials.filter(code__in=["certificates", "commitment"]).delete()
    problems = _refusal(draft, enterprise_user)
    assert len(problems) == 1
    assert "相关资质、荣誉及体系认证证书" in problems[0]
    assert "诚信承诺书（承诺书）" in problems[0]


def test_an_empty_draft_lists_everything_missing(enterprise, enterprise_user):
    make_call()
    draft = make_application(
        enterprise=enterprise, user=enterprise_user, complete=False, product_name=""
    )
    problems = _refusal(draft, enterprise_user)
    assert problems[:3] == [
        "Enter the product name.",
        "Enter the models and specifications.",
        "Choose the product standard the product follows.",
    ]
    assert problems[3].startswith("Complete the self-evaluation for:")
    assert "质量管理" in problems[3]
    assert "社会责任" in problems[3]
    assert problems[4].startswith("Upload the required materials:")


def test_another_open_application_for_the_same_product_is_named(draft, enterprise_user):
    other = make_application(
        state=ApplicationState.QUALIFICATION_REVIEW,
        enterprise=draft.enterprise,
        user=enterprise_user,
        call=draft.call,
        category_code="DGYP-02",
        product_name=" 智能 音箱 ",
    )
    problems = _refusal(draft, enterprise_user)
    assert problems == [
        f"Your enterprise already has an open application for this product ({other.reference}). "
        "Continue that one instead, or withdraw it first."
    ]


@pytest.mark.parametrize("closed_state", [ApplicationState.WITHDRAWN, ApplicationState.REJECTED])
def test_a_closed_application_for_the_same_product_does_not_block(
    draft, enterprise_user, closed_state
):
    make_application(
        state=closed_state,
        enterprise=draft.enterprise,
        user=enterprise_user,
        call=draft.call,
        product_name="智能音箱",
    )
    assert services.application_submit(application=draft, by=enterprise_user).state == "submitted"


def test_the_database_refuses_two_open_applications_for_one_product(draft, enterprise_user):
    # Given one submitted application for the product
    make_application(
        state=ApplicationState.SUBMITTED,
        enterprise=draft.enterprise,
        user=enterprise_user,
        call=draft.call,
        product_name="智能音箱",
    )
    # Then a second open row for the same product cannot exist (a race past the service's check)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_application(
            state=ApplicationState.QUALIFIED,
            enterprise=draft.enterprise,
            user=enterprise_user,
            call=draft.call,
            product_name="智能音箱",
            with_files=False,
        )
    # While drafts for it may coexist (working copies), and other enterprises are free
    make_application(enterprise=draft.enterprise, user=enterprise_user, product_name="智能音箱")
    make_application(state=ApplicationState.SUBMITTED, product_name="智能音箱")


def test_a_draft_cannot_submit_once_withdrawn(draft, enterprise_user):
    services.application_withdraw(application=draft, by=enterprise_user)
    with pytest.raises(DomainError):
        services.application_submit(application=draft, by=enterprise_user)


def test_the_subsidy_rule_is_told_when_the_enterprise_has_other_applications(
    draft, enterprise_user
):
    assert services.subsidy_rule_notice(draft) == []
    make_application(
        state=ApplicationState.SUBMITTED,
        enterprise=draft.enterprise,
        user=enterprise_user,
        call=draft.call,
    )
    notes = services.subsidy_rule_notice(draft)
    assert len(notes) == 2
    assert "at most 2 products" in notes[0]
    assert "at most 1 product per category" in notes[1]


def test_the_subsidy_rule_for_a_category_is_told_only_for_the_same_category(draft, enterprise_user):
    make_application(
        state=ApplicationState.SUBMITTED,
        enterprise=draft.enterprise,
        user=enterprise_user,
        call=draft.call,
        category_code="DGYP-02",
    )
    notes = services.subsidy_rule_notice(draft)
    assert len(notes) == 1
    assert "at most 2 products" in notes[0]


def test_withdrawing_a_submitted_application_is_recorded(draft, enterprise_user):
    app = services.application_submit(application=draft, by=enterprise_user)
    services.application_withdraw(application=app, by=enterprise_user, reason="产品停产")
    app = reload(app)
    assert app.state == ApplicationState.WITHDRAWN
    assert app.decision_reason == "产品停产"
    event = AuditEvent.objects.filter(target_id=str(app.pk)).order_by("-id").first()
    assert (event.from_state, event.to_state, event.payload) == (
        "submitted",
        "withdrawn",
        {"reason": "产品停产"},
    )


@pytest.mark.parametrize("state", [ApplicationState.REJECTED, ApplicationState.WITHDRAWN])
def test_a_decided_application_cannot_be_withdrawn(enterprise, enterprise_user, state):
    make_call()
    app = make_application(state=state, enterprise=enterprise, user=enterprise_user)
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application=app, by=enterprise_user)
    assert reload(app).state == state


def test_published_edition_is_reused(draft):
    assert published_edition() == draft.call.edition
    assert EnterpriseFactory().kind == "enterprise"
