"""Reading product standards (执行标准) typed one per line as “number title”."""

from __future__ import annotations

import pytest

from catalog.services import (
    StandardLine,
    standard_number_normalise,
    standards_from_text,
    standards_parse,
)
from dgyp.exceptions import DomainError


def test_lines_with_a_number_and_a_title_become_standards():
    text = (
        "GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范\n"
        "GB 6675.1-2014 玩具安全 第1部分：基本规范\n"
        "\n"
        "  NY/T 515-2002   荔枝  \n"
        "T/DGYP 001-2026 “东莞优品”评价规范 实木家具\n"
        "DB44/T 1234-2020 地方标准\n"
        "IEC 62133-2:2017 Secondary cells\n"
    )
    standards, rejected = standards_parse(text)
    assert standards == [
        StandardLine("GB/T 18287-2013", "移动电话用锂离子蓄电池及蓄电池组总规范"),
        StandardLine("GB 6675.1-2014", "玩具安全 第1部分：基本规范"),
        StandardLine("NY/T 515-2002", "荔枝"),
        StandardLine("T/DGYP 001-2026", "“东莞优品”评价规范 实木家具"),
        StandardLine("DB44/T 1234-2020", "地方标准"),
        StandardLine("IEC 62133-2:2017", "Secondary cells"),
    ]
    assert rejected == []


def test_full_width_forms_lower_case_and_missing_spaces_are_normalised():
    standards, rejected = standards_parse(
        "gb/t3324—2017　木家具通用技术条件\nGB／T 2660－2017 衬衫"
    )
    assert standards == [
        StandardLine("GB/T 3324-2017", "木家具通用技术条件"),
        StandardLine("GB/T 2660-2017", "衬衫"),
    ]
    assert rejected == []


def test_a_repeated_number_is_kept_once_and_other_lines_are_reported():
    standards, rejected = standards_parse(
        "GB 7099-2015 糕点、面包\n执行国家标准\nGB 7099-2015 重复\nGB/T 2660-2017"
    )
    assert standards == [StandardLine("GB 7099-2015", "糕点、面包")]
    assert rejected == ["执行国家标准", "GB/T 2660-2017"]


def test_strict_reading_refuses_lines_that_are_not_standards():
    with pytest.raises(DomainError) as exc:
        standards_from_text("GB 7099-2015 糕点、面包\n参照行业标准")
    assert exc.value.code == "standard_lines"
    assert "参照行业标准" in str(exc.value.message)


def test_strict_reading_may_require_one_standard():
    assert standards_from_text("  \n") == []
    with pytest.raises(DomainError) as exc:
        standards_from_text("  \n", required=True)
    assert exc.value.code == "standard_required"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("GB/T 18287-2013", "GB/T 18287-2013"),
        ("gb/t18287-2013", "GB/T 18287-2013"),
        ("T/DGYP 001-2026", "T/DGYP 001-2026"),
        ("GB6675.1-2014", "GB 6675.1-2014"),
        ("DB44/T1234-2020", "DB44/T 1234-2020"),
        (" GB 4706.1-2005 ", "GB 4706.1-2005"),
    ],
)
def test_a_standard_number_is_normalised(value, expected):
    assert standard_number_normalise(value) == expected


@pytest.mark.parametrize("value", ["", "国家标准", "GB/T", "18287-2013", "GB/T 18287-2013 衬衫"])
def test_what_is_not_a_standard_number_is_refused(value):
    with pytest.raises(DomainError) as exc:
        standard_number_normalise(value)
    assert exc.value.code == "standard_number"
