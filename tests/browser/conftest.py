"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's
`live_server`.

Every browser test module sets
    pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"),
                  pytest.mark.django_db(transaction=True, serialized_rollback=True)]
`live_server` needs a transactional database, whose flush after each test would wipe the rows
seeded by migrations (towns, role groups, calendar); `serialized_rollback` restores them at the
start of each test, and `_reference_data` checks that it did.

The browser is chosen with DGYP_BROWSER (default /usr/bin/chromium); Playwright's own browser
downloads are never used. Without that binary every test here is skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator
from pathlib import Path

import pytest

BROWSER_PATH = os.environ.get("DGYP_BROWSER", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000
SEEDED_TOWNS = 34

_HERE = Path(__file__).resolve().parent
_report_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def _skip_reason() -> str | None:
    if not (os.path.isfile(BROWSER_PATH) and os.access(BROWSER_PATH, os.X_OK)):
        return (
            f"no chromium at {BROWSER_PATH} (install Debian's `chromium` package or set "
            "DGYP_BROWSER); browser tests never download Playwright's own browsers"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the `playwright` Python package is not installed (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so `page` can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Generator:
    reason = _skip_reason()
    if reason is not None:
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API keeps an asyncio loop "running" in this thread from start() to
    # stop(). Meanwhile:
    # - Django's async-safety check would refuse every ORM call of the tests (and of any later
    #   test in this process): disabled for exactly that span;
    # - Django keeps this thread's connections in a separate, context-local store (asgiref
    #   Local(thread_critical=True) switches store while a loop runs), so the tests get new
    #   connection objects, which lack the contents serialized when the test database was
    #   created: without them `serialized_rollback` silently restores nothing. Handed over.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=BROWSER_PATH, headless=True, args=BROWSER_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        # The loop's connections are unreachable once it stops: close them now, or PostgreSQL
        # would refuse to drop the test database at the end of the session.
        connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _reference_data(transactional_db) -> None:
    """The migration-seeded rows are there (restored by serialized_rollback)."""
    from django.contrib.auth.models import Group

    from accounts.models import Town
    from dgyp.roles import Role

    towns = Town.objects.count()
    assert towns == SEEDED_TOWNS, (
        f"{towns} towns in the test database instead of {SEEDED_TOWNS}: the migration-seeded "
        "rows were not restored; mark the test django_db(transaction=True, serialized_rollback=True)"
    )
    assert Group.objects.filter(name__in=Role.values).count() == len(Role.values)


@pytest.fixture
def page(browser, live_server, request: pytest.FixtureRequest) -> Generator:
    """A fresh context (cookies, storage) per test; `page.goto("/…")` is relative to the live
    server. A failed test leaves a screenshot in test-artifacts/<test name>.png."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    the_page = context.new_page()
    yield the_page
    reports = request.node.stash.get(_report_key, {})
    if any(r.failed for r in reports.values()):
        artifacts = request.config.rootpath / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.\[\]-]+", "_", request.node.name)
        try:
            the_page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001  a screenshot must not hide the real failure
            request.node.warn(pytest.PytestWarning(f"no failure screenshot: {exc!r}"))
    context.close()


@pytest.fixture
def log_in(page) -> Callable[[str, str], None]:
    """`log_in(username, password)`: through the login page, as a person would."""

    def do(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.locator("[name=username]").fill(username)
        page.locator("[name=password]").fill(password)
        page.locator("main form[method=post] button[type=submit]").click()

    return do
