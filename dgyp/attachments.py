"""Private attachments: upload with content-type sniffing, size limit and SHA-256; access checks.

Who may read a file: its uploader, members of its owner organisation, holders of the guardian
object permission `core.view_attachment`, and whatever the app that owns the file's `purpose`
registers (e.g. the application's reviewers) through `register_access_rule`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError
from dgyp.models import Attachment

# Detected MIME type → what we tell the user. Detection reads the file's bytes, not its name.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/msword": "Word (.doc)",
    "application/vnd.ms-excel": "Excel (.xls)",
}
DEFAULT_KINDS = frozenset(ALLOWED_TYPES)
DOCUMENT_AND_IMAGE_KINDS = frozenset({"application/pdf", "image/jpeg", "image/png"})

AccessRule = Callable[[Any, Attachment], bool]
_access_rules: dict[str, list[AccessRule]] = {}


def register_access_rule(purpose: str, rule: AccessRule) -> None:
    """Let the app that owns `purpose` say who else may read such files (called in ready())."""
    _access_rules.setdefault(purpose, []).append(rule)


class AttachmentRefused(DomainError):
    pass


def _detect(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def attachment_create(
    *,
    upload: UploadedFile,
    by: Any,
    purpose: str,
    owner_organisation: Any = None,
    allowed: frozenset[str] = DEFAULT_KINDS,
    max_bytes: int | None = None,
) -> Attachment:
    """Check and store one uploaded file; raise AttachmentRefused with the reason if refused."""
    limit = max_bytes or settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise AttachmentRefused(_("The file “%(name)s” is empty.") % {"name": upload.name})
    if upload.size > limit:
        raise AttachmentRefused(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    mime = _detect(upload)
    if mime not in allowed:
        raise AttachmentRefused(
            _(
                "The file “%(name)s” is not an accepted type. Accepted: %(types)s. The type is "
                "read from the file's content, so renaming a file does not change it."
            )
            % {
                "name": upload.name,
                "types": _(", ").join(sorted({ALLOWED_TYPES[m] for m in allowed})),
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            original_name=(upload.name or "file")[:255],
            content_type=mime,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
            owner_organisation=owner_organisation,
            purpose=purpose,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(attachment.uuid.hex, upload, save=False)
        # The file is on disk before the row: if the row fails, remove the orphan file.
        try:
            attachment.save()
            audit_record(
                event_type=AuditEventType.ATTACHMENT_UPLOADED,
                actor=by,
                target=attachment,
                payload={"purpose": purpose, "sha256": attachment.sha256, "size": upload.size},
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_can_view(*, user: Any, attachment: Attachment) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if attachment.uploaded_by_id == user.pk:
        return True
    if (
        attachment.owner_organisation_id is not None
        and user.memberships.filter(organisation_id=attachment.owner_organisation_id).exists()
    ):
        return True
    if user.has_perm("core.view_attachment", attachment):
        return True
    return any(rule(user, attachment) for rule in _access_rules.get(attachment.purpose, ()))
