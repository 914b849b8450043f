"""Fixtures of the applications tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Messages are asserted in English (the msgids): services run under English, and the test
    client asks for English with the language cookie, as the header's switch does."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
