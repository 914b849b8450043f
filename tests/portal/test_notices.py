"""Public notices: anyone reads them; the list filters by kind and stays fast."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgyp.models import AuditEvent, PublicNotice
from dgyp.notices import notice_publish
from tests.permissions import all_kinds, client_for

pytestmark = pytest.mark.django_db


def test_publishing_a_notice_records_who_and_what(samr_staff):
    notice = notice_publish(
        kind=PublicNotice.Kind.ANNOUNCEMENT, title="关于成立联盟的通告", body="正文", by=samr_staff
    )
    assert notice.published_by == samr_staff
    event = AuditEvent.objects.get(event_type="notice.published")
    assert event.target_id == str(notice.pk)
    assert event.payload == {"kind": "announcement", "title": "关于成立联盟的通告"}


@all_kinds
def test_everyone_reads_notices(kind, client):
    from tests.factories import make_member

    notice = notice_publish(kind=PublicNotice.Kind.CALL, title="申报通知", body="内容", by=None)
    client, _user = client_for(kind, client, make_member)
    assert client.get(reverse("portal:notice_list")).status_code == 200
    page = client.get(reverse("portal:notice_detail", args=[notice.pk]))
    assert page.status_code == 200
    assert "申报通知" in page.content.decode()


def test_the_list_filters_by_kind_and_ignores_unknown_kinds(client):
    notice_publish(kind=PublicNotice.Kind.CALL, title="甲通知", body=".", by=None)
    notice_publish(kind=PublicNotice.Kind.ANNOUNCEMENT, title="乙通告", body=".", by=None)
    calls = client.get(reverse("portal:notice_list"), {"kind": "call"})
    assert [n.title for n in calls.context["page_obj"].object_list] == ["甲通知"]
    everything = client.get(reverse("portal:notice_list"), {"kind": "nonsense"})
    assert len(everything.context["page_obj"].object_list) == 2


def test_a_missing_notice_is_404(client):
    assert client.get(reverse("portal:notice_detail", args=[999])).status_code == 404


def test_notices_cannot_be_posted_to(client):
    assert client.post(reverse("portal:notice_list")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_query_count_is_constant(client, django_assert_max_num_queries, rows):
    for i in range(rows):
        notice_publish(kind=PublicNotice.Kind.CALL, title=f"通知{i}", body=".", by=None)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("portal:notice_list")).status_code == 200
