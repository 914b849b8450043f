"""Fixtures of the alliance tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public comments' rate limit lives in the cache: start each test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Messages are asserted in English (the msgids): the services run under English, and the
    test client asks for English with the language cookie, as the header's switch does."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
