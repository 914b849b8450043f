"""Private attachments: type read from the bytes, size limit, SHA-256, audit, who may read."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from guardian.shortcuts import assign_perm

from accounts.enums import Role
from dgyp import attachments
from dgyp.attachments import (
    DOCUMENT_AND_IMAGE_KINDS,
    AttachmentRefused,
    attachment_can_view,
    attachment_create,
    register_access_rule,
)
from dgyp.enums import AuditEventType
from dgyp.models import Attachment, AuditEvent
from tests.factories import make_member
from tests.factories.core import (
    JPEG_HEADER,
    MINIMAL_PDF,
    make_empty_upload,
    make_jpeg_upload,
    make_pdf_upload,
    make_png_upload,
    make_text_as_pdf_upload,
    png_bytes,
)

pytestmark = pytest.mark.django_db

PURPOSE = "application.material"


@pytest.fixture
def private_storage(settings):
    from pathlib import Path

    return Path(settings.PRIVATE_MEDIA_ROOT)


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def isolated_rules(monkeypatch):
    """Access rules registered by a test do not leak into others."""
    rules: dict = {}
    monkeypatch.setattr(attachments, "_access_rules", rules)
    return rules


@pytest.fixture
def pdf_attachment(enterprise_user, enterprise):
    return attachment_create(
        upload=make_pdf_upload(), by=enterprise_user, purpose=PURPOSE, owner_organisation=enterprise
    )


# --- upload ---------------------------------------------------------------------------------


def test_pdf_is_stored_with_its_type_size_and_sha256(enterprise_user, enterprise):
    # When an enterprise user uploads a PDF
    attachment = attachment_create(
        upload=make_pdf_upload("营业执照.pdf"),
        by=enterprise_user,
        purpose=PURPOSE,
        owner_organisation=enterprise,
    )
    # Then the row records what the file is, read from its bytes
    stored = Attachment.objects.get(pk=attachment.pk)
    assert stored.original_name == "营业执照.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(MINIMAL_PDF)
    assert stored.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert stored.uploaded_by == enterprise_user
    assert stored.owner_organisation == enterprise
    assert stored.purpose == PURPOSE
    # And the file is kept under a name that is not the user's
    assert stored.file.name == (f"attachments/{stored.uploaded_at:%Y/%m}/{stored.uuid.hex}")
    with stored.file.open("rb") as fh:
        assert fh.read() == MINIMAL_PDF
    # And one audit event records the upload
    [event] = AuditEvent.objects.filter(event_type=AuditEventType.ATTACHMENT_UPLOADED)
    assert event.actor == enterprise_user
    assert event.actor_organisation == enterprise
    assert event.target_id == str(attachment.pk)
    assert event.payload == {
        "purpose": PURPOSE,
        "sha256": hashlib.sha256(MINIMAL_PDF).hexdigest(),
        "size": len(MINIMAL_PDF),
    }


@pytest.mark.parametrize(
    ("make_upload", "content", "mime"),
    [
        (make_png_upload, png_bytes(), "image/png"),
        (make_jpeg_upload, JPEG_HEADER, "image/jpeg"),
    ],
)
def test_images_are_accepted(enterprise_user, make_upload, content, mime):
    attachment = attachment_create(upload=make_upload(), by=enterprise_user, purpose=PURPOSE)
    assert attachment.content_type == mime
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


def test_png_named_pdf_is_stored_as_png(enterprise_user):
    upload = SimpleUploadedFile("scan.pdf", png_bytes(), content_type="application/pdf")
    attachment = attachment_create(upload=upload, by=enterprise_user, purpose=PURPOSE)
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "scan.pdf"


@pytest.mark.parametrize(
    ("upload", "max_bytes", "allowed", "reason"),
    [
        pytest.param(make_text_as_pdf_upload, None, None, "not an accepted type", id="text-as-pdf"),
        pytest.param(make_empty_upload, None, None, "is empty", id="empty"),
        pytest.param(make_pdf_upload, 100, None, "the limit is", id="oversize"),
        pytest.param(
            make_png_upload,
            None,
            frozenset({"application/pdf"}),
            "Accepted: PDF",
            id="png-pdf-only",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 100),
            None,
            DOCUMENT_AND_IMAGE_KINDS,
            "Accepted: JPEG, PDF, PNG",
            id="executable",
        ),
    ],
)
def test_refused_upload_leaves_no_row_file_or_event(
    enterprise_user, private_storage, upload, max_bytes, allowed, reason
):
    # Given a file that must be refused
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    if allowed is not None:
        kwargs["allowed"] = allowed
    files_before = _stored_files(private_storage)
    events_before = AuditEvent.objects.count()
    # When it is uploaded (messages checked in English; the Chinese ones are the catalogue's)
    with translation.override("en"), pytest.raises(AttachmentRefused) as excinfo:
        attachment_create(upload=upload(), by=enterprise_user, purpose=PURPOSE, **kwargs)
    # Then the reason is given and nothing is kept
    assert reason in str(excinfo.value.message)
    assert Attachment.objects.count() == 0
    assert _stored_files(private_storage) == files_before
    assert AuditEvent.objects.count() == events_before


def test_file_exactly_at_the_limit_is_accepted(enterprise_user):
    attachment = attachment_create(
        upload=make_pdf_upload(), by=enterprise_user, purpose=PURPOSE, max_bytes=len(MINIMAL_PDF)
    )
    assert attachment.size == len(MINIMAL_PDF)


def test_refusal_message_names_the_file(enterprise_user):
    with pytest.raises(AttachmentRefused) as excinfo:
        attachment_create(
            upload=make_text_as_pdf_upload("报告.pdf"), by=enterprise_user, purpose=PURPOSE
        )
    assert "报告.pdf" in str(excinfo.value.message)


# --- who may read ---------------------------------------------------------------------------


def test_uploader_may_view(pdf_attachment, enterprise_user):
    assert attachment_can_view(user=enterprise_user, attachment=pdf_attachment) is True


def test_member_of_the_owner_organisation_may_view(pdf_attachment, enterprise):
    colleague = make_member(Role.ENTERPRISE, enterprise)
    assert attachment_can_view(user=colleague, attachment=pdf_attachment) is True


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.SAMR_STAFF, Role.EXPERT, Role.AUDITOR])
def test_unrelated_user_may_not_view(pdf_attachment, user_with_role, isolated_rules, role):
    assert attachment_can_view(user=user_with_role(role), attachment=pdf_attachment) is False


def test_anonymous_user_may_not_view(pdf_attachment):
    assert attachment_can_view(user=AnonymousUser(), attachment=pdf_attachment) is False


def test_deactivated_uploader_may_not_view(pdf_attachment, enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    assert attachment_can_view(user=enterprise_user, attachment=pdf_attachment) is False


def test_holder_of_the_object_permission_may_view_that_file_only(
    pdf_attachment, enterprise_user, user_with_role, isolated_rules
):
    # Given an expert assigned to read one file
    expert = user_with_role(Role.EXPERT)
    other = attachment_create(upload=make_png_upload(), by=enterprise_user, purpose=PURPOSE)
    assign_perm("core.view_attachment", expert, pdf_attachment)
    # Then they may read that file and not another
    assert attachment_can_view(user=expert, attachment=pdf_attachment) is True
    assert attachment_can_view(user=expert, attachment=other) is False


def test_access_rule_registered_for_a_purpose_applies_to_that_purpose_only(
    enterprise_user, user_with_role, isolated_rules
):
    # Given the app owning "expert.report" lets department users read such files
    department_user = user_with_role(Role.DEPARTMENT)
    register_access_rule("expert.report", lambda user, att: user.has_role(Role.DEPARTMENT))
    report = attachment_create(
        upload=make_pdf_upload(), by=enterprise_user, purpose="expert.report"
    )
    material = attachment_create(upload=make_pdf_upload(), by=enterprise_user, purpose=PURPOSE)
    # Then the rule opens files of that purpose and no others
    assert attachment_can_view(user=department_user, attachment=report) is True
    assert attachment_can_view(user=department_user, attachment=material) is False
