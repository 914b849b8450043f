"""质量技术服务联盟, end to end in a browser: staff publish a call, an institution applies with its
materials, staff accept it and an association recommends it, the proposed list goes out for
comment, a member of the public comments, staff resolve it and establish the alliance, and the
institution appears on the public member list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import Role
from alliance import services
from alliance.enums import ApplicationState, CallState
from alliance.models import AllianceCall, InstitutionApplication, ListComment
from tests.factories import make_member
from tests.factories.accounts import PASSWORD
from tests.factories.alliance import association_with_user, industry, institution_with_user
from tests.factories.core import MINIMAL_PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INSTITUTION = "东莞市松山湖电子产品检测中心"
TITLE = "2026年度“东莞优品”质量技术服务联盟机构申报通知"


def _log_out(page) -> None:
    page.locator("header.site-header form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("header.site-header a[href='/accounts/login/']")).to_be_visible()


def _expect_success(page) -> None:
    expect(page.locator(".messages .alert-success")).to_be_visible()


def test_an_alliance_is_built_from_call_to_member_list(page, log_in, tmp_path):
    # Given SAMR staff, an institution with its user, and an industry association with its user
    staff = make_member(Role.SAMR_STAFF, full_name="周静")
    _institution, institution_user = institution_with_user(INSTITUTION, full_name="吴检测")
    association, association_user = association_with_user("东莞市电子行业协会")
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(MINIMAL_PDF)
    commitment = tmp_path / "诚信承诺书.pdf"
    commitment.write_bytes(MINIMAL_PDF)

    # Irreversible actions ask first (data-confirm); Playwright would dismiss the question.
    questions: list[str] = []
    answer = {"accept": True}

    def _answer(dialog):
        questions.append(dialog.message)
        if answer["accept"]:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", _answer)

    # 1. Staff create the call as a draft and publish it
    log_in(staff.username, PASSWORD)
    page.locator("nav#app-nav a[href='/alliance/calls/']").click()
    page.locator("[data-action=new-call]").click()
    page.locator("[name=title]").fill(TITLE)
    page.locator("[name=year]").fill("2026")
    page.locator("[name=criteria]").fill("具有独立法人资格，取得CMA或CNAS资质。")
    page.locator("[name=required_materials]").fill("营业执照\n诚信承诺书")
    deadline = timezone.localtime() + dt.timedelta(days=5)
    page.locator("[name=deadline]").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("[data-form=call] button[type=submit]").click()
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "draft")
    page.locator("[data-action=publish]").click()
    _expect_success(page)
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "open")
    call = AllianceCall.objects.get()
    _log_out(page)

    # 2. The institution applies, uploads both materials and submits
    log_in(institution_user.username, PASSWORD)
    page.locator("nav#app-nav a[href='/alliance/my/applications/']").click()
    page.locator(f"[data-call='{call.pk}'] [data-action=apply]").click()
    page.locator("[name=institution_type]").select_option("testing")
    page.locator("[name=introduction]").fill("本中心拥有检验检测人员80名。")
    page.locator("[name=cma_number]").fill("201919001234")
    page.locator("[name=cma_scope]").fill("电子电器产品")
    page.locator(f"[name=industries][value='{industry('electronics').pk}']").check()
    page.locator("[data-action=save]").click()
    _expect_success(page)
    for code, path in (("m1", licence), ("commitment", commitment)):
        page.locator("[data-form=upload] [name=code]").select_option(code)
        page.locator("[data-form=upload] [name=file]").set_input_files(str(path))
        page.locator("[data-action=upload]").click()
        _expect_success(page)
        expect(page.locator(f"[data-material={code}] [data-preview]")).to_be_visible()
    page.locator("[data-action=submit]").click()
    _expect_success(page)
    expect(page.locator("[data-application-state]")).to_have_attribute(
        "data-application-state", "submitted"
    )
    expect(page.locator("[data-form=upload]")).to_have_count(0)
    application = InstitutionApplication.objects.get()
    assert application.state == ApplicationState.SUBMITTED
    _log_out(page)

    # (The deadline passes.)
    services.call_set_deadline(
        call=call, deadline=timezone.now() - dt.timedelta(minutes=1), by=staff
    )

    # 3. Staff close the call, accept the application and assign it to the association
    log_in(staff.username, PASSWORD)
    page.goto(f"/alliance/calls/{call.pk}/")
    page.locator("[data-action=close]").click()
    _expect_success(page)
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "reviewing")
    page.locator("[data-link=queue]").click()
    page.locator(f"[data-application='{application.pk}'] a").click()
    page.locator("[data-action=accept]").click()
    _expect_success(page)
    page.locator(f"[data-form=assign] [name=associations][value='{association.pk}']").check()
    page.locator("[data-action=assign]").click()
    _expect_success(page)
    _log_out(page)

    # 4. The association recommends it
    log_in(association_user.username, PASSWORD)
    page.locator("nav#app-nav a[href='/alliance/screening/']").click()
    page.locator("[data-screening] a").click()
    expect(page.locator("[data-material=commitment] [data-preview]")).to_be_visible()
    page.locator("[name=recommendation][value=recommend]").check()
    page.locator("[name=reason]").fill("资质齐全，检测能力覆盖电子信息产业。")
    page.locator("[data-action=recommend]").click()
    _expect_success(page)
    _log_out(page)

    # 5. Staff propose it and put the list out for comment
    log_in(staff.username, PASSWORD)
    page.goto(f"/alliance/applications/{application.pk}/")
    expect(page.locator("[data-screenings]")).to_contain_text("资质齐全")
    page.locator("[data-action=propose]").click()
    _expect_success(page)
    page.goto(f"/alliance/calls/{call.pk}/")
    comment_until = timezone.localdate() + dt.timedelta(days=7)
    page.locator("[data-form=consultation] [name=comment_deadline]").fill(comment_until.isoformat())
    page.locator("[data-action=start-consultation]").click()
    _expect_success(page)
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "consulting")
    _log_out(page)

    # 6. A member of the public comments on the public page (no login)
    page.goto(f"/alliance/proposed/{call.pk}/")
    expect(page.locator(f"[data-application='{application.pk}']")).to_contain_text(INSTITUTION)
    page.locator("[name=name]").fill("林小姐")
    page.locator("[name=contact]").fill("13812345678")
    page.locator("[name=body]").fill("建议联盟机构公开检测收费标准。")
    page.locator("[data-action=comment]").click()
    _expect_success(page)
    comment = ListComment.objects.get()
    assert comment.public_name == "林小姐"

    # 7. Staff resolve the comment as noted
    log_in(staff.username, PASSWORD)
    page.goto(f"/alliance/calls/{call.pk}/comments/")
    card = page.locator(f"[data-comment='{comment.pk}']")
    expect(card.locator("[data-contact]")).to_have_text("13812345678")
    card.locator("select[name$='-resolution']").select_option("noted")
    card.locator("textarea[name$='-response']").fill("感谢您的意见，已转联盟机构参考。")
    card.locator("[data-action=resolve]").click()
    _expect_success(page)
    expect(page.locator(f"[data-comment='{comment.pk}']")).to_have_attribute(
        "data-resolution", "noted"
    )

    # (The comment period ends.)
    services.call_set_comment_deadline(
        call=call, comment_deadline=timezone.localdate() - dt.timedelta(days=1), by=staff
    )

    # 8. Staff establish the alliance
    page.goto(f"/alliance/calls/{call.pk}/")
    # (saying no to the question changes nothing)
    answer["accept"] = False
    page.locator("[data-action=establish]").click()
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "consulting")
    establish_form = page.locator("form:has([data-action=establish])")
    assert questions == [establish_form.get_attribute("data-confirm")]
    assert AllianceCall.objects.get().state == CallState.CONSULTING
    answer["accept"] = True
    page.locator("[data-action=establish]").click()
    _expect_success(page)
    assert len(questions) == 2
    assert questions[0]
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "established")
    assert AllianceCall.objects.get().state == CallState.ESTABLISHED
    _log_out(page)

    # Then the institution is on the public member list
    page.goto("/alliance/members/")
    expect(page.locator("[data-members] table")).to_contain_text(INSTITUTION)
    expect(page.locator("[data-members] table")).to_contain_text("201919001234")
    expect(page).to_have_url(re.compile(r"/alliance/members/$"))
