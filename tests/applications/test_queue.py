"""The staff queue: filters, search, sorting, counts per state, paging, bulk actions, the XLSX
export; query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Town
from applications.enums import ApplicationState
from applications.models import Application
from tests.factories import EnterpriseFactory
from tests.factories.applications import make_application, make_call, reload

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def call(db):
    return make_call()


def _refs(response) -> list[str]:
    return [app.reference for app, _waiting in response.context["rows"]]


def test_the_queue_shows_submitted_applications_not_drafts(client, call, samr_staff):
    submitted = make_application(state=S.SUBMITTED)
    make_application()  # a draft
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue"))
    assert _refs(response) == [submitted.reference]
    assert response.context["total"] == 1


def test_counts_per_state_follow_the_other_filters(client, call, samr_staff):
    for state in [S.SUBMITTED, S.SUBMITTED, S.QUALIFICATION_REVIEW, S.SUPPLEMENT_REQUESTED]:
        make_application(state=state)
    make_application(state=S.QUALIFIED, category_code="DGYP-02")
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue"), {"state": "submitted"})
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts["submitted"] == 2
    assert counts["qualification_review"] == 1
    assert counts["supplement_requested"] == 1
    assert counts["qualified"] == 1
    assert response.context["total"] == 5
    assert len(response.context["rows"]) == 2
    category_2 = call.edition.categories.get(code="DGYP-02")
    response = client.get(reverse("applications:queue"), {"category": category_2.pk})
    assert response.context["total"] == 1


def test_filters_by_call_town_state_and_waiting_time(client, call, samr_staff):
    towns = list(Town.objects.all()[:3])
    here = make_application(state=S.SUBMITTED, enterprise=EnterpriseFactory(town=towns[0]))
    there = make_application(
        state=S.QUALIFICATION_REVIEW,
        enterprise=EnterpriseFactory(town=towns[1]),
        state_changed_at=timezone.now() - dt.timedelta(days=12),
    )
    other_call = make_call()
    elsewhere = make_application(
        state=S.SUBMITTED, call=other_call, enterprise=EnterpriseFactory(town=towns[2])
    )
    client.force_login(samr_staff)
    url = reverse("applications:queue")
    assert _refs(client.get(url, {"town": towns[0].pk})) == [here.reference]
    assert _refs(client.get(url, {"call": other_call.pk})) == [elsewhere.reference]
    assert _refs(client.get(url, {"state": "qualification_review"})) == [there.reference]
    assert _refs(client.get(url, {"waiting": "10"})) == [there.reference]
    # unknown values are ignored, not errors
    assert len(_refs(client.get(url, {"state": "nope", "waiting": "7", "call": "x"}))) == 3


def test_search_by_enterprise_credit_code_product_or_reference(client, call, samr_staff):
    lock = make_application(
        state=S.SUBMITTED,
        enterprise=EnterpriseFactory(name="东莞市长安精密模具有限公司"),
        product_name="智能门锁",
    )
    make_application(state=S.SUBMITTED, product_name="蓝牙耳机")
    client.force_login(samr_staff)
    url = reverse("applications:queue")
    assert _refs(client.get(url, {"q": "长安精密"})) == [lock.reference]
    assert _refs(client.get(url, {"q": "门锁"})) == [lock.reference]
    assert _refs(client.get(url, {"q": lock.enterprise.credit_code[-6:].lower()})) == [
        lock.reference
    ]
    assert _refs(client.get(url, {"q": lock.reference.lower()})) == [lock.reference]


def test_sorting_by_waiting_time(client, call, samr_staff):
    now = timezone.now()
    recent = make_application(state=S.SUBMITTED, state_changed_at=now - dt.timedelta(days=1))
    old = make_application(state=S.SUBMITTED, state_changed_at=now - dt.timedelta(days=9))
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue"), {"sort": "waiting"})
    assert _refs(response) == [old.reference, recent.reference]
    assert [w for _app, w in response.context["rows"]] == [9, 1]


def test_the_queue_pages(client, call, samr_staff):
    for _ in range(27):
        make_application(state=S.SUBMITTED, with_files=False)
    client.force_login(samr_staff)
    first = client.get(reverse("applications:queue"))
    second = client.get(reverse("applications:queue"), {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2


def test_auditors_read_the_queue_without_action_forms(client, call, auditor):
    make_application(state=S.SUBMITTED)
    client.force_login(auditor)
    page = client.get(reverse("applications:queue")).content.decode()
    assert 'name="ids"' not in page
    assert "data-bulk-form" in page


def test_bulk_start_review_from_the_queue(client, call, samr_staff):
    apps = [make_application(state=S.SUBMITTED) for _ in range(2)]
    qualified = make_application(state=S.QUALIFIED)
    client.force_login(samr_staff)
    response = client.post(
        reverse("applications:queue_bulk"),
        {"ids": [a.pk for a in apps] + [qualified.pk], "action": "start_review", "next": "/x/"},
        follow=False,
    )
    assert response["Location"] == "/x/"
    assert {reload(a).state for a in apps} == {S.QUALIFICATION_REVIEW}
    assert reload(qualified).state == S.QUALIFIED


@pytest.mark.parametrize("rows", [5, 50])
def test_the_queue_query_count_is_constant(
    client, call, samr_staff, django_assert_max_num_queries, rows
):
    towns = list(Town.objects.all()[:3])
    for n in range(rows):
        make_application(
            state=[S.SUBMITTED, S.QUALIFICATION_REVIEW, S.QUALIFIED][n % 3],
            enterprise=EnterpriseFactory(town=towns[n % 3]),
            with_files=False,
        )
    client.force_login(samr_staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("applications:queue"), {"q": "智能", "sort": "waiting"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_my_applications_query_count_is_constant(
    client, call, enterprise, enterprise_user, django_assert_max_num_queries, rows
):
    for n in range(rows):
        make_application(
            state=[S.DRAFT, S.SUPPLEMENT_REQUESTED][n % 2],
            enterprise=enterprise,
            user=enterprise_user,
            with_files=False,
        )
    client.force_login(enterprise_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("applications:mine"))
    assert response.status_code == 200


def test_the_export_has_the_filtered_rows(client, call, samr_staff):
    lock = make_application(
        state=S.SUBMITTED,
        enterprise=EnterpriseFactory(name="东莞市长安精密模具有限公司"),
        product_name="智能门锁",
    )
    make_application(state=S.QUALIFIED, product_name="蓝牙耳机")
    client.force_login(samr_staff)
    response = client.get(reverse("applications:queue_export"), {"state": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # header + one
    assert rows[1][0] == lock.reference
    assert rows[1][2] == "东莞市长安精密模具有限公司"
    assert rows[1][6] == "智能门锁"
    assert rows[1][11] == 0


@pytest.mark.parametrize("rows", [5, 50])
def test_the_export_query_count_is_constant(
    client, call, samr_staff, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        make_application(state=S.SUBMITTED, with_files=False)
    client.force_login(samr_staff)
    # 6 for the export, 3 for its audit event (organisation, chain head, insert)
    with django_assert_max_num_queries(10):  # +1 on PostgreSQL: the audit chain lock
        response = client.get(reverse("applications:queue_export"))
    assert response.status_code == 200
    assert Application.objects.count() == rows


def test_the_staff_panel_counts_states_and_overdue_items_in_one_query(
    call, samr_staff, django_assert_num_queries
):
    from applications.models import OpinionRequest, SupplementRequest
    from applications.selectors import department_panel, staff_panel
    from tests.factories.applications import make_department

    late = make_application(state=S.SUPPLEMENT_REQUESTED)
    SupplementRequest.objects.filter(application=late).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    make_application(state=S.SUPPLEMENT_REQUESTED)  # not yet due
    review = make_application(state=S.QUALIFICATION_REVIEW)
    department, department_user = make_department()
    for days in (-2, 3):
        OpinionRequest.objects.create(
            application=review if days < 0 else make_application(state=S.QUALIFICATION_REVIEW),
            department=department,
            due_date=timezone.localdate() + dt.timedelta(days=days),
            requested_by=samr_staff,
        )
    with django_assert_num_queries(1):
        panel = staff_panel(samr_staff)
    counts = {value: n for value, _label, n in panel["counts"]}
    assert counts["supplement_requested"] == 2
    assert counts["qualification_review"] == 2
    assert (panel["overdue_supplements"], panel["overdue_opinions"]) == (1, 1)
    assert department_panel(department_user) == {"waiting": 2, "overdue": 1}
