"""Notifications (通知): an in-app inbox row per recipient and an e-mail copy sent by Celery.

`notify` is called inside the service's transaction; the e-mail is queued on commit, so a
rolled-back action sends nothing. Each (recipient, key) is recorded once: calling `notify`
again for the same occurrence (a retried task, a reminder run twice) does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dgyp.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    created: list[Notification] = []
    for user in {r.pk: r for r in recipients if r is not None and r.is_active}.values():
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, key=key, title=title, body=body, url=url, send_email=email
                )
        except IntegrityError:
            continue  # already recorded for this occurrence
        created.append(note)
        if email and user.email:
            transaction.on_commit(partial(_queue_email, note.pk))
    return created


def _queue_email(notification_id: int) -> None:
    from dgyp.tasks import send_notification_email

    send_notification_email.delay(notification_id)


def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
