"""Notifications (通知): one inbox row per (recipient, key), e-mail queued on commit, sent once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from dgyp.models import Notification
from dgyp.notifications import notification_mark_read, notify, unread_count
from dgyp.tasks import send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEY = "supplement-due:17:2026-10-09"


def test_notify_records_one_inbox_row_per_recipient(enterprise_user, samr_staff):
    # When two users are notified, one of them listed twice, plus a missing recipient
    notes = notify(
        recipients=[enterprise_user, samr_staff, enterprise_user, None],
        key=KEY,
        title="请补正材料",
        body="请于2026年10月9日前补正申报材料。",
        url="/applications/17/",
        email=False,
    )
    # Then each of them has one unread notification
    assert sorted(n.recipient_id for n in notes) == sorted([enterprise_user.pk, samr_staff.pk])
    note = Notification.objects.get(recipient=enterprise_user)
    assert (note.key, note.title, note.url) == (KEY, "请补正材料", "/applications/17/")
    assert note.body == "请于2026年10月9日前补正申报材料。"
    assert note.read_at is None
    assert note.emailed_at is None
    assert Notification.objects.count() == 2
    assert unread_count(enterprise_user) == 1


def test_same_occurrence_is_recorded_once(enterprise_user, django_capture_on_commit_callbacks):
    # Given a notification already recorded for this key
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[enterprise_user], key=KEY, title="请补正材料")
    # When the same occurrence is notified again (a retried task, a reminder run twice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = notify(recipients=[enterprise_user], key=KEY, title="请补正材料")
    # Then nothing new is recorded or sent
    assert again == []
    assert callbacks == []
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    assert len(mail.outbox) == 1


def test_different_key_is_a_new_notification(enterprise_user):
    notify(recipients=[enterprise_user], key=KEY, title="一", email=False)
    notify(recipients=[enterprise_user], key=KEY + ":second", title="二", email=False)
    assert unread_count(enterprise_user) == 2


def test_inactive_user_is_not_notified(enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    assert notify(recipients=[enterprise_user], key=KEY, title="请补正材料") == []
    assert Notification.objects.count() == 0


def test_email_is_sent_once_the_transaction_commits(
    enterprise_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://dgyp.example.gov.cn"
    # When a notification with e-mail is recorded
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [note] = notify(
            recipients=[enterprise_user],
            key=KEY,
            title="请补正材料",
            body="请于2026年10月9日前补正。",
            url="/applications/17/",
        )
    # Then nothing is sent before the commit
    assert len(callbacks) == 1
    assert mail.outbox == []
    # And after the commit one message goes to the user, with the link
    callbacks[0]()
    [message] = mail.outbox
    assert message.subject == "请补正材料"
    assert message.to == [enterprise_user.email]
    assert (
        message.body == "请于2026年10月9日前补正。\n\nhttps://dgyp.example.gov.cn/applications/17/"
    )
    note.refresh_from_db()
    assert note.emailed_at is not None


def _notify_then_fail(user) -> None:
    with transaction.atomic():
        notify(recipients=[user], key=KEY, title="请补正材料")
        raise RuntimeError("the service failed after notifying")


def test_rolled_back_action_sends_nothing(enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            _notify_then_fail(enterprise_user)
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_no_email_when_not_wanted_or_no_address(db, django_capture_on_commit_callbacks):
    with_address = UserFactory()
    without_address = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[with_address], key=KEY, title="仅站内", email=False)
        notify(recipients=[without_address], key=KEY, title="无邮箱")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_email_task_is_idempotent(enterprise_user, django_capture_on_commit_callbacks):
    # Given a notification whose e-mail was sent on commit
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(recipients=[enterprise_user], key=KEY, title="请补正材料")
    assert len(mail.outbox) == 1
    # When the task runs again (a retry, a duplicate delivery)
    assert send_notification_email(note.pk) is False
    assert send_notification_email.delay(note.pk).get() is False
    # Then no second message is sent
    assert len(mail.outbox) == 1


def test_email_task_for_a_missing_notification_does_nothing(db):
    assert send_notification_email(999_999) is False
    assert mail.outbox == []


def test_marking_read_only_touches_the_users_own_notifications(enterprise_user, samr_staff):
    notify(recipients=[enterprise_user, samr_staff], key=KEY, title="一", email=False)
    notify(recipients=[enterprise_user], key=KEY + ":2", title="二", email=False)
    assert notification_mark_read(user=enterprise_user) == 2
    assert unread_count(enterprise_user) == 0
    assert unread_count(samr_staff) == 1
