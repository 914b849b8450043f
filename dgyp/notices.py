"""Publishing notices on the public site (公告)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.models import PublicNotice


def notice_publish(
    *,
    kind: str,
    title: str,
    body: str,
    by: Any,
    subject: models.Model | None = None,
    link: str = "",
) -> PublicNotice:
    """Publish a notice now (call inside the service's transaction) and record it."""
    notice = PublicNotice.objects.create(
        kind=kind,
        title=title,
        body=body,
        published_at=timezone.now(),
        published_by=by if getattr(by, "is_authenticated", False) else None,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        link=link,
    )
    audit_record(
        event_type=AuditEventType.NOTICE_PUBLISHED,
        actor=by,
        target=notice,
        payload={"kind": kind, "title": title},
    )
    return notice


def notices_public(*, kind: str | None = None):
    qs = PublicNotice.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs
