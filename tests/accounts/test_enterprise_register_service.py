"""企业注册 (enterprise_register) and the effect of deactivation on logging in."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from accounts.enums import OrganisationKind, OrganisationStatus, Role
from accounts.models import Membership, Organisation, Town, User
from accounts.services import enterprise_register, organisation_deactivate, organisation_reactivate
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError
from dgyp.models import AuditEvent

pytestmark = pytest.mark.django_db

CREDIT_CODE = "91441900MA4UJ8XK0Q"
PASSWORD = "Gy7!pinpai-2026"


@pytest.fixture
def town() -> Town:
    return Town.objects.get(code="441900119")  # 长安镇


def _register(town: Town, **overrides) -> tuple[Organisation, User]:
    fields = {
        "name": "东莞市长安精密模具有限公司",
        "credit_code": CREDIT_CODE,
        "registered_address": "东莞市长安镇振安中路1号",
        "town": town,
        "legal_representative": "李伟",
        "contact_name": "陈敏",
        "contact_mobile": "13812345678",
        "username": "changan_mold",
        "email": "contact@changan-mold.example.cn",
        "password": PASSWORD,
    }
    fields.update(overrides)
    return enterprise_register(**fields)


def _login(username: str, password: str = PASSWORD) -> User | None:
    return authenticate(request=RequestFactory().post("/"), username=username, password=password)


def test_registration_creates_the_enterprise_its_user_and_membership(town):
    # When an enterprise registers
    organisation, user = _register(town)
    # Then the enterprise exists, active, with its registration details
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.kind == OrganisationKind.ENTERPRISE
    assert organisation.status == OrganisationStatus.ACTIVE
    assert organisation.name == "东莞市长安精密模具有限公司"
    assert organisation.credit_code == CREDIT_CODE
    assert organisation.town == town
    assert organisation.legal_representative == "李伟"
    assert (organisation.contact_name, organisation.contact_mobile) == ("陈敏", "13812345678")
    # And its first user, who holds the enterprise role in it and is in the enterprise group
    user = User.objects.get(pk=user.pk)
    assert user.username == "changan_mold"
    assert user.email == "contact@changan-mold.example.cn"
    assert (user.full_name, user.mobile) == ("陈敏", "13812345678")
    assert user.check_password(PASSWORD)
    assert [(m.organisation_id, m.role) for m in Membership.objects.filter(user=user)] == [
        (organisation.pk, Role.ENTERPRISE)
    ]
    assert list(user.groups.values_list("name", flat=True)) == ["enterprise"]
    assert user.has_role(Role.ENTERPRISE)


def test_registration_is_recorded_in_the_audit_trail(town):
    organisation, user = _register(town)
    [event] = AuditEvent.objects.filter(event_type=AuditEventType.ENTERPRISE_REGISTERED)
    assert event.actor == user
    assert event.actor_organisation == organisation
    assert event.target_id == str(organisation.pk)
    assert event.to_state == "active"
    assert event.payload == {"credit_code": CREDIT_CODE, "town": "441900119"}
    [granted] = AuditEvent.objects.filter(event_type=AuditEventType.MEMBERSHIP_GRANTED)
    assert granted.payload == {"role": "enterprise", "organisation": organisation.pk}


def test_registered_user_can_log_in(town):
    organisation, user = _register(town)
    assert _login("changan_mold") == user


def test_duplicate_credit_code_is_refused_and_creates_no_second_user(town):
    # Given an enterprise registered with a credit code
    _register(town)
    users, organisations, events = (
        User.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    )
    # When another registration uses the same code
    with pytest.raises(DomainError):
        _register(town, name="另一家公司", username="another", email="another@example.cn")
    # Then nothing of it is created
    assert User.objects.count() == users
    assert not User.objects.filter(username="another").exists()
    assert Organisation.objects.count() == organisations
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"username": "changan_mold"}, id="same user name"),
        pytest.param({"email": "CONTACT@changan-mold.example.cn"}, id="same e-mail, other case"),
    ],
)
def test_duplicate_account_is_refused_and_creates_no_second_enterprise(town, overrides):
    _register(town)
    fields = {"credit_code": "914419001234567894", "username": "other", "email": "o@example.cn"}
    fields.update(overrides)
    with pytest.raises(DomainError):
        _register(town, name="另一家公司", **fields)
    assert not Organisation.objects.filter(credit_code="914419001234567894").exists()
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1


def test_user_of_a_deactivated_enterprise_cannot_log_in_until_reactivated(town, samr_staff):
    # Given a registered enterprise whose user can log in
    organisation, user = _register(town)
    assert _login("changan_mold") == user
    # When SAMR staff deactivate the enterprise
    organisation_deactivate(organisation=organisation, by=samr_staff, reason="营业执照被吊销")
    # Then its user can no longer log in with the right password
    assert _login("changan_mold") is None
    # And when it is reactivated, they can again
    organisation_reactivate(organisation=organisation, by=samr_staff, reason="复核后恢复")
    assert _login("changan_mold") == user


def test_wrong_password_does_not_log_in(town):
    _register(town)
    assert _login("changan_mold", "wrong-password") is None


def test_sync_roles_is_idempotent():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("sync_roles")
    call_command("sync_roles")
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_deactivation_and_reactivation_notify_the_enterprises_users_by_e_mail(
    enterprise, enterprise_user, samr_staff, django_capture_on_commit_callbacks
):
    from django.core import mail

    from accounts.services import organisation_deactivate, organisation_reactivate
    from dgyp.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        organisation_deactivate(organisation=enterprise, by=samr_staff, reason="停业")
    with django_capture_on_commit_callbacks(execute=True):
        organisation_reactivate(organisation=enterprise, by=samr_staff, reason="复业")
    notes = Notification.objects.filter(recipient=enterprise_user).order_by("id")
    assert notes.count() == 2
    assert "停业" in notes[0].body
    assert "复业" in notes[1].body
    assert [m.to for m in mail.outbox] == [[enterprise_user.email], [enterprise_user.email]]
    assert not Notification.objects.filter(recipient=samr_staff).exists()


def test_users_holding_needs_the_role_in_the_same_organisation(enterprise):
    from accounts.selectors import users_holding
    from accounts.services import membership_grant
    from tests.factories import EnterpriseFactory, OrganisationFactory, make_member

    # A user who is an enterprise user elsewhere and a member of `enterprise` in no role of it
    other = EnterpriseFactory()
    user = make_member(Role.ENTERPRISE, other)
    department = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    membership_grant(user=user, role=Role.DEPARTMENT, organisation=department, by=None)
    assert list(users_holding(role=Role.ENTERPRISE, organisation_ids=[department.pk])) == []
    assert list(users_holding(role=Role.DEPARTMENT, organisation_ids=[department.pk])) == [user]
    assert list(users_holding(role=Role.ENTERPRISE, organisation_ids=[enterprise.pk])) == []
