"""Institutions (testing, certification, standardisation bodies) register themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from dgyp.models import AuditEvent
from tests.factories import OrganisationFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "广东某某检测技术有限公司",
        "credit_code": valid_credit_code(901, division="440300"),  # registered in Shenzhen
        "registered_address": "深圳市南山区科技园1号",
        "town": "",
        "legal_representative": "林伟",
        "contact_name": "林芳",
        "contact_mobile": "13612345678",
        "username": "jiance",
        "email": "lab@jiance.cn",
        "password1": "Jiance-2026-strong",
        "password2": "Jiance-2026-strong",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_an_institution_from_outside_dongguan_registers_and_holds_the_institution_role(client):
    response = client.post(reverse("accounts:register_institution"), form_data())
    assert response.status_code == 302
    org = Organisation.objects.get(name="广东某某检测技术有限公司")
    assert org.kind == OrganisationKind.INSTITUTION
    assert org.town is None
    assert User.objects.get(username="jiance").has_role(Role.INSTITUTION)
    assert AuditEvent.objects.filter(
        event_type="institution.registered", target_id=str(org.pk)
    ).exists()


def test_a_duplicate_institution_is_refused_by_credit_code(client):
    existing = OrganisationFactory(kind=OrganisationKind.INSTITUTION)
    response = client.post(
        reverse("accounts:register_institution"), form_data(credit_code=existing.credit_code)
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert not User.objects.filter(username="jiance").exists()


def test_a_malformed_code_is_refused(client):
    response = client.post(reverse("accounts:register_institution"), form_data(credit_code="12345"))
    assert "credit_code" in response.context["form"].errors
    assert not Organisation.objects.filter(kind=OrganisationKind.INSTITUTION).exists()


def test_signed_in_users_are_sent_to_their_dashboard(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(reverse("accounts:register_institution"))
    assert response["Location"] == reverse("accounts:dashboard")
