"""An enterprise drafts an application (autosave survives a reload), submits it, is asked for a
supplement, supplies it; a department gives its opinion; the reviewer qualifies it. And: text
typed after the session expired is kept in the browser and restored after logging in again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.enums import Role
from applications.enums import ApplicationState
from applications.models import Application
from tests.factories import make_member
from tests.factories.accounts import PASSWORD, EnterpriseFactory
from tests.factories.applications import make_call, make_department, stage_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRAFT_FORM = "form#draft-form"


@pytest.fixture(autouse=True)
def _stage():
    with stage_registry():
        yield


def _log_out(page):
    page.locator("header.site-header form[action='/accounts/logout/'] button[type=submit]").click()


def _wait_saved(page):
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-state", "saved")


def _start_draft(page, call) -> Application:
    page.goto("/applications/")
    page.locator(f"[data-open-call='{call.pk}'] a[data-action=apply]").click()
    expect(page).to_have_url(re.compile(rf"/applications/calls/{call.pk}/apply/$"))
    page.locator("[name=category]").select_option(index=1)
    page.locator("form[data-start-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+/edit/$"))
    return Application.objects.get()


def test_enterprise_drafts_submits_supplies_and_is_qualified(page, log_in):
    # Given an open call, an enterprise user, a reviewer and a department
    call = make_call()
    enterprise = EnterpriseFactory(name="东莞市长安精密电子有限公司")
    applicant = make_member(Role.ENTERPRISE, enterprise, full_name="陈敏")
    reviewer = make_member(Role.SAMR_STAFF, full_name="周静")
    department, department_user = make_department("东莞市工业和信息化局")

    # When the enterprise starts an application and types, the draft saves itself
    log_in(applicant.username, PASSWORD)
    app = _start_draft(page, call)
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    page.locator("[name=product_name]").fill("智能门锁 X1")
    page.locator("[name=models_specs]").fill("X1、X1 Pro")
    _wait_saved(page)
    expect(page.locator("[data-autosave-status]")).not_to_be_empty()

    # And the text survives a reload
    page.reload()
    expect(page.locator("[name=product_name]")).to_have_value("智能门锁 X1")
    expect(page.locator("[name=models_specs]")).to_have_value("X1、X1 Pro")

    # When they complete the form and upload every material
    page.locator("[name=trademark]").fill("莞安")
    page.locator("[name=product_standard]").select_option(index=1)
    page.locator("[name=annual_output]").fill("12万套")
    page.locator("[name=annual_sales_yuan]").fill("36800000")
    for textarea in page.locator("textarea[name^=se_]").all():
        textarea.fill("已建立完善的管理制度。")
    _wait_saved(page)
    for code in [m["code"] for m in call.required_materials]:
        row = page.locator(f"tr[data-material='{code}']")
        row.locator("input[type=file]").set_input_files(
            files=[{"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
        )
        row.locator("form[enctype] button[type=submit]").click()
        expect(page.locator(f"tr[data-material='{code}'] a[data-file]")).to_be_visible()

    # And submit
    page.locator(f"{DRAFT_FORM} button[data-action=submit]").click()
    expect(page).to_have_url(re.compile(rf"/applications/{app.pk}/$"))
    expect(page.locator("main [data-state]").first).to_have_attribute("data-state", "submitted")
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    _log_out(page)

    # When the reviewer starts the review and asks for a supplement
    log_in(reviewer.username, PASSWORD)
    page.goto("/applications/queue/")
    page.locator(f"tr[data-application='{app.pk}'] a").first.click()
    page.locator("button[data-action=start-review]").click()
    expect(page.locator("main dl [data-state]")).to_have_attribute(
        "data-state", "qualification_review"
    )
    page.locator("form[data-supplement-form] [name=items]").fill("补充近一年检验报告")
    page.locator("form[data-supplement-form] button[type=submit]").click()
    expect(page.locator("main dl [data-state]")).to_have_attribute(
        "data-state", "supplement_requested"
    )
    _log_out(page)

    # Then the enterprise sees the itemised list with its deadline and supplies it
    log_in(applicant.username, PASSWORD)
    page.goto(f"/applications/{app.pk}/")
    expect(page.locator("[data-supplement-items]")).to_contain_text("补充近一年检验报告")
    page.locator("a[data-action=edit]").click()
    row = page.locator("tr[data-material='test_reports']")
    row.locator("input[type=file]").set_input_files(
        files=[{"name": "新检验报告.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
    )
    row.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("tr[data-material='test_reports'] a[data-file]")).to_have_text(
        "新检验报告.pdf"
    )
    page.locator("#id_note").fill("已补充最新检验报告")
    page.locator(f"{DRAFT_FORM} button[data-action=resubmit]").click()
    expect(page).to_have_url(re.compile(rf"/applications/{app.pk}/$"))
    expect(page.locator("main [data-state]").first).to_have_attribute(
        "data-state", "qualification_review"
    )
    _log_out(page)

    # When the reviewer sees the change and asks the department for its opinion
    log_in(reviewer.username, PASSWORD)
    page.goto(f"/applications/{app.pk}/review/")
    expect(page.locator("[data-diff] tr[data-changed-material]")).to_contain_text("新检验报告.pdf")
    page.locator(f"form[data-opinion-form] input[value='{department.pk}']").check()
    page.locator("form[data-opinion-form] button[type=submit]").click()
    expect(page.locator(f"tr[data-opinion='{department.pk}']")).to_be_visible()
    _log_out(page)

    # And the department answers "no adverse record"
    log_in(department_user.username, PASSWORD)
    page.goto("/applications/opinions/")
    page.locator("table a").first.click()
    page.locator("input[name=answer][value=no_adverse]").check()
    page.locator("form[data-answer-form] button[type=submit]").click()
    expect(page.locator("[data-answered]")).to_be_visible()
    _log_out(page)

    # Then the reviewer confirms the checklist and qualifies the application
    log_in(reviewer.username, PASSWORD)
    page.goto(f"/applications/{app.pk}/review/")
    for radio in page.locator("form[data-checklist-form] input[type=radio][value=yes]").all():
        radio.check()
    page.locator("button[data-action=save-checklist]").click()
    page.locator("button[data-action=qualify]").click()
    expect(page.locator("main dl [data-state]")).to_have_attribute("data-state", "qualified")
    _log_out(page)

    # And the enterprise's timeline shows every step
    log_in(applicant.username, PASSWORD)
    page.goto(f"/applications/{app.pk}/")
    steps = page.locator("[data-timeline] li")
    expect(steps).to_have_count(6)  # started, submitted, review, supplement, review, qualified
    expect(page.locator("[data-timeline] li[data-step=qualified]")).to_be_visible()
    app.refresh_from_db()
    assert app.state == ApplicationState.QUALIFIED


def test_text_typed_after_the_session_expired_is_restored_after_login(page, log_in):
    call = make_call()
    applicant = make_member(Role.ENTERPRISE, full_name="陈敏")
    log_in(applicant.username, PASSWORD)
    app = _start_draft(page, call)
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    page.locator("[name=product_name]").fill("第一次保存")
    _wait_saved(page)

    # When the session ends (cookies gone) and the user keeps typing
    page.context.clear_cookies()
    page.locator("[name=product_name]").fill("会话过期后输入的名称")
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-state", "session")
    expect(page.locator("[data-autosave-alert]")).to_be_visible()
    app.refresh_from_db()
    assert app.product_name == "第一次保存"

    # Then after logging in again the editor offers to restore the text, and saves it
    log_in(applicant.username, PASSWORD)
    page.goto(f"/applications/{app.pk}/edit/")
    expect(page.locator("[name=product_name]")).to_have_value("第一次保存")
    expect(page.locator("[data-autosave-restore]")).to_be_visible()
    page.locator("[data-restore]").click()
    expect(page.locator("[name=product_name]")).to_have_value("会话过期后输入的名称")
    _wait_saved(page)
    app.refresh_from_db()
    assert app.product_name == "会话过期后输入的名称"


def _pdf() -> bytes:
    from tests.factories.core import MINIMAL_PDF

    return MINIMAL_PDF


def test_no_restore_prompt_after_saving_with_the_button_or_autosave(page, log_in):
    # Given a draft where the user types padded text and an amount with separators
    call = make_call()
    applicant = make_member(Role.ENTERPRISE, full_name="陈敏")
    log_in(applicant.username, PASSWORD)
    app = _start_draft(page, call)
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    page.locator("[name=product_name]").fill("  按钮保存的名称  ")
    page.locator("[name=annual_sales_yuan]").fill("1,250")
    # When the user saves with the button before the autosave runs
    page.locator(f"{DRAFT_FORM} button[data-action=save]").click()
    expect(page).to_have_url(re.compile(rf"/applications/{app.pk}/edit/$"))
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    # Then no "restore unsaved text" prompt appears and nothing is kept locally
    expect(page.locator("[data-autosave-restore]")).to_be_hidden()
    assert page.evaluate(f"window.localStorage.getItem('dgyp-draft-{app.pk}')") is None

    # When the autosave stores an amount the server normalises (1250 → 1250.00)
    page.locator("[name=annual_sales_yuan]").fill("1250")
    _wait_saved(page)
    page.reload()
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    # Then again no prompt
    expect(page.locator("[data-autosave-restore]")).to_be_hidden()
    assert page.evaluate(f"window.localStorage.getItem('dgyp-draft-{app.pk}')") is None


def test_the_local_copy_is_cleared_once_the_application_is_submitted(page, log_in):
    call = make_call()
    applicant = make_member(Role.ENTERPRISE, full_name="陈敏")
    log_in(applicant.username, PASSWORD)
    app = _start_draft(page, call)
    expect(page.locator(DRAFT_FORM)).to_have_attribute("data-autosave-ready", "1")
    key = f"dgyp-draft-{app.pk}"
    page.evaluate(f'window.localStorage.setItem(\'{key}\', \'{{"fields": {{"trademark": "x"}}}}\')')
    from applications import services
    from tests.factories.applications import COMPLETE_FIELDS, attach_all_materials

    services.application_save_draft(
        application=app,
        by=applicant,
        data={**COMPLETE_FIELDS, "product_name": "智能音箱"},
        version=Application.objects.get(pk=app.pk).version,
    )
    app = Application.objects.get(pk=app.pk)
    attach_all_materials(app, applicant)
    services.application_save_draft(
        application=app,
        by=applicant,
        data={"product_standard": str(app.category.standards.first().pk)},
        version=app.version,
    )
    services.application_submit(application=app, by=applicant)
    page.goto(f"/applications/{app.pk}/")
    page.wait_for_load_state("load")
    page.wait_for_function(f"window.localStorage.getItem('{key}') === null")
