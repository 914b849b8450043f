"""Every page of applications for every role (and the anonymous visitor): allowed or denied,
and on denial nothing changed. An enterprise sees only its own applications (404 otherwise); a
department only the requests sent to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications import services
from applications.enums import ApplicationState
from applications.models import Application, Call, OpinionRequest
from tests.factories import make_member
from tests.factories.applications import (
    make_application,
    make_call,
    make_department,
    published_edition,
    reload,
    stage_registry,
)
from tests.permissions import ANONYMOUS, all_kinds, client_for, expected_status

pytestmark = pytest.mark.django_db

STAFF = {Role.SAMR_STAFF}
READERS = {Role.SAMR_STAFF, Role.AUDITOR}


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def submitted(call):
    return make_application(state=ApplicationState.SUBMITTED)


@all_kinds
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("applications:mine", {Role.ENTERPRISE}),
        ("applications:queue", READERS),
        ("applications:queue_export", READERS),
        ("applications:call_list", READERS),
        ("applications:call_create", STAFF),
        ("applications:opinion_list", {Role.DEPARTMENT}),
    ],
)
def test_list_pages_by_role(client, kind, name, allowed, call):
    client, _user = client_for(kind, client, make_member)
    assert client.get(reverse(name)).status_code == expected_status(kind, allowed)


@all_kinds
def test_the_review_page_by_role(client, kind, submitted):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:review", args=[submitted.pk]))
    assert response.status_code == expected_status(kind, READERS)


@all_kinds
def test_the_call_page_by_role(client, kind, call):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:call_detail", args=[call.pk]))
    assert response.status_code == expected_status(kind, READERS)


@all_kinds
def test_the_application_page_by_role(client, kind, submitted):
    """The enterprise's own page; a foreign enterprise gets 404, reviewers are sent to review."""
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:detail", args=[submitted.pk]))
    if kind in READERS:
        assert response.status_code == 302
        assert response["Location"] == reverse("applications:review", args=[submitted.pk])
    elif kind == Role.ENTERPRISE:
        assert response.status_code == 404  # another enterprise's application
    else:
        assert response.status_code == expected_status(kind, set())


def test_the_owner_sees_its_application_page(client, submitted):
    client.force_login(submitted.created_by)
    response = client.get(reverse("applications:detail", args=[submitted.pk]))
    assert response.status_code == 200
    assert response.context["application"] == submitted


def test_staff_do_not_see_drafts(client, call, samr_staff):
    draft = make_application()
    client.force_login(samr_staff)
    assert client.get(reverse("applications:review", args=[draft.pk])).status_code == 404


@all_kinds
def test_the_editor_by_role(client, kind, call):
    draft = make_application()
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:edit", args=[draft.pk]))
    if kind == Role.ENTERPRISE:
        assert response.status_code == 404
    else:
        assert response.status_code == expected_status(kind, {Role.ENTERPRISE})


@all_kinds
def test_the_start_page_by_role(client, kind, call):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:start", args=[call.pk]))
    assert response.status_code == expected_status(kind, {Role.ENTERPRISE})


# --- posts: denied roles change nothing ---------------------------------------------------------


def _post_status(client, kind, url, data=None):
    client, _user = client_for(kind, client, make_member)
    return client.post(url, data or {})


REVIEW_POSTS = [
    ("applications:review_start", ApplicationState.SUBMITTED, {}),
    ("applications:review_qualify", ApplicationState.QUALIFICATION_REVIEW, {}),
    ("applications:review_reject", ApplicationState.QUALIFICATION_REVIEW, {"reason": "理由"}),
    (
        "applications:review_supplement",
        ApplicationState.QUALIFICATION_REVIEW,
        {"items": "检验报告", "working_days": "5"},
    ),
    ("applications:review_note", ApplicationState.QUALIFICATION_REVIEW, {"body": "备注"}),
    ("applications:review_checklist", ApplicationState.QUALIFICATION_REVIEW, {}),
]


