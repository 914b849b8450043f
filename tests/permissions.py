"""Helpers for permission tests: every role, plus the anonymous visitor."""

from __future__ import annotations

import pytest

from accounts.enums import Role

ALL_ROLES = [r.value for r in Role]
ANONYMOUS = "anonymous"
CLIENT_KINDS = [ANONYMOUS, *ALL_ROLES]


def client_for(kind: str, client, make_member):
    """Log `client` in as a fresh user holding `kind` (or leave it anonymous)."""
    if kind == ANONYMOUS:
        return client, None
    user = make_member(kind)
    client.force_login(user)
    return client, user


def expected_status(kind: str, allowed: set[str], *, ok: int = 200, denied: int = 403) -> int:
    if kind in allowed:
        return ok
    if kind == ANONYMOUS:
        return 302  # to the login page
    return denied


all_kinds = pytest.mark.parametrize("kind", CLIENT_KINDS)
