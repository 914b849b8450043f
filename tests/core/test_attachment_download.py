"""Private files: served only through the permission-checked view, never to other users."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.enums import Role
from accounts.services import organisation_set_business_licence
from dgyp.models import AuditEvent
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def licence(enterprise, enterprise_user):
    org = organisation_set_business_licence(
        organisation=enterprise,
        upload=SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf"),
        by=enterprise_user,
    )
    return org.business_licence


def url(attachment, inline=False):
    return reverse("core:attachment_download", args=[attachment.uuid]) + (
        "?inline=1" if inline else ""
    )


def test_the_owner_downloads_the_file(client, enterprise_user, licence):
    client.force_login(enterprise_user)
    response = client.get(url(licence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(event_type="attachment.downloaded").count() == 1


def test_inline_preview_for_pdf(client, enterprise_user, licence):
    client.force_login(enterprise_user)
    response = client.get(url(licence, inline=True))
    assert response["Content-Disposition"].startswith("inline")


def test_a_colleague_in_the_same_enterprise_may_read_it(client, enterprise, licence):
    colleague = make_member(Role.ENTERPRISE, enterprise)
    client.force_login(colleague)
    assert client.get(url(licence)).status_code == 200


def test_staff_may_read_a_business_licence_by_the_registered_rule(client, samr_staff, licence):
    client.force_login(samr_staff)
    assert client.get(url(licence)).status_code == 200


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.DEPARTMENT, Role.EXPERT, Role.INSTITUTION])
def test_other_users_get_404_as_if_it_did_not_exist(client, licence, role):
    client.force_login(make_member(role))
    assert client.get(url(licence)).status_code == 404
    assert not AuditEvent.objects.filter(event_type="attachment.downloaded").exists()


def test_anonymous_visitors_are_sent_to_login(client, licence):
    response = client.get(url(licence))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_file_is_not_under_any_public_url(settings, licence):
    assert licence.file.storage.base_url is None or "static" not in licence.file.storage.base_url
    assert str(settings.PRIVATE_MEDIA_ROOT) in licence.file.path
    assert not licence.file.name.endswith(".pdf")  # the user's file name is never the stored name


def test_a_refused_upload_says_why_and_keeps_the_old_file(
    client, enterprise, enterprise_user, licence
):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("accounts:my_organisation"),
        {
            "file": SimpleUploadedFile(
                "fake.pdf", b"just text, not a pdf", content_type="application/pdf"
            )
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    enterprise.refresh_from_db()
    assert enterprise.business_licence_id == licence.pk


def test_an_inline_pdf_is_not_sandboxed_but_cannot_be_framed_by_others(
    client, enterprise_user, licence
):
    client.force_login(enterprise_user)
    response = client.get(url(licence, inline=True))
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    download = client.get(url(licence))
    assert download["Content-Security-Policy"].startswith("sandbox")