@all_kinds
@pytest.mark.parametrize(("name", "state", "data"), REVIEW_POSTS)
def test_review_actions_are_for_samr_staff_only(client, kind, call, name, state, data):
    app = make_application(state=state)
    events_before = app.review_notes.count(), app.supplements.count()
    response = _post_status(client, kind, reverse(name, args=[app.pk]), data)
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        return
    assert response.status_code == expected_status(kind, set())
    assert reload(app).state == state
    assert (app.review_notes.count(), app.supplements.count()) == events_before


@all_kinds
def test_opinion_requests_are_sent_by_samr_staff_only(client, kind, call):
    app = make_application(state=ApplicationState.QUALIFICATION_REVIEW)
    department, _ = make_department()
    data = {
        "departments": [department.pk],
        "due_date": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "message": "请反馈",
    }
    response = _post_status(
        client, kind, reverse("applications:review_opinions", args=[app.pk]), data
    )
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        assert OpinionRequest.objects.filter(application=app).count() == 1
    else:
        assert response.status_code == expected_status(kind, set())
        assert not OpinionRequest.objects.exists()


@all_kinds
def test_bulk_actions_are_for_samr_staff_only(client, kind, call):
    app = make_application(state=ApplicationState.QUALIFIED)
    response = _post_status(
        client, kind, reverse("applications:queue_bulk"), {"ids": [app.pk], "action": "hand_over"}
    )
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        assert reload(app).state == ApplicationState.EXPERT_REVIEW
    else:
        assert response.status_code == expected_status(kind, set())
        assert reload(app).state == ApplicationState.QUALIFIED


@all_kinds
@pytest.mark.parametrize("name", ["applications:call_publish", "applications:call_close"])
def test_call_actions_are_for_samr_staff_only(client, kind, name):
    published_edition()
    call = make_call(state="draft" if name.endswith("publish") else "published")
    before = call.state
    response = _post_status(client, kind, reverse(name, args=[call.pk]))
    after = Call.objects.get(pk=call.pk).state
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 302
        assert after != before
    else:
        assert response.status_code == expected_status(kind, set())
        assert after == before


@all_kinds
def test_the_call_edit_form_is_for_samr_staff_only(client, kind):
    call = make_call(state="draft")
    response = _post_status(
        client, kind, reverse("applications:call_detail", args=[call.pk]), {"title": "改名"}
    )
    if kind == Role.SAMR_STAFF:
        assert response.status_code == 200  # the form, with errors (incomplete)
    else:
        assert response.status_code == expected_status(kind, set())
    assert Call.objects.get(pk=call.pk).title == call.title


ENTERPRISE_POSTS = [
    ("applications:withdraw", ApplicationState.SUBMITTED, {}),
    ("applications:autosave", ApplicationState.DRAFT, {"version": "1", "product_name": "X"}),
    ("applications:edit", ApplicationState.DRAFT, {"version": "1", "product_name": "X"}),
]


@pytest.mark.parametrize("kind", [ANONYMOUS, *[r.value for r in Role]])
@pytest.mark.parametrize(("name", "state", "data"), ENTERPRISE_POSTS)
def test_enterprise_actions_by_anyone_but_the_owner_change_nothing(
    client, kind, call, name, state, data
):
    app = make_application(state=state, product_name="原名")
    response = _post_status(client, kind, reverse(name, args=[app.pk]), data)
    if kind == Role.ENTERPRISE:
        assert response.status_code == 404
    else:
        assert response.status_code == expected_status(kind, set())
    app = reload(app)
    assert (app.state, app.product_name) == (state, "原名")


def test_the_owner_withdraws_from_the_page(client, call):
    app = make_application(state=ApplicationState.SUBMITTED)
    client.force_login(app.created_by)
    response = client.post(reverse("applications:withdraw", args=[app.pk]), {"reason": "停产"})
    assert response.status_code == 302
    assert reload(app).state == ApplicationState.WITHDRAWN


# --- departments --------------------------------------------------------------------------------


@pytest.fixture
def opinion(call, samr_staff):
    app = make_application(state=ApplicationState.QUALIFICATION_REVIEW)
    department, department_user = make_department()
    (request,) = services.opinion_requests_send(
        application=app,
        departments=[department],
        due_date=timezone.localdate() + dt.timedelta(days=3),
        message="请反馈",
        by=samr_staff,
    )
    return request, department_user


