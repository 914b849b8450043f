"""The zh_Hans catalogue is complete and clean; Chinese is the default, English is selectable."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.views import LoginView

BASE_DIR = Path(settings.BASE_DIR)
PO_RELATIVE = Path("locale", "zh_Hans", "LC_MESSAGES", "django.po")
PO_PATH = BASE_DIR / PO_RELATIVE
# The same exclusions as the documented `makemessages` command.
MAKEMESSAGES_IGNORES = [".venv", "var", "tests", "bench"]
# Not copied into the scratch project: what makemessages ignores, plus caches and build output.
COPY_IGNORES = shutil.ignore_patterns(
    *MAKEMESSAGES_IGNORES,
    ".git",
    "locale",
    "node_modules",
    "test-artifacts",
    "__pycache__",
    ".*_cache",
    "*.pyc",
    "*.mo",
)


def _unquote(token: str) -> str:
    """The value of one PO string literal, e.g. `"a\\"b\\n"` → `a"b` + newline."""
    body = token.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError(f"not a PO string literal: {token!r}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: keyword → text (msgctxt, msgid, msgid_plural, msgstr, msgstr[n]),
    plus "flags" (the `#,` comment) and "obsolete" (`#~` entries)."""
    entries: list[dict] = []
    entry: dict = {}
    keyword = None

    def finish() -> None:
        nonlocal entry, keyword
        if "msgid" in entry:
            entries.append(entry)
        entry, keyword = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry.setdefault("flags", set()).update(
                flag.strip() for flag in line[2:].split(",") if flag.strip()
            )
        elif line.startswith("#"):
            if "msgid" in entry:
                finish()
        elif line.startswith('"'):
            assert keyword, f"{path}: continuation line without a keyword: {raw!r}"
            entry[keyword] += _unquote(line)
        else:
            keyword, _space, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgid" in entry:
                finish()
            entry[keyword] = _unquote(value)
            if obsolete:
                entry["obsolete"] = True
    finish()
    return entries


def _messages(entries: list[dict]) -> dict[tuple[str | None, str], dict]:
    return {
        (e.get("msgctxt"), e["msgid"]): e
        for e in entries
        if e["msgid"] and not e.get("obsolete")  # the header has an empty msgid
    }


def _translations(entry: dict) -> list[str]:
    return [text for keyword, text in entry.items() if keyword.startswith("msgstr")]


def test_the_catalogue_has_no_untranslated_and_no_fuzzy_entry():
    entries = parse_po(PO_PATH)
    messages = _messages(entries)
    assert messages, f"{PO_PATH} has no messages"
    fuzzy = [msgid for (_ctx, msgid), e in messages.items() if "fuzzy" in e.get("flags", ())]
    untranslated = [
        msgid
        for (_ctx, msgid), e in messages.items()
        if not _translations(e) or not all(_translations(e))
    ]
    header = next(e for e in entries if e["msgid"] == "")
    assert "fuzzy" not in header.get("flags", ()), "the header is still marked fuzzy"
    assert fuzzy == []
    assert untranslated == []
    for entry in messages.values():  # zh has one plural form: msgstr[0] only
        if "msgid_plural" in entry:
            assert sorted(k for k in entry if k.startswith("msgstr")) == ["msgstr[0]"]


def test_msgfmt_accepts_the_catalogue_and_counts_only_translated_messages():
    # --check verifies, among others, that python-format placeholders match the msgid's.
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(PO_PATH)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr


@pytest.mark.xdist_group("i18n")
def test_the_catalogue_covers_every_message_of_the_current_code(tmp_path):
    # Given a scratch copy of the project without its catalogue
    project = tmp_path / "project"
    shutil.copytree(BASE_DIR, project, ignore=COPY_IGNORES, symlinks=True)
    # When makemessages extracts the messages from it, as documented
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            *(f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES),
            "--no-obsolete",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "dgyp.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    # Then the committed catalogue has every one of them
    extracted = _messages(parse_po(project / PO_RELATIVE))
    committed = _messages(parse_po(PO_PATH))
    assert extracted, result.stderr
    missing = sorted(msgid for _ctx, msgid in extracted.keys() - committed.keys())
    assert missing == [], (
        "run `manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests "
        "--ignore=bench --no-obsolete`, translate, and compile"
    )


def test_a_date_shows_in_chinese_and_in_english():
    template = Template('{% load i18n %}{{ d|date:"DATE_FORMAT" }}')
    context = Context({"d": dt.date(2026, 11, 25)})
    with translation.override("zh-hans"):
        assert template.render(context) == "2026年11月25日"
    with translation.override("en"):
        assert template.render(context) == "Nov. 25, 2026"


def _heading(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match, "the page has no <h1>"
    return match.group(1).strip()


@pytest.mark.django_db
def test_the_login_page_is_english_when_english_is_active():
    request = RequestFactory().get(reverse("accounts:login"))
    request.user = AnonymousUser()
    request.session = SessionStore()
    with translation.override("en"):
        response = LoginView.as_view()(request)
        response.render()
    html = response.content.decode()
    assert _heading(html) == "Log in"
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_the_login_page_is_chinese_by_default(client):
    # No Accept-Language header and no language cookie: LANGUAGE_CODE applies
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert _heading(html) == "登录"
    assert '<html lang="zh-hans">' in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_a_visitor_switches_the_login_page_to_english(client):
    login_url = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login_url})
    assert response.status_code == 302
    response = client.get(login_url)
    assert _heading(response.content.decode()) == "Log in"
