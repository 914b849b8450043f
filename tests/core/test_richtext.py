"""Staff-written formatted text: Markdown becomes HTML, and nothing unsafe survives."""

from __future__ import annotations

from dgyp.templatetags.richtext import richtext


def test_headings_lists_emphasis_and_tables_are_rendered():
    html = richtext(
        "## 基本条件\n\n1. 具有**独立法人**资格\n2. 通过 CMA 认定\n\n| 项目 | 要求 |\n|---|---|\n| 人员 | 10人 |"
    )
    assert "<h2>基本条件</h2>" in html
    assert "<ol>" in html
    assert "<strong>独立法人</strong>" in html
    assert "<table>" in html


def test_scripts_styles_and_event_handlers_are_removed():
    html = richtext(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '[点我](javascript:alert(3)) <a href="https://example.gov.cn" onclick="x()">链接</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<img" not in html
    assert 'href="https://example.gov.cn"' in html
    assert 'rel="noopener noreferrer"' in html


def test_empty_text_renders_nothing():
    assert richtext(None) == ""
    assert richtext("") == ""
