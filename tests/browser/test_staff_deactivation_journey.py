"""SAMR staff deactivate an enterprise in a browser: a reason is required, the status changes,
and the enterprise's user can no longer log in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.enums import OrganisationStatus, Role
from accounts.models import Organisation
from tests.factories import EnterpriseFactory, make_member
from tests.factories.accounts import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENTERPRISE_NAME = "东莞市长安精密模具有限公司"
OTHER_NAME = "东莞市虎门服装有限公司"
REASON = "企业已办理注销登记"
DEACTIVATE_FORM = "main form[action$='/deactivate/']"


def test_staff_deactivates_an_enterprise_whose_user_then_cannot_log_in(page, log_in):
    # Given an enterprise with its user, another enterprise, and a SAMR staff member
    enterprise = EnterpriseFactory(name=ENTERPRISE_NAME)
    EnterpriseFactory(name=OTHER_NAME)
    enterprise_user = make_member(Role.ENTERPRISE, enterprise, full_name="陈敏")
    staff = make_member(Role.SAMR_STAFF, full_name="周静")

    # When the staff member logs in and opens the enterprise list from the side navigation
    log_in(staff.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    page.locator("nav#app-nav a[href='/accounts/enterprises/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/enterprises/$"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)

    # And searches the enterprise by name
    page.locator("[name=q]").fill("长安精密")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/enterprises/\?.*q=.+"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ENTERPRISE_NAME)

    # And opens it
    rows.first.get_by_role("link", name=ENTERPRISE_NAME).click()
    expect(page).to_have_url(re.compile(rf"/accounts/enterprises/{enterprise.pk}/$"))
    expect(page.locator("main h1")).to_have_text(ENTERPRISE_NAME)
    badge = page.locator("main dl .badge")
    expect(badge).to_have_class(re.compile(r"\bbadge-success\b"))
    active_label = badge.inner_text()

    # When they submit the deactivate form without a reason
    page.locator(f"{DEACTIVATE_FORM} button[type=submit]").click()

    # Then the reason field shows its error and the enterprise is still active
    reason = page.locator(f"{DEACTIVATE_FORM} [name=reason]")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_reason_error")).to_be_visible()
    expect(page.locator("#id_reason_error")).not_to_be_empty()
    expect(badge).to_have_class(re.compile(r"\bbadge-success\b"))
    enterprise.refresh_from_db()
    assert enterprise.status == OrganisationStatus.ACTIVE

    # When they give a reason
    reason.fill(REASON)
    page.locator(f"{DEACTIVATE_FORM} button[type=submit]").click()

    # Then the status badge says deactivated, with the reason, and the form now reactivates
    expect(page).to_have_url(re.compile(rf"/accounts/enterprises/{enterprise.pk}/$"))
    expect(page.locator(".messages .alert-success")).to_be_visible()
    expect(badge).to_have_class(re.compile(r"\bbadge-danger\b"))
    expect(badge).not_to_have_text(active_label)
    expect(page.locator("main dl")).to_contain_text(REASON)
    expect(page.locator(DEACTIVATE_FORM)).to_have_count(0)
    expect(page.locator("main form[action$='/reactivate/']")).to_be_visible()
    enterprise.refresh_from_db()
    assert enterprise.status == OrganisationStatus.DEACTIVATED
    assert Organisation.objects.get(pk=enterprise.pk).status_reason == REASON

    # When the staff member logs out and the enterprise's user tries to log in
    page.locator("header.site-header form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("header.site-header a[href='/accounts/login/']")).to_be_visible()
    log_in(enterprise_user.username, PASSWORD)

    # Then the login page refuses them with an error
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("main .form-error-summary")).to_be_visible()
    expect(page.locator("main .errorlist.nonfield")).to_be_visible()
    expect(page.locator("[data-dashboard]")).to_have_count(0)
    expect(page.locator("nav#app-nav")).to_have_count(0)
