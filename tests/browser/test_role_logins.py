"""Each of the nine roles logs in through the login page and lands on its own dashboard, with
its own menu; the phone layout's menu button and the skip link work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.enums import Role
from tests.factories import make_member
from tests.factories.accounts import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVERY_ROLE_SEES = {"/accounts/dashboard/", "/core/inbox/"}
ROLE_MENU = {
    Role.SAMR_STAFF: {"/accounts/enterprises/", "/core/calendar/"},
    Role.AUDITOR: {"/core/audit/", "/core/calendar/"},
    Role.ENTERPRISE: {"/accounts/organisation/"},
}
ROLE_SPECIFIC = set().union(*ROLE_MENU.values())
FULL_NAMES = {
    Role.ENTERPRISE: "陈敏",
    Role.SAMR_STAFF: "周静",
    Role.DEPARTMENT: "王伟",
    Role.SAST_STAFF: "李芳",
    Role.EXPERT: "张磊",
    Role.INSTITUTION: "刘洋",
    Role.ASSOCIATION: "杨娟",
    Role.LEADING_GROUP: "黄军",
    Role.AUDITOR: "吴强",
}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_role_logs_in_to_its_dashboard_and_menu(page, log_in, role):
    # Given a user holding the role
    user = make_member(role, full_name=FULL_NAMES[Role(role)])

    # When they log in through the login page
    log_in(user.username, PASSWORD)

    # Then they land on their role's dashboard
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    expect(page.locator(f"[data-dashboard='{role}']")).to_be_visible()
    expect(page.locator("[data-dashboard]")).to_contain_text(FULL_NAMES[Role(role)])

    # And the side navigation holds their menu, and none of the other roles' entries
    nav = page.locator("nav#app-nav")
    expect(nav).to_be_visible()
    expected = EVERY_ROLE_SEES | ROLE_MENU.get(Role(role), set())
    for href in sorted(expected):
        expect(nav.locator(f"a[href='{href}']"), f"{role} should see {href}").to_be_visible()
    for href in sorted(ROLE_SPECIFIC - expected):
        expect(nav.locator(f"a[href='{href}']"), f"{role} must not see {href}").to_have_count(0)


def test_phone_layout_menu_button_toggles_the_navigation(page, log_in):
    # Given a signed-in user on a phone-sized screen
    page.set_viewport_size({"width": 390, "height": 844})
    user = make_member(Role.SAMR_STAFF, full_name="周静")
    log_in(user.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))

    # The menu is collapsed behind a button
    toggle = page.locator("header [data-menu-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav#app-nav")).to_be_hidden()
    expect(page.locator("nav#site-nav")).to_be_hidden()

    # When the button is pressed, the navigation opens
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("nav#app-nav")).to_be_visible()
    expect(page.locator("nav#site-nav")).to_be_visible()
    expect(page.locator("nav#app-nav a[href='/accounts/enterprises/']")).to_be_visible()

    # And pressed again, it closes
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav#app-nav")).to_be_hidden()


def test_keyboard_user_reaches_main_content_through_the_skip_link(page):
    # Given a keyboard user who has just opened the home page
    page.goto("/")

    # When they press Tab once, the skip link is focused (and shown)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_in_viewport()

    # And following it moves focus to the main content
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))
