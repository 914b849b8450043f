"""What the enterprise and the reviewer read: the labels of each state with deadlines in
working days, the timeline of every step in one query, the changes between versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.enums import ApplicationState
from applications.models import SupplementRequest
from tests.factories.applications import make_application, make_call, make_department

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def call(db):
    return make_call()


def test_the_supplement_label_counts_working_days_to_the_deadline(call):
    app = make_application(state=S.SUPPLEMENT_REQUESTED)
    supplement = app.supplements.get()
    SupplementRequest.objects.filter(pk=supplement.pk).update(deadline=dt.date(2026, 10, 12))
    supplement.refresh_from_db()
    status = selectors.application_status(app, supplement=supplement, today=dt.date(2026, 9, 29))
    assert status.days_left == 5  # 30 Sep, 8, 9, 10 (调休), 12 Oct
    assert status.enterprise_label == (
        "Waiting for supplements (deadline Oct. 12, 2026, 5 working day(s) left)"
    )
    late = selectors.application_status(app, supplement=supplement, today=dt.date(2026, 10, 13))
    assert late.overdue is True


def test_a_deadline_the_calendar_does_not_cover_shows_no_count(call):
    app = make_application(state=S.SUPPLEMENT_REQUESTED)
    supplement = app.supplements.get()
    SupplementRequest.objects.filter(pk=supplement.pk).update(deadline=dt.date(2027, 1, 8))
    supplement.refresh_from_db()
    from dgyp.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    status = selectors.application_status(app, supplement=supplement, today=dt.date(2026, 12, 30))
    assert status.days_left is None
    assert "Jan. 8, 2027" in status.enterprise_label


def test_the_timeline_has_every_step_in_order_in_one_query(
    call, samr_staff, enterprise, enterprise_user, django_assert_num_queries
):
    app = make_application(enterprise=enterprise, user=enterprise_user)
    services.application_submit(application=app, by=enterprise_user)
    services.application_start_review(application=app, by=samr_staff)
    services.application_add_note(application=app, by=samr_staff, body="内部备注")
    services.application_request_supplement(application=app, by=samr_staff, items=["补充报告"])
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    with django_assert_num_queries(2):  # the content type (cached after) and the events
        events = selectors.application_events(application=app, for_enterprise=True)
    assert [e.to_state for e in events] == [
        "submitted",
        "qualification_review",
        "supplement_requested",
    ]
    timeline = selectors.application_timeline(application=app, for_enterprise=True)
    assert [e.kind for e in timeline] == [
        "submitted",
        "qualification_review",
        "supplement_requested",
    ]
    assert timeline[0].actor == str(enterprise_user)
    assert timeline[1].actor != str(samr_staff)  # the office, not the clerk's name
    assert "补充报告" in timeline[2].detail
    staff_view = selectors.application_timeline(application=app, for_enterprise=False)
    assert "application.note_added" in [e.kind for e in staff_view]


def test_the_enterprise_page_shows_state_next_step_and_timeline(
    client, call, samr_staff, enterprise, enterprise_user
):
    app = make_application(enterprise=enterprise, user=enterprise_user)
    services.application_submit(application=app, by=enterprise_user)
    services.application_start_review(application=app, by=samr_staff)
    services.application_request_supplement(application=app, by=samr_staff, items=["补充报告"])
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:detail", args=[app.pk]))
    body = page.content.decode()
    assert page.context["status"].deadline is not None
    assert "补充报告" in body
    assert body.count('data-step="') == 3
    assert "内部" not in body


def test_the_review_page_shows_the_file_for_staff_and_read_only_for_auditors(
    client, call, samr_staff, auditor, django_assert_max_num_queries
):
    app = make_application(state=S.QUALIFICATION_REVIEW, reviewer=samr_staff)
    department, user = make_department()
    services.opinion_requests_send(
        application=app,
        departments=[department],
        due_date=timezone.localdate() + dt.timedelta(days=3),
        message="",
        by=samr_staff,
    )
    services.opinion_answer(
        request=app.opinion_requests.get(), by=user, answer="adverse", details="曾被处罚"
    )
    client.force_login(samr_staff)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("applications:review", args=[app.pk]))
    body = page.content.decode()
    assert "曾被处罚" in body
    assert 'data-action="qualify"' in body
    assert "preview-frame" in body  # PDFs preview inline
    client.force_login(auditor)
    body = client.get(reverse("applications:review", args=[app.pk])).content.decode()
    assert "曾被处罚" in body
    assert 'data-action="qualify"' not in body
    assert "csrfmiddlewaretoken" not in body.split("<main")[1].split("</main>")[0]


def test_no_diff_before_a_second_version(call):
    app = make_application(state=S.QUALIFICATION_REVIEW)
    assert selectors.version_diff(application=app) is None
