"""Background tasks of applications (run by Celery beat; idempotent)."""

from celery import shared_task


@shared_task(name="applications.remind_overdue_opinions")
def remind_overdue_opinions() -> int:
    from applications.services import opinion_requests_remind_overdue

    return opinion_requests_remind_overdue()


@shared_task(name="applications.notify_overdue_supplements")
def notify_overdue_supplements() -> int:
    from applications.services import supplements_notify_overdue

    return supplements_notify_overdue()
