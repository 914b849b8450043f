"""Enterprise registration in the browser's form: what is accepted, what is refused and why."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, Town, User
from dgyp.models import AuditEvent
from tests.factories import EnterpriseFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "东莞市新优品电器有限公司",
        "credit_code": valid_credit_code(777),
        "registered_address": "广东省东莞市长安镇振安路1号",
        "town": Town.objects.get(name="长安镇").pk,
        "legal_representative": "黄伟",
        "contact_name": "黄丽",
        "contact_mobile": "13712345678",
        "username": "xinyoupin",
        "email": "contact@xinyoupin.cn",
        "password1": "Youpin-2026-strong",
        "password2": "Youpin-2026-strong",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_valid_registration_creates_the_enterprise_and_logs_in(client):
    response = client.post(reverse("accounts:register_enterprise"), form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    org = Organisation.objects.get(credit_code=valid_credit_code(777))
    assert org.kind == OrganisationKind.ENTERPRISE
    assert org.town.name == "长安镇"
    user = User.objects.get(username="xinyoupin")
    assert user.has_role(Role.ENTERPRISE)
    assert (
        AuditEvent.objects.filter(event_type="enterprise.registered", target_id=str(org.pk)).count()
        == 1
    )
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    assert 'data-dashboard="enterprise"' in dashboard.content.decode()


def test_lower_case_code_with_spaces_is_accepted_and_normalised(client):
    code = valid_credit_code(778)
    spaced = f"{code[:6].lower()} {code[6:]}"
    response = client.post(reverse("accounts:register_enterprise"), form_data(credit_code=spaced))
    assert response.status_code == 302
    assert Organisation.objects.filter(credit_code=code).exists()


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91441900MA4X0001", "18"),  # too short
        (valid_credit_code(5)[:-1] + ("0" if valid_credit_code(5)[-1] != "0" else "1"), "check"),
        (valid_credit_code(6, division="440300"), "4419"),  # Shenzhen
        ("91441900MA4XOO01IX", "I"),  # letters never used
    ],
)
def test_an_invalid_credit_code_is_refused_with_its_reason_and_nothing_is_created(
    client, code, fragment
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are checked in English
    response = client.post(reverse("accounts:register_enterprise"), form_data(credit_code=code))
    assert response.status_code == 200
    errors = response.context["form"].errors["credit_code"]
    assert any(fragment in e for e in errors)
    assert not Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).exists()
    assert not User.objects.filter(username="xinyoupin").exists()


def test_a_credit_code_is_registered_once(client):
    existing = EnterpriseFactory()
    response = client.post(
        reverse("accounts:register_enterprise"), form_data(credit_code=existing.credit_code)
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert Organisation.objects.filter(credit_code=existing.credit_code).count() == 1
    assert not User.objects.filter(username="xinyoupin").exists()


def test_bad_mobile_and_password_mismatch_are_refused(client):
    response = client.post(
        reverse("accounts:register_enterprise"),
        form_data(contact_mobile="02312345678", password2="different-2026-pass"),
    )
    form = response.context["form"]
    assert set(form.errors) == {"contact_mobile", "password2"}
    assert not Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).exists()


def test_the_page_is_in_chinese_by_default(client):
    response = client.get(reverse("accounts:register_enterprise"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
