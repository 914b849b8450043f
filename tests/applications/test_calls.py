"""Calls (申报批次): created as drafts, edited, published on the public site (with a link to the
call's page and a notice to enterprises), closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications import services
from applications.enums import DEFAULT_CALL_MATERIALS
from applications.models import Call
from catalog.models import CatalogEdition
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import make_member
from tests.factories.applications import make_application, make_call, published_edition

pytestmark = pytest.mark.django_db


def _create(by, **kwargs):
    today = timezone.localdate()
    values = {
        "year": 2026,
        "title": "2026年度东莞优品申报",
        "edition": published_edition(),
        "notice": "现开展2026年度东莞优品申报工作。",
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=30),
    }
    values.update(kwargs)
    return services.call_create(by=by, **values)


def test_staff_create_a_draft_call_with_the_default_materials(samr_staff):
    call = _create(samr_staff)
    assert call.state == "draft"
    assert call.required_materials == DEFAULT_CALL_MATERIALS
    event = AuditEvent.objects.get(event_type="application.call_created")
    assert event.payload == {"year": 2026, "edition": call.edition_id}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"closes_on": dt.date(2026, 1, 1)},
        {"supplement_working_days": 0},
        {"title": " "},
    ],
)
def test_bad_calls_are_refused(samr_staff, kwargs):
    with pytest.raises(DomainError):
        _create(samr_staff, **kwargs)
    assert not Call.objects.exists()


def test_a_title_is_unique_within_the_year(samr_staff):
    _create(samr_staff)
    with pytest.raises(DomainError):
        _create(samr_staff)


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.AUDITOR, Role.SAST_STAFF])
def test_only_samr_staff_create_calls(role):
    with pytest.raises(PermissionDenied):
        _create(make_member(role))


def test_publishing_puts_the_call_on_the_public_site_and_tells_enterprises(
    samr_staff, enterprise_user, django_capture_on_commit_callbacks
):
    call = _create(samr_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.call_publish(call=call, by=samr_staff)
    call = Call.objects.get(pk=call.pk)
    assert call.state == "published"
    assert call.published_at is not None
    notice = PublicNotice.objects.get(kind="call")
    assert (notice.title, notice.subject_id) == (call.title, str(call.pk))
    assert notice.link == f"/calls/{call.pk}/"
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.key == f"call.published:{call.pk}"
    assert note.url == "/applications/"


def test_a_call_needs_the_published_catalogue(samr_staff):
    edition = published_edition()
    draft_edition = CatalogEdition.objects.create(
        year=2027,
        title="2027年度目录",
        suggestion_deadline=dt.date(2026, 10, 31),
        state="consulting",
        created_by=samr_staff,
    )
    call = _create(samr_staff, edition=draft_edition)
    with pytest.raises(DomainError):
        services.call_publish(call=call, by=samr_staff)
    assert Call.objects.get(pk=call.pk).state == "draft"
    assert edition.state == "published"


def test_a_call_whose_closing_date_passed_is_not_published(samr_staff):
    call = make_call(state="draft", opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 2, 1))
    with pytest.raises(DomainError):
        services.call_publish(call=call, by=samr_staff)


@pytest.mark.parametrize("state", ["published", "closed"])
def test_publish_only_a_draft(samr_staff, state):
    call = make_call(state=state)
    with pytest.raises(TransitionNotAllowed):
        services.call_publish(call=call, by=samr_staff)


def test_closing_stops_new_applications(samr_staff, enterprise, enterprise_user):
    call = make_call()
    draft = make_application(call=call, enterprise=enterprise, user=enterprise_user)
    services.call_close(call=call, by=samr_staff)
    with pytest.raises(services.SubmitRefused):
        services.application_submit(application=draft, by=enterprise_user)
    with pytest.raises(TransitionNotAllowed):
        services.call_close(call=Call.objects.get(pk=call.pk), by=samr_staff)


def test_a_published_call_changes_only_dates_and_text(samr_staff):
    call = make_call()
    with pytest.raises(DomainError):
        services.call_update(
            call=call,
            by=samr_staff,
            title=call.title,
            notice=call.notice,
            opens_on=call.opens_on,
            closes_on=call.closes_on,
            required_materials=[{"code": "x", "label": "新材料", "required": True}],
            checklist=call.checklist,
            supplement_working_days=call.supplement_working_days,
        )
    later = call.closes_on + dt.timedelta(days=7)
    services.call_update(
        call=call,
        by=samr_staff,
        title=call.title,
        notice="延期通知",
        opens_on=call.opens_on,
        closes_on=later,
        required_materials=call.required_materials,
        checklist=call.checklist,
        supplement_working_days=call.supplement_working_days,
    )
    call = Call.objects.get(pk=call.pk)
    assert (call.notice, call.closes_on) == ("延期通知", later)
    event = AuditEvent.objects.filter(event_type="application.call_transition").latest("id")
    assert event.payload == {"changed": ["closes_on", "notice"]}


def test_known_materials_keep_their_codes_when_edited():
    previous = DEFAULT_CALL_MATERIALS
    lines = [previous[1]["label"], "产品照片", previous[0]["label"]]
    result = services.materials_from_labels(lines, previous)
    assert [m["code"] for m in result] == ["certificates", "material_2", "self_evaluation"]


def test_staff_create_and_publish_a_call_through_the_pages(client, samr_staff):
    edition = published_edition()
    client.force_login(samr_staff)
    today = timezone.localdate()
    response = client.post(
        reverse("applications:call_create"),
        {
            "year": 2026,
            "title": "2026年度东莞优品申报（第二批）",
            "edition": edition.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(),
            "notice": "申报通知正文",
            "required_materials": "企业自评报告\n诚信承诺书",
            "checklist": "材料齐全\n真实有效",
            "supplement_working_days": 5,
        },
    )
    call = Call.objects.get()
    assert response["Location"] == reverse("applications:call_detail", args=[call.pk])
    assert [m["label"] for m in call.required_materials] == ["企业自评报告", "诚信承诺书"]
    client.post(reverse("applications:call_publish", args=[call.pk]))
    assert Call.objects.get(pk=call.pk).state == "published"
    public = client.get(reverse("portal:call_detail", args=[call.pk]))
    assert public.status_code == 200
    assert "申报通知正文" in public.content.decode()


def test_the_public_call_page(client):
    call = make_call()
    draft = make_call(state="draft")
    page = client.get(reverse("portal:call_detail", args=[call.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert call.title in body
    assert "智能终端" in body  # a category of the call's catalogue
    assert "data-open" in body
    assert client.get(reverse("portal:call_detail", args=[draft.pk])).status_code == 404
    listing = client.get(reverse("portal:call_list")).content.decode()
    assert call.title in listing
    assert draft.title not in listing
