"""Who may open each alliance page and send each form — every role and the anonymous visitor —
and that a denied (or not-found) POST changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from alliance import services
from alliance.models import (
    AllianceCall,
    AllianceMember,
    ApplicationMaterial,
    InstitutionApplication,
    InstitutionRating,
    ListComment,
    ScreeningAssignment,
    Violation,
)
from dgyp.models import Attachment, AuditEvent, Notification, PublicNotice
from tests.factories import make_member
from tests.factories.alliance import (
    association_with_user,
    consulting_call,
    end_comment_period,
    established_alliance,
    make_application,
    make_call,
    pass_deadline,
    reviewing_call,
)
from tests.factories.core import make_pdf_upload
from tests.permissions import ANONYMOUS, CLIENT_KINDS, all_kinds, client_for

pytestmark = pytest.mark.django_db

STAFF = {Role.SAMR_STAFF}
READERS = {Role.SAMR_STAFF, Role.AUDITOR}
EVERYONE = set(CLIENT_KINDS)


# --- the objects a page needs, built through the services ----------------------------------------


def _build(need: str, staff) -> dict[str, Any]:
    w: dict[str, Any] = {}
    if need == "none":
        return w
    if need == "draft":
        w["call"] = make_call(by=staff, publish=False)
    elif need in ("open", "open_past"):
        call = make_call(by=staff)
        w["application"] = make_application(call=call)
        w["call"] = pass_deadline(call, staff) if need == "open_past" else call
    elif need in ("reviewing", "reviewing_proposed"):
        call, [application] = reviewing_call(1, by=staff)
        association, _user = association_with_user()
        [w["assignment"]] = services.screening_assign(
            application=application, associations=[association], by=staff
        )
        w["association"] = association
        if need == "reviewing_proposed":
            services.screening_record(
                assignment=w["assignment"], recommendation="recommend", reason="好", by=_user
            )
            application = services.application_list_decide(
                application=application, action="propose", by=staff
            )
        w.update(call=call, application=application)
    elif need in ("consulting", "consulting_comment", "consulting_ended"):
        call, [application] = consulting_call(1, by=staff)
        if need == "consulting_comment":
            w["comment"] = services.comment_submit_public(
                call=call, name="林", contact="13800001111", body="意见", client_ip="10.9.9.9"
            )
        if need == "consulting_ended":
            call = end_comment_period(call, staff)
        w.update(call=call, application=application)
    elif need == "member":
        call, [member] = established_alliance(1, by=staff)
        w.update(call=call, member=member, application=member.application)
    else:  # pragma: no cover
        raise AssertionError(need)
    return w


def _snapshot() -> tuple:
    """Everything a POST of these pages could change."""
    return (
        Notification.objects.count(),
        PublicNotice.objects.count(),
        Attachment.objects.count(),
        ApplicationMaterial.objects.count(),
        Violation.objects.count(),
        InstitutionRating.objects.count(),
        ScreeningAssignment.objects.count(),
        tuple(ListComment.objects.order_by("pk").values_list("pk", "resolution")),
        tuple(
            AllianceCall.objects.order_by("pk").values_list(
                "state", "title", "deadline", "comment_deadline"
            )
        ),
        tuple(
            InstitutionApplication.objects.order_by("pk").values_list("pk", "state", "introduction")
        ),
        tuple(ScreeningAssignment.objects.order_by("pk").values_list("recommendation", "reason")),
        tuple(AllianceMember.objects.order_by("pk").values_list("pk", "state")),
    )


# --- GET -----------------------------------------------------------------------------------------

Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


def _call(w):
    return {"pk": w["call"].pk}


def _app(w):
    return {"pk": w["application"].pk}


# url name, what it needs, its kwargs, roles allowed past the role check, status for them
GET_PAGES: list[tuple[str, str, Kwargs, set[str], int]] = [
    ("alliance:call_list", "none", lambda w: {}, READERS, 200),
    ("alliance:call_create", "none", lambda w: {}, STAFF, 200),
    ("alliance:call_detail", "open", _call, READERS, 200),
    ("alliance:call_edit", "draft", _call, STAFF, 200),
    ("alliance:application_queue", "open", _call, READERS, 200),
    ("alliance:comment_list", "consulting_comment", _call, READERS, 200),
    ("alliance:application_detail", "open", _app, READERS, 200),
    ("alliance:member_list", "none", lambda w: {}, READERS, 200),
    ("alliance:member_detail", "member", lambda w: {"pk": w["member"].pk}, READERS, 200),
    ("alliance:my_applications", "none", lambda w: {}, {Role.INSTITUTION}, 200),
    (
        "alliance:application_create",
        "open",
        lambda w: {"call_pk": w["call"].pk},
        {Role.INSTITUTION},
        200,
    ),
    # Another institution's application: not found for a fresh institution user
    ("alliance:my_application_detail", "open", _app, {Role.INSTITUTION}, 404),
    ("alliance:my_application_edit", "open", _app, {Role.INSTITUTION}, 404),
    ("alliance:screening_list", "none", lambda w: {}, {Role.ASSOCIATION}, 200),
    # Another association's assignment: not found
    (
        "alliance:screening_detail",
        "reviewing",
        lambda w: {"pk": w["assignment"].pk},
        {Role.ASSOCIATION},
        404,
    ),
    ("alliance:consultation_list", "none", lambda w: {}, {Role.DEPARTMENT}, 200),
    ("alliance:consultation_detail", "consulting", _call, {Role.DEPARTMENT}, 200),
    ("alliance:rating_list", "member", lambda w: {}, {Role.ENTERPRISE}, 200),
    (
        "alliance:rating_edit",
        "member",
        lambda w: {"member_pk": w["member"].pk},
        {Role.ENTERPRISE},
        200,
    ),
    ("portal:alliance_index", "member", lambda w: {}, EVERYONE, 200),
    ("portal:alliance_call", "open", _call, EVERYONE, 200),
    ("portal:alliance_proposed", "consulting", _call, EVERYONE, 200),
    ("portal:alliance_members", "member", lambda w: {}, EVERYONE, 200),
]


@all_kinds
@pytest.mark.parametrize(
    ("name", "need", "kwargs", "allowed", "status"),
    GET_PAGES,
    ids=[p[0] for p in GET_PAGES],
)
def test_get_page(kind, name, need, kwargs, allowed, status, client, samr_staff):
    w = _build(need, samr_staff)
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse(name, kwargs=kwargs(w)))
    if kind in allowed:
        assert response.status_code == status
    elif kind == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


# --- POST ----------------------------------------------------------------------------------------

_FUTURE = (timezone.localtime() + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
_LATER_DATE = (timezone.localdate() + dt.timedelta(days=9)).isoformat()

Data = Callable[[dict[str, Any]], dict[str, Any]]

# url name, need, kwargs, data, roles allowed, outcome for them ("changed" or a status)
POSTS: list[tuple[str, str, Kwargs, Data, set[str], str | int]] = [
    (
        "alliance:call_create",
        "none",
        lambda w: {},
        lambda w: {
            "title": "新通知",
            "year": "2026",
            "criteria": "条件",
            "required_materials": "营业执照",
            "deadline": _FUTURE,
        },
        STAFF,
        "changed",
    ),
    (
        "alliance:call_edit",
        "draft",
        _call,
        lambda w: {
            "title": "改",
            "year": "2026",
            "criteria": "条件",
            "required_materials": "营业执照",
            "deadline": _FUTURE,
        },
        STAFF,
        "changed",
    ),
    ("alliance:call_publish", "draft", _call, lambda w: {}, STAFF, "changed"),
    ("alliance:call_deadline", "open", _call, lambda w: {"deadline": _FUTURE}, STAFF, "changed"),
    ("alliance:call_close", "open_past", _call, lambda w: {}, STAFF, "changed"),
    (
        "alliance:call_start_consultation",
        "reviewing_proposed",
        _call,
        lambda w: {"comment_deadline": _LATER_DATE},
        STAFF,
        "changed",
    ),
    (
        "alliance:call_comment_deadline",
        "consulting",
        _call,
        lambda w: {"comment_deadline": _LATER_DATE},
        STAFF,
        "changed",
    ),
    ("alliance:call_establish", "consulting_ended", _call, lambda w: {}, STAFF, "changed"),
    (
        "alliance:application_bulk",
        "reviewing",
        _call,
        lambda w: {"action": "propose", "applications": [w["application"].pk]},
        STAFF,
        "changed",
    ),
    ("alliance:application_accept", "open", _app, lambda w: {}, STAFF, "changed"),
    (
        "alliance:application_return",
        "open",
        _app,
        lambda w: {"reason": "材料不全"},
        STAFF,
        "changed",
    ),
    (
        "alliance:application_assign",
        "reviewing",
        _app,
        lambda w: {"associations": [association_with_user()[0].pk]},
        STAFF,
        "changed",
    ),
    (
        "alliance:application_list_decide",
        "reviewing",
        lambda w: {"pk": w["application"].pk, "action": "not_propose"},
        lambda w: {},
        STAFF,
        "changed",
    ),
    (
        "alliance:comment_resolve",
        "consulting_comment",
        lambda w: {"pk": w["comment"].pk},
        lambda w: {
            f"c{w['comment'].pk}-resolution": "noted",
            f"c{w['comment'].pk}-response": "收悉",
        },
        STAFF,
        "changed",
    ),
    (
        "alliance:violation_record",
        "member",
        lambda w: {"pk": w["member"].pk},
        lambda w: {"description": "违规", "found_on": timezone.localdate().isoformat()},
        STAFF,
        "changed",
    ),
    (
        "alliance:member_disqualify",
        "member",
        lambda w: {"pk": w["member"].pk},
        lambda w: {"reason": "违规"},
        STAFF,
        "changed",
    ),
    (
        "alliance:application_create",
        "open",
        lambda w: {"call_pk": w["call"].pk},
        lambda w: {"institution_type": "testing", "introduction": "简介"},
        {Role.INSTITUTION},
        "changed",
    ),
    (
        "alliance:my_application_edit",
        "open",
        _app,
        lambda w: {"introduction": "改写"},
        {Role.INSTITUTION},
        404,
    ),
    (
        "alliance:my_application_upload",
        "open",
        _app,
        lambda w: {"code": "commitment", "file": make_pdf_upload()},
        {Role.INSTITUTION},
        404,
    ),
    ("alliance:my_application_submit", "open", _app, lambda w: {}, {Role.INSTITUTION}, 404),
    (
        "alliance:screening_detail",
        "reviewing",
        lambda w: {"pk": w["assignment"].pk},
        lambda w: {"recommendation": "recommend", "reason": "好"},
        {Role.ASSOCIATION},
        404,
    ),
    (
        "alliance:consultation_detail",
        "consulting",
        _call,
        lambda w: {"body": "部门意见"},
        {Role.DEPARTMENT},
        "changed",
    ),
    (
        "alliance:rating_edit",
        "member",
        lambda w: {"member_pk": w["member"].pk},
        lambda w: {"score": "4", "comment": "好"},
        {Role.ENTERPRISE},
        "changed",
    ),
    (
        "portal:alliance_proposed",
        "consulting",
        _call,
        lambda w: {"name": "林", "contact": "lin@example.cn", "body": "公众意见"},
        EVERYONE,
        "changed",
    ),
]


@all_kinds
@pytest.mark.parametrize(
    ("name", "need", "kwargs", "data", "allowed", "outcome"),
    POSTS,
    ids=[p[0] for p in POSTS],
)
def test_post(kind, name, need, kwargs, data, allowed, outcome, client, samr_staff):
    w = _build(need, samr_staff)
    client, _user = client_for(kind, client, make_member)
    payload = data(w)
    before = _snapshot()
    events_before = AuditEvent.objects.count()
    response = client.post(reverse(name, kwargs=kwargs(w)), payload)
    after = _snapshot()
    if kind in allowed and outcome == "changed":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert after != before
        assert AuditEvent.objects.count() > events_before
        return
    if kind in allowed:
        assert response.status_code == outcome
    elif kind == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403
    assert after == before
    assert AuditEvent.objects.count() == events_before


@all_kinds
@pytest.mark.parametrize(
    "name",
    ["alliance:call_publish", "alliance:call_close", "alliance:call_establish"],
)
def test_action_endpoints_refuse_get(kind, name, client, samr_staff):
    call = make_call(by=samr_staff, publish=False)
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse(name, args=[call.pk]))
    assert response.status_code == 405
    assert AllianceCall.objects.get(pk=call.pk).state == "draft"
