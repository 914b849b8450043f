"""The alliance's pages do what their users need: forms refuse bad input with a clear message
and change nothing; each role's page shows what it should (and only that)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from alliance import services
from alliance.enums import ApplicationState, CallState
from alliance.forms import materials_from_text
from alliance.models import AllianceCall, InstitutionApplication, ListComment
from tests.factories import make_member
from tests.factories.alliance import (
    consulting_call,
    end_comment_period,
    established_alliance,
    industry,
    institution_with_user,
    make_application,
    make_call,
    reviewing_call,
    user_of,
)
from tests.factories.core import make_pdf_upload

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- calls ------------------------------------------------------------------------------------------


def test_the_materials_list_is_written_one_name_a_line_and_codes_are_made_up():
    assert materials_from_text("营业执照\n\n诚信承诺书\n其他 材料") == [
        {"code": "m1", "label": "营业执照"},
        {"code": "commitment", "label": "诚信承诺书"},  # a default label keeps its code
        {"code": "m3", "label": "其他 材料"},
    ]


def test_editing_the_materials_keeps_the_codes_of_unchanged_names():
    existing = [{"code": "m1", "label": "甲"}, {"code": "m2", "label": "乙"}]
    assert materials_from_text("新材料\n乙\n甲", existing=existing) == [
        {"code": "m3", "label": "新材料"},  # m1 and m2 are taken by the unchanged names
        {"code": "m2", "label": "乙"},
        {"code": "m1", "label": "甲"},
    ]


def test_the_call_form_refuses_a_past_deadline_and_duplicate_materials(client, samr_staff):
    client.force_login(samr_staff)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("alliance:call_create"),
        {
            "title": "通知",
            "year": "2026",
            "criteria": "条件",
            "required_materials": "甲\n乙\n甲",
            "deadline": past,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["deadline"] == ["The deadline must be in the future."]
    assert errors["required_materials"] == ["“甲” is listed twice."]
    assert not AllianceCall.objects.exists()


def test_staff_create_a_call_with_the_default_materials_prefilled(client, samr_staff):
    client.force_login(samr_staff)
    page = client.get(reverse("alliance:call_create"))
    html = page.content.decode()
    assert "营业执照或事业单位法人证书\n" in html
    assert "business_licence" not in html
    future = (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("alliance:call_create"),
        {
            "title": "2026年度通知",
            "year": "2026",
            "criteria": "条件",
            "required_materials": page.context["form"].initial["required_materials"],
            "deadline": future,
        },
    )
    call = AllianceCall.objects.get()
    assert response["Location"] == reverse("alliance:call_detail", args=[call.pk])
    assert call.state == CallState.DRAFT
    assert len(call.required_materials) == 4


def test_closing_before_the_deadline_shows_why(client, samr_staff):
    call = make_call(by=samr_staff)
    client.force_login(samr_staff)
    response = client.post(reverse("alliance:call_close", args=[call.pk]), follow=True)
    assert any("can be closed after that" in m for m in _messages(response))
    assert AllianceCall.objects.get(pk=call.pk).state == CallState.OPEN


def test_the_call_page_offers_only_the_actions_of_its_stage(client, samr_staff, auditor):
    call = make_call(by=samr_staff, publish=False)
    client.force_login(samr_staff)
    page = client.get(reverse("alliance:call_detail", args=[call.pk])).content.decode()
    assert 'data-action="publish"' in page
    assert 'data-action="close"' not in page
    services.call_publish(call=call, by=samr_staff)
    page = client.get(reverse("alliance:call_detail", args=[call.pk])).content.decode()
    assert 'data-action="publish"' not in page
    assert 'data-action="close"' in page
    client.force_login(auditor)
    page = client.get(reverse("alliance:call_detail", args=[call.pk])).content.decode()
    assert "data-actions" not in page


def test_the_consultation_form_refuses_a_date_that_is_not_after_today(client, samr_staff):
    call, [application] = reviewing_call(1, by=samr_staff)
    services.application_list_decide(application=application, action="propose", by=samr_staff)
    client.force_login(samr_staff)
    response = client.post(
        reverse("alliance:call_start_consultation", args=[call.pk]),
        {"comment_deadline": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert response.context["consultation_form"].errors["comment_deadline"] == [
        "The comment period must end after today."
    ]
    assert AllianceCall.objects.get(pk=call.pk).state == CallState.REVIEWING


# --- institutions -----------------------------------------------------------------------------------


def test_an_institution_applies_uploads_and_submits_through_the_pages(client, samr_staff):
    call = make_call(by=samr_staff)
    institution, user = institution_with_user()
    client.force_login(user)
    listing = client.get(reverse("alliance:my_applications")).content.decode()
    assert reverse("alliance:application_create", args=[call.pk]) in listing

    response = client.post(
        reverse("alliance:application_create", args=[call.pk]),
        {
            "institution_type": "testing",
            "introduction": "简介",
            "cma_number": "201919001234",
            "cma_scope": "电子产品",
            "industries": [industry("electronics").pk],
        },
    )
    application = InstitutionApplication.objects.get()
    assert response["Location"] == reverse("alliance:my_application_detail", args=[application.pk])

    # Submitting without materials names each missing one
    response = client.post(
        reverse("alliance:my_application_submit", args=[application.pk]), follow=True
    )
    assert any("Missing materials: 营业执照、诚信承诺书." in m for m in _messages(response))

    for code in ("business_licence", "commitment"):
        response = client.post(
            reverse("alliance:my_application_upload", args=[application.pk]),
            {"code": code, "file": make_pdf_upload(f"{code}.pdf")},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("alliance:my_application_submit", args=[application.pk]), follow=True
    )
    application = InstitutionApplication.objects.get()
    assert application.state == ApplicationState.SUBMITTED

    # Now read-only: no edit link, no upload form, and the edit page sends back
    page = response.content.decode()
    assert 'data-form="upload"' not in page
    assert 'data-action="submit"' not in page
    response = client.get(reverse("alliance:my_application_edit", args=[application.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("alliance:my_application_upload", args=[application.pk]),
        {"code": "commitment", "file": make_pdf_upload()},
    )
    assert response.status_code == 400
    assert application.materials.count() == 2


def test_a_second_application_is_refused_with_a_clear_message(client, samr_staff):
    call = make_call(by=samr_staff)
    institution, user = institution_with_user("东莞市第一检测所")
    services.application_create(call=call, institution=institution, by=user)
    client.force_login(user)
    response = client.post(
        reverse("alliance:application_create", args=[call.pk]), {"institution_type": "testing"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "东莞市第一检测所 already has an application for this call; continue that one."
    ]
    assert InstitutionApplication.objects.count() == 1


def test_the_institution_follows_its_status_on_a_timeline_in_chinese_dates(client, samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call)
    services.application_return(application=application, reason="请补充CMA附表", by=samr_staff)
    client.force_login(user_of(application))
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("alliance:my_application_detail", args=[application.pk]))
    html = page.content.decode()
    assert "请补充CMA附表" in html
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in html
    assert "data-timeline" in html
    assert html.count("<time ") == len(page.context["timeline"]) >= 3


def test_another_institution_cannot_see_the_application(client, samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call)
    _other, other_user = institution_with_user()
    client.force_login(other_user)
    url = reverse("alliance:my_application_detail", args=[application.pk])
    assert client.get(url).status_code == 404


# --- staff pages ------------------------------------------------------------------------------------


def test_the_queue_filters_and_counts(client, samr_staff):
    call = make_call(by=samr_staff)
    a = make_application(call=call, name="东莞甲检测中心", industries=["food"])
    b = make_application(call=call, name="东莞乙认证公司", institution_type="certification")
    make_application(call=call, name="东莞丙草稿", submit=False)
    services.application_accept(application=a, by=samr_staff)
    client.force_login(samr_staff)
    url = reverse("alliance:application_queue", args=[call.pk])

    def names(query):
        response = client.get(url, query)
        return [r.institution.name for r in response.context["page_obj"].object_list], response

    listed, response = names({})
    assert sorted(listed) == ["东莞乙认证公司", "东莞甲检测中心"]  # drafts are not listed
    counts = {state: n for state, _label, n in response.context["counts"]}
    assert (counts["submitted"], counts["accepted"]) == (1, 1)
    assert names({"state": "accepted"})[0] == ["东莞甲检测中心"]
    assert names({"institution_type": "certification"})[0] == ["东莞乙认证公司"]
    assert names({"field": "food"})[0] == ["东莞甲检测中心"]
    assert names({"q": "乙认证"})[0] == ["东莞乙认证公司"]
    assert names({"q": b.institution.credit_code.lower()})[0] == ["东莞乙认证公司"]


def test_the_application_page_shows_materials_with_preview_links(client, samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call)
    client.force_login(samr_staff)
    html = client.get(
        reverse("alliance:application_detail", args=[application.pk])
    ).content.decode()
    material = application.materials.get(code="commitment")
    assert f"/core/files/{material.attachment.uuid}/?inline=1" in html
    assert 'data-action="accept"' in html


def test_a_whole_list_objection_is_upheld_against_a_named_institution(client, samr_staff):
    call, [a, b] = consulting_call(2, by=samr_staff)
    comment = services.comment_submit_public(
        call=call, name="王", contact="13800002222", body="异议", is_objection=True
    )
    client.force_login(samr_staff)
    url = reverse("alliance:comment_resolve", args=[comment.pk])
    prefix = f"c{comment.pk}"
    response = client.post(
        url, {f"{prefix}-resolution": "upheld", f"{prefix}-response": "查实"}, follow=True
    )
    assert any("Say which institution" in m for m in _messages(response))
    assert ListComment.objects.get().resolution == "open"
    client.post(
        url,
        {
            f"{prefix}-resolution": "upheld",
            f"{prefix}-response": "查实",
            f"{prefix}-upheld_application": b.pk,
        },
    )
    assert ListComment.objects.get().upheld_application == b


# --- public pages -----------------------------------------------------------------------------------


def test_the_public_call_page_shows_criteria_materials_and_how_to_apply(client, samr_staff):
    call = make_call(by=samr_staff)
    html = client.get(reverse("portal:alliance_call", args=[call.pk])).content.decode()
    assert call.criteria in html
    assert "营业执照" in html
    assert "诚信承诺书" in html
    assert reverse("accounts:register_institution") in html
    draft = make_call(by=samr_staff, publish=False)
    assert client.get(reverse("portal:alliance_call", args=[draft.pk])).status_code == 404


def _public_post(client, call, **overrides):
    data = {"name": "林小姐", "contact": "13812345678", "body": "意见"}
    data.update(overrides)
    return client.post(reverse("portal:alliance_proposed", args=[call.pk]), data)


def test_the_public_comment_form_needs_name_and_contact(client, samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    response = _public_post(client, call, name="", contact="abc")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["name"] == ["This field is required."]
    assert errors["contact"] == ["Enter a valid e-mail address or an 11-digit mobile."]
    assert not ListComment.objects.exists()
    response = _public_post(client, call)
    assert response.status_code == 302
    assert ListComment.objects.get().public_name == "林小姐"


def test_the_public_comment_form_is_rate_limited(client, samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    for n in range(5):
        assert _public_post(client, call, body=f"意见{n}").status_code == 302
    response = _public_post(client, call, body="第六条")
    assert response.status_code == 429
    assert "Too many comments" in response.content.decode()
    assert ListComment.objects.count() == 5


def test_the_honeypot_drops_robots(client, samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    response = _public_post(client, call, website="http://spam.example")
    assert response.status_code == 302
    assert not ListComment.objects.exists()


def test_a_signed_in_visitor_comments_publicly_too(client, samr_staff, enterprise_user):
    call, _apps = consulting_call(1, by=samr_staff)
    client.force_login(enterprise_user)
    assert _public_post(client, call).status_code == 302
    comment = ListComment.objects.get()
    assert comment.author is None
    assert comment.public_contact == "13812345678"


def test_no_public_comment_after_the_period(client, samr_staff):
    call, _apps = consulting_call(1, by=samr_staff)
    end_comment_period(call, samr_staff)
    page = client.get(reverse("portal:alliance_proposed", args=[call.pk])).content.decode()
    assert 'data-form="public-comment"' not in page
    response = _public_post(client, call)
    assert response.status_code == 400
    assert not ListComment.objects.exists()


def test_the_member_list_separates_disqualified_institutions(client, samr_staff):
    _call, [kept, gone] = established_alliance(2, by=samr_staff)
    services.member_disqualify(member=gone, reason="违规", by=samr_staff)
    response = client.get(reverse("portal:alliance_members"))
    assert [m.pk for m in response.context["members"]] == [kept.pk]
    assert [m.pk for m in response.context["disqualified"]] == [gone.pk]
    html = response.content.decode()
    members_section, _sep, disqualified_section = html.partition("data-disqualified")
    assert kept.institution.name in members_section
    assert gone.institution.name not in members_section
    assert gone.institution.name in disqualified_section


# --- departments, associations, enterprises ---------------------------------------------------------


def test_a_department_comments_and_sees_the_answer(client, samr_staff):
    call, [application] = consulting_call(1, by=samr_staff)
    user = make_member(Role.DEPARTMENT)
    client.force_login(user)
    response = client.post(
        reverse("alliance:consultation_detail", args=[call.pk]),
        {"application": application.pk, "body": "请核实资质", "is_objection": "on"},
    )
    assert response.status_code == 302
    comment = ListComment.objects.get()
    assert (comment.author, comment.application, comment.is_objection) == (user, application, True)
    services.comment_resolve(
        comment=comment, resolution="dismissed", response="已核实", by=samr_staff
    )
    html = client.get(reverse("alliance:consultation_detail", args=[call.pk])).content.decode()
    assert "已核实" in html


def test_an_association_records_its_recommendation_on_the_page(client, samr_staff):
    from tests.factories.alliance import association_with_user

    _call, [application] = reviewing_call(1, by=samr_staff)
    association, user = association_with_user()
    [assignment] = services.screening_assign(
        application=application, associations=[association], by=samr_staff
    )
    client.force_login(user)
    url = reverse("alliance:screening_detail", args=[assignment.pk])
    response = client.post(url, {"recommendation": "recommend", "reason": ""})
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.recommendation == ""
    response = client.post(url, {"recommendation": "recommend", "reason": "能力强"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.recommendation, assignment.reason) == ("recommend", "能力强")


def test_an_enterprise_rates_on_the_page(client, samr_staff, enterprise_user):
    _call, [member] = established_alliance(1, by=samr_staff)
    client.force_login(enterprise_user)
    url = reverse("alliance:rating_edit", args=[member.pk])
    assert client.post(url, {"score": "9"}).status_code == 400
    assert client.post(url, {"score": "3", "comment": "一般"}).status_code == 302
    assert client.post(url, {"score": "5"}).status_code == 302
    rows = client.get(reverse("alliance:rating_list")).context["rows"]
    assert [(m.pk, r.score) for m, r in rows] == [(member.pk, 5)]


# --- menu and dashboard -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.SAMR_STAFF, "alliance:call_list"),
        (Role.AUDITOR, "alliance:call_list"),
        (Role.INSTITUTION, "alliance:my_applications"),
        (Role.ASSOCIATION, "alliance:screening_list"),
        (Role.DEPARTMENT, "alliance:consultation_list"),
        (Role.ENTERPRISE, "alliance:rating_list"),
    ],
)
def test_each_role_has_its_menu_entry_and_panel(client, role, url_name, samr_staff):
    consulting_call(1, by=samr_staff)
    client.force_login(make_member(role))
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse(url_name)}"' in html
    if role != Role.AUDITOR:
        assert 'data-panel="alliance"' in html


def test_the_staff_panel_counts_what_waits(client, samr_staff):
    call = make_call(by=samr_staff)
    make_application(call=call)
    make_application(call=call)
    client.force_login(samr_staff)
    panel = next(
        p
        for p in client.get(reverse("accounts:dashboard")).context["panels"]
        if p["template"] == "alliance/panels/staff.html"
    )
    assert panel["context"]["call"].pk == call.pk
    assert panel["context"]["call"].submitted == 2


def test_an_institution_dashboard_shows_its_application_status(client, samr_staff):
    call = make_call(by=samr_staff)
    application = make_application(call=call)
    client.force_login(user_of(application))
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("alliance:my_application_detail", args=[application.pk]) in html
    assert 'data-state="submitted"' in html


def test_the_objection_resolver_has_no_default_and_requires_a_choice(client, samr_staff):
    # Given an objection against one proposed institution
    call, [a] = consulting_call(1, by=samr_staff)
    comment = services.comment_submit_public(
        call=call, name="王", contact="13800002222", body="异议", is_objection=True, application=a
    )
    client.force_login(samr_staff)
    prefix = f"c{comment.pk}"

    # Then the list page offers an empty first choice, selected
    html = client.get(reverse("alliance:comment_list", args=[call.pk])).content.decode()
    select = html[html.index(f'name="{prefix}-resolution"') :]
    select = select[: select.index("</select>")]
    assert select.index('<option value="" selected>') < select.index('value="upheld"')

    # And resolving without a choice is refused with a clear message and nothing changes
    response = client.post(
        reverse("alliance:comment_resolve", args=[comment.pk]),
        {f"{prefix}-resolution": "", f"{prefix}-response": "查实"},
        follow=True,
    )
    assert any("Choose how the comment is resolved." in m for m in _messages(response))
    comment.refresh_from_db()
    assert (comment.resolution, comment.response) == ("open", "")


def test_the_institution_timeline_hides_staff_names_internal_steps_and_repeated_saves(
    client, samr_staff
):
    # Given an application saved several times (created + two files), submitted, accepted by a
    # named staff member and sent to an association for screening
    from alliance import selectors
    from dgyp.enums import AuditEventType
    from tests.factories.alliance import assign_and_recommend

    call = make_call(by=samr_staff)
    application = make_application(call=call)
    services.application_accept(application=application, by=samr_staff)
    assign_and_recommend(application, samr_staff)
    institution_user = user_of(application)

    # Then staff keep the full timeline, with names
    full = selectors.application_timeline(application=application)
    assert [e.event_type for e in full] == [
        AuditEventType.ALLIANCE_APPLICATION_SAVED,
        AuditEventType.ALLIANCE_APPLICATION_SAVED,
        AuditEventType.ALLIANCE_APPLICATION_SAVED,
        AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
        AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
        AuditEventType.ALLIANCE_SCREENING_ASSIGNED,
    ]
    assert samr_staff.get_full_name() in full[-1].actor_label

    # And the institution sees one save, its own steps and the programme office
    mine = selectors.application_timeline(application=application, for_institution=True)
    assert [(e.event_type, e.to_state) for e in mine] == [
        (AuditEventType.ALLIANCE_APPLICATION_SAVED, full[2].to_state),
        (AuditEventType.ALLIANCE_APPLICATION_TRANSITION, ApplicationState.SUBMITTED),
        (AuditEventType.ALLIANCE_APPLICATION_TRANSITION, ApplicationState.ACCEPTED),
    ]
    assert mine[0].pk == full[2].pk
    assert institution_user.get_full_name() in mine[1].actor_label
    assert mine[2].actor_label == "Programme office"

    # And the institution's page shows no staff name
    client.force_login(institution_user)
    page = client.get(reverse("alliance:my_application_detail", args=[application.pk]))
    html = page.content.decode()
    assert samr_staff.get_full_name() not in html
    assert html.count("data-timeline-actor") == 3


def test_the_call_page_shows_material_names_without_codes(client, samr_staff):
    call = make_call(by=samr_staff)
    client.force_login(samr_staff)
    html = client.get(reverse("alliance:call_detail", args=[call.pk])).content.decode()
    for material in call.required_materials:
        assert f"<li>{material['label']}</li>" in html
        assert material["code"] not in html.replace(f'data-material="{material["code"]}"', "")


def test_irreversible_staff_actions_ask_for_confirmation(client, samr_staff):
    # Given a consulting call, a submitted application and an alliance member
    call, _apps = consulting_call(1, by=samr_staff)
    application = make_application(call=make_call(by=samr_staff))
    _call, [member] = established_alliance(1, by=samr_staff)
    client.force_login(samr_staff)
    pages = [
        (reverse("alliance:call_detail", args=[call.pk]), "alliance:call_establish", call.pk),
        (
            reverse("alliance:application_detail", args=[application.pk]),
            "alliance:application_return",
            application.pk,
        ),
        (
            reverse("alliance:member_detail", args=[member.pk]),
            "alliance:member_disqualify",
            member.pk,
        ),
    ]
    # Then each of these forms carries a question for the browser to ask
    for url, action, pk in pages:
        html = client.get(url).content.decode()
        form = html[html.index(f'action="{reverse(action, args=[pk])}"') :]
        form = form[: form.index(">")]
        assert 'data-confirm="' in form, action
        assert 'data-confirm=""' not in form, action