@all_kinds
def test_the_answer_page_by_role(client, kind, opinion):
    request, _ = opinion
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("applications:opinion", args=[request.pk]))
    if kind == Role.DEPARTMENT:
        assert response.status_code == 404  # a department the request was not sent to
    else:
        assert response.status_code == expected_status(kind, {Role.DEPARTMENT})


def test_the_department_sees_name_product_and_category_but_not_the_materials(client, opinion):
    request, department_user = opinion
    client.force_login(department_user)
    page = client.get(reverse("applications:opinion", args=[request.pk])).content.decode()
    app = request.application
    assert app.enterprise.name in page
    assert app.product_name in page
    assert app.category.name in page
    assert "/core/files/" not in page
    assert app.models_specs not in page
    listing = client.get(reverse("applications:opinion_list")).content.decode()
    assert app.enterprise.name in listing
    # and cannot read the application's files
    material = app.materials.first()
    file_url = reverse("core:attachment_download", args=[material.attachment.uuid])
    assert client.get(file_url).status_code == 404


def test_another_department_does_not_see_the_request(client, opinion):
    request, _ = opinion
    _, other_user = make_department("东莞市商务局")
    client.force_login(other_user)
    assert (
        request.application.enterprise.name
        not in client.get(reverse("applications:opinion_list")).content.decode()
    )
    response = client.post(
        reverse("applications:opinion", args=[request.pk]), {"answer": "no_adverse"}
    )
    assert response.status_code == 404
    assert not OpinionRequest.objects.get(pk=request.pk).is_answered


def test_the_department_answers_on_the_page(client, opinion):
    request, department_user = opinion
    client.force_login(department_user)
    response = client.post(
        reverse("applications:opinion", args=[request.pk]),
        {"answer": "adverse", "details": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["details"]
    response = client.post(
        reverse("applications:opinion", args=[request.pk]),
        {"answer": "adverse", "details": "2025年被行政处罚一次"},
    )
    assert response.status_code == 302
    request = OpinionRequest.objects.get(pk=request.pk)
    assert (request.answer, request.details) == ("adverse", "2025年被行政处罚一次")


# --- files ----------------------------------------------------------------------------------


@all_kinds
def test_who_reads_an_application_file(client, kind, submitted):
    material = submitted.materials.first()
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("core:attachment_download", args=[material.attachment.uuid]))
    expected = 200 if kind in READERS else 404
    if kind == ANONYMOUS:
        expected = 302  # to the login page
    assert response.status_code == expected


def test_the_enterprise_reads_its_own_files(client, submitted):
    material = submitted.materials.first()
    client.force_login(submitted.created_by)
    url = reverse("core:attachment_download", args=[material.attachment.uuid])
    assert client.get(url).status_code == 200


# --- menu and dashboard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.ENTERPRISE, "applications:mine"),
        (Role.SAMR_STAFF, "applications:queue"),
        (Role.AUDITOR, "applications:queue"),
        (Role.DEPARTMENT, "applications:opinion_list"),
    ],
)
def test_menu_entries_by_role(client, call, role, url_name):
    with stage_registry():
        client.force_login(make_member(role))
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert f'href="{reverse(url_name)}"' in page


def test_dashboard_panels(client, call, samr_staff, enterprise_user, enterprise):
    make_application(state=ApplicationState.SUBMITTED)
    make_application(enterprise=enterprise, user=enterprise_user, product_name="我的草稿")
    with stage_registry():
        client.force_login(samr_staff)
        staff_page = client.get(reverse("accounts:dashboard")).content.decode()
        assert 'data-count="submitted"><span class="stat-value">1<' in staff_page
        client.force_login(enterprise_user)
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "我的草稿" in page
        assert f'href="{reverse("applications:start", args=[call.pk])}"' in page
        _, department_user = make_department()
        client.force_login(department_user)
        assert (
            'data-panel="applications"'
            in client.get(reverse("accounts:dashboard")).content.decode()
        )
    assert Application.objects.count() == 2
