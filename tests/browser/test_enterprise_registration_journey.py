"""企业注册, end to end in a browser: a wrong credit code is refused next to its field, the
corrected form registers the enterprise and signs its user in, who can log out and back in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from accounts.validators import USCC_CHARSET
from tests.factories import valid_credit_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENTERPRISE_NAME = "东莞市长安精工五金制品有限公司"
USERNAME = "changan_jinggong"
PASSWORD = "Youpin-2026-strong"
CREDIT_CODE = valid_credit_code(20260417)
# Same format, wrong 18th (check) character.
WRONG_CHECK_CODE = CREDIT_CODE[:17] + next(c for c in USCC_CHARSET if c != CREDIT_CODE[17])
CREDIT_CODE_LABEL = re.compile(r"统一社会信用代码|Unified social credit code")
FORM = "main form[method=post]"


def _fill_registration(page, credit_code: str) -> None:
    page.locator("[name=name]").fill(ENTERPRISE_NAME)
    page.locator("[name=credit_code]").fill(credit_code)
    page.locator("[name=registered_address]").fill("东莞市长安镇振安中路168号")
    page.locator("[name=town]").select_option(label="长安镇")
    page.locator("[name=legal_representative]").fill("李伟")
    page.locator("[name=contact_name]").fill("陈敏")
    page.locator("[name=contact_mobile]").fill("13712345678")
    page.locator("[name=username]").fill(USERNAME)
    page.locator("[name=email]").fill("chenmin@changan-jinggong.example.cn")
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=consent]").check()


def test_visitor_registers_an_enterprise_and_logs_back_in(page):
    # Given a visitor on the home page, who follows the header's 企业注册 link
    page.goto("/")
    register_link = page.locator("header.site-header a[href='/accounts/register/']")
    expect(register_link).to_have_text(re.compile(r"企业注册|Register an enterprise"))
    register_link.click()
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))

    # Every field of the form has a label, and the credit code is found by its label
    unlabelled = page.eval_on_selector_all(
        f"{FORM} input:not([type=hidden]), {FORM} select, {FORM} textarea",
        "els => els.filter(el => el.labels.length === 0).map(el => el.name)",
    )
    assert unlabelled == []
    expect(page.get_by_label(CREDIT_CODE_LABEL)).to_have_attribute("name", "credit_code")

    # When they submit a well-formed code whose check character is wrong
    _fill_registration(page, WRONG_CHECK_CODE)
    page.locator(f"{FORM} button[type=submit]").click()

    # Then the error is shown next to the field and nothing is created
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))
    credit_code = page.locator("[name=credit_code]")
    expect(credit_code).to_have_attribute("aria-invalid", "true")
    field_error = page.locator("#id_credit_code_error")
    expect(field_error).to_be_visible()
    expect(field_error).not_to_be_empty()
    described_by = credit_code.get_attribute("aria-describedby") or ""
    assert "id_credit_code_error" in described_by.split()
    expect(page.locator("[name=name]")).not_to_have_attribute("aria-invalid", "true")
    assert not Organisation.objects.filter(credit_code__in=[WRONG_CHECK_CODE, CREDIT_CODE]).exists()
    assert not User.objects.filter(username=USERNAME).exists()

    # When they correct the code (passwords are never sent back: typed again) and submit
    credit_code.fill(CREDIT_CODE)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=consent]").check()
    page.locator(f"{FORM} button[type=submit]").click()

    # Then they land on their dashboard, signed in, with a success message and their enterprise
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    expect(page.locator("[data-dashboard='enterprise']")).to_be_visible()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    expect(page.locator("main").get_by_text(ENTERPRISE_NAME).first).to_be_visible()
    organisation = Organisation.objects.get(credit_code=CREDIT_CODE)
    assert organisation.kind == OrganisationKind.ENTERPRISE
    assert organisation.name == ENTERPRISE_NAME
    assert organisation.town.name == "长安镇"
    user = User.objects.get(username=USERNAME)
    assert user.has_role(Role.ENTERPRISE)

    # When they log out with the header's button
    page.locator("header.site-header form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("header.site-header a[href='/accounts/login/']")).to_be_visible()
    expect(page.locator("[data-dashboard]")).to_have_count(0)

    # And log back in with the new credentials
    page.goto("/accounts/login/")
    page.locator("[name=username]").fill(USERNAME)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator(f"{FORM} button[type=submit]").click()

    # Then they are on their dashboard again
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    expect(page.locator("[data-dashboard='enterprise']")).to_be_visible()
    expect(page.locator("main").get_by_text(ENTERPRISE_NAME).first).to_be_visible()
