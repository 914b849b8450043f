"""Shared fixtures: the SAMR, its staff, an enterprise and its user, an auditor, any role."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.enums import Role
from accounts.models import Organisation, User
from tests.factories import EnterpriseFactory, make_member, samr_organisation


@pytest.fixture
def samr_org(db) -> Organisation:
    return samr_organisation()


@pytest.fixture
def samr_staff(samr_org) -> User:
    return make_member(Role.SAMR_STAFF, samr_org, full_name="周静")


@pytest.fixture
def enterprise(db) -> Organisation:
    return EnterpriseFactory(name="东莞市优品电子有限公司")


@pytest.fixture
def enterprise_user(enterprise) -> User:
    return make_member(Role.ENTERPRISE, enterprise, full_name="陈敏")


@pytest.fixture
def auditor(samr_org) -> User:
    return make_member(Role.AUDITOR, samr_org, full_name="吴强")


@pytest.fixture
def user_with_role(db) -> Callable[..., User]:
    """`user_with_role("department")` → a new user holding that role in a fitting organisation."""

    def make(role: str, organisation: Organisation | None = None, **user_fields) -> User:
        return make_member(role, organisation, **user_fields)

    return make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that need a transactional database (live server, real locks, a worker).

    Their teardown flushes every table, reference data included, so they must not share a
    process with ordinary tests: `make test` runs them in a second, serial pass
    (`-m transactional`), after the parallel pass of the rest (`-m "not transactional"`).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        if (
            (marker is not None and marker.kwargs.get("transaction"))
            or "live_server" in fixtures
            or "transactional_db" in fixtures
        ):
            item.add_marker(pytest.mark.transactional)
