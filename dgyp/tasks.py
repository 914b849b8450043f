"""Background tasks of the core. Each is idempotent: running it twice has the effect of once."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="core.ping")
def ping(value: str = "pong") -> str:
    """Health check used by the worker test and `make run`'s smoke check."""
    return value


@shared_task(
    name="core.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_email(notification_id: int) -> bool:
    from dgyp.models import Notification

    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.recipient.email:
            return False
        body = note.body
        if note.url:
            body = f"{body}\n\n{settings.SITE_URL}{note.url}"
        send_mail(note.title, body, None, [note.recipient.email])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    logger.info("notification %s e-mailed", notification_id)
    return True


@shared_task(name="core.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send one message (password resets and other mails that are not inbox notifications)."""
    send_mail(subject, body, None, to, html_message=html)


@shared_task(name="core.notify_role")
def notify_role(role: str, key: str, title: str, body: str = "", url: str = "") -> int:
    """Notify every active holder of `role` (a broadcast kept out of the request). Idempotent:
    `notify` records each (user, key) once, so a retried task sends nothing twice."""
    from django.contrib.auth import get_user_model

    from dgyp.notifications import notify

    users = get_user_model().objects.filter(groups__name=role, is_active=True).order_by("pk")
    sent = 0
    batch: list = []
    for user in users.iterator(chunk_size=500):
        batch.append(user)
        if len(batch) == 500:
            with transaction.atomic():
                sent += len(notify(recipients=batch, key=key, title=title, body=body, url=url))
            batch = []
    if batch:
        with transaction.atomic():
            sent += len(notify(recipients=batch, key=key, title=title, body=body, url=url))
    return sent
