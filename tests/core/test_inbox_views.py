"""The in-app inbox: each user sees only their notifications and can mark them read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgyp.models import Notification
from dgyp.notifications import notify
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_a_user_sees_only_their_own_notifications(client, enterprise_user, samr_staff):
    notify(recipients=[enterprise_user], key="a", title="给企业的通知", email=False)
    notify(recipients=[samr_staff], key="b", title="给工作人员的通知", email=False)
    client.force_login(enterprise_user)
    page = client.get(reverse("core:inbox")).content.decode()
    assert "给企业的通知" in page
    assert "给工作人员的通知" not in page


def test_opening_a_notification_marks_it_read_and_follows_its_local_link(client, enterprise_user):
    (note,) = notify(
        recipients=[enterprise_user], key="a", title="t", url="/accounts/dashboard/", email=False
    )
    client.force_login(enterprise_user)
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response["Location"] == "/accounts/dashboard/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_external_link_is_never_followed(client, enterprise_user):
    (note,) = notify(
        recipients=[enterprise_user], key="a", title="t", url="https://evil.example/", email=False
    )
    client.force_login(enterprise_user)
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("core:inbox")


def test_nobody_opens_someone_elses_notification(client, enterprise_user):
    (note,) = notify(recipients=[enterprise_user], key="a", title="t", email=False)
    other = make_member("department")
    client.force_login(other)
    assert client.post(reverse("core:notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_the_users_rows(client, enterprise_user, samr_staff):
    notify(recipients=[enterprise_user, samr_staff], key="a", title="t", email=False)
    client.force_login(enterprise_user)
    client.post(reverse("core:inbox_mark_all_read"))
    assert Notification.objects.get(recipient=enterprise_user).read_at is not None
    assert Notification.objects.get(recipient=samr_staff).read_at is None


def test_the_unread_count_shows_in_the_shell(client, enterprise_user):
    notify(recipients=[enterprise_user], key="a", title="t", email=False)
    notify(recipients=[enterprise_user], key="b", title="t", email=False)
    client.force_login(enterprise_user)
    response = client.get(reverse("accounts:dashboard"))
    assert response.context["unread_notifications"] == 2


def test_paging_keeps_the_unread_filter(client, enterprise_user):
    for i in range(25):
        notify(recipients=[enterprise_user], key=f"k{i}", title=f"t{i}", email=False)
    client.force_login(enterprise_user)
    response = client.get(reverse("core:inbox"), {"unread": "1", "page": "2"})
    assert response.context["query_string"] == "unread=1"
    assert len(response.context["page_obj"].object_list) == 5
    assert 'href="?unread=1&amp;page=1"' in response.content.decode()
