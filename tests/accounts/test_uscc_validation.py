"""统一社会信用代码 (GB 32100-2015) and mobile number validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import (
    USCC_CHARSET,
    normalise_uscc,
    uscc_check_character,
    validate_mobile,
    validate_uscc,
    validate_uscc_format,
)

# Dongguan codes (division 441900) whose check characters were computed with the reference
# implementation below, which follows the standard's formula independently of the app's code.
DONGGUAN_CODES = [
    "91441900MA4UJ8XK0Q",  # 企业, 组织机构代码 of the MA… (post-2015) form
    "91441900MA51ABCD10",  # check character 0
    "91441900338301234D",  # a pre-2015 organisation code carried over
    "914419001234567894",  # all digits
    "92441900L123456785",  # 个体工商户
    "93441900MA4W00012Y",  # 农民专业合作社
    "52441900MAC0001239",  # 民政 · 民办非企业单位
    "124419004567890124",  # 机构编制 · 事业单位
]
OTHER_CITY_CODES = [
    ("91440300MA5DC7KX1E", "440300"),  # 深圳
    ("91110000802100433B", "110000"),  # 北京
    ("91350100M000100Y43", "350100"),  # 福州: the example code usually quoted for the standard
]


def _reference_check_character(first17: str) -> str:
    """GB 32100-2015 §5.2: weights 3^i mod 31, C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0."""
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_CHARSET[(31 - total % 31) % 31]


def _error(validator, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value


# --- valid codes ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", DONGGUAN_CODES + [c for c, _ in OTHER_CITY_CODES])
def test_check_character_matches_the_standards_formula(code):
    # Given a code built by the reference formula
    # Then the app computes the same 18th character
    assert _reference_check_character(code[:17]) == code[17]
    assert uscc_check_character(code[:17]) == code[17]


def test_check_character_of_the_published_example_code():
    assert uscc_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code", DONGGUAN_CODES)
def test_dongguan_code_is_valid(code):
    assert validate_uscc_format(code) is None
    assert validate_uscc(code) is None


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("91441900ma4uj8xk0q", "91441900MA4UJ8XK0Q"),
        (" 9144 1900 MA4U J8XK 0Q ", "91441900MA4UJ8XK0Q"),
        ("91441900338301234d\t", "91441900338301234D"),
        ("92441900l123456785\n", "92441900L123456785"),
    ],
)
def test_code_typed_in_lower_case_or_with_spaces_is_valid_once_normalised(typed, normalised):
    # Given a code as a person might type it
    # When it is normalised
    value = normalise_uscc(typed)
    # Then it is the upper-case code without spaces, and it is valid
    assert value == normalised
    assert validate_uscc(value) is None


def test_lower_case_code_is_refused_when_not_normalised():
    error = _error(validate_uscc, "91441900ma4uj8xk0q")
    assert error.code == "uscc_charset"
    assert error.params == {"chars": "a j k m q u x"}


# --- invalid codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("", "uscc_length", {"n": 0}),
        ("91441900MA4UJ8XK0", "uscc_length", {"n": 17}),
        ("91441900MA4UJ8XK0QQ", "uscc_length", {"n": 19}),
        ("91441900MA4UI8XK0Q", "uscc_charset", {"chars": "I"}),
        ("91441900MA4UJ8XO0Q", "uscc_charset", {"chars": "O"}),
        ("91441900MA4US8XK0Q", "uscc_charset", {"chars": "S"}),
        ("91441900MA4UV8XK0Q", "uscc_charset", {"chars": "V"}),
        ("91441900MA4UZ8XK0Q", "uscc_charset", {"chars": "Z"}),
        ("91441900-A4UJ8XK0Q", "uscc_charset", {"chars": "-"}),
        ("91441900MA4UJ8XK0 ", "uscc_charset", {"chars": " "}),
        ("B1441900MA4UJ8XK0Q", "uscc_authority", {"c": "B"}),
        ("01441900MA4UJ8XK0Q", "uscc_authority", {"c": "0"}),
        ("94441900MA4UJ8XK0Q", "uscc_category", {"c": "4", "a": "9"}),
        ("23441900MA4UJ8XK0Q", "uscc_category", {"c": "3", "a": "2"}),
        ("Y2441900MA4UJ8XK0Q", "uscc_category", {"c": "2", "a": "Y"}),
        ("9144A900MA4UJ8XK0Q", "uscc_division_format", None),
        ("91MA1900MA4UJ8XK0Q", "uscc_division_format", None),
        ("91441900MA4UJ8XK0R", "uscc_check_digit", None),  # wrong check character
        ("91441900MA4UJ8KX0Q", "uscc_check_digit", None),  # two characters swapped
        ("91441900MA4UJ8XK1Q", "uscc_check_digit", None),  # one character mistyped
    ],
)
def test_malformed_code_is_refused_with_its_reason(value, code, params):
    # Given a malformed code
    # When it is validated, for Dongguan or for anywhere
    for validator in (validate_uscc_format, validate_uscc):
        error = _error(validator, value)
        # Then the error names the reason
        assert error.code == code
        assert error.params == params


@pytest.mark.parametrize(("value", "division"), OTHER_CITY_CODES)
def test_valid_code_from_another_city_is_well_formed_but_not_dongguan(value, division):
    # Given a valid code registered outside Dongguan
    # Then its format is valid
    assert validate_uscc_format(value) is None
    # But it is refused for the programme, naming its division
    error = _error(validate_uscc, value)
    assert error.code == "uscc_not_dongguan"
    assert error.params == {"div": division}


def test_each_reason_has_its_own_message():
    # Given one code failing for each reason
    samples = {
        "uscc_length": "91441900MA4UJ8XK0",
        "uscc_charset": "91441900MA4UI8XK0Q",
        "uscc_authority": "B1441900MA4UJ8XK0Q",
        "uscc_category": "94441900MA4UJ8XK0Q",
        "uscc_division_format": "9144A900MA4UJ8XK0Q",
        "uscc_check_digit": "91441900MA4UJ8XK0R",
        "uscc_not_dongguan": "91440300MA5DC7KX1E",
    }
    messages = {}
    for code, value in samples.items():
        error = _error(validate_uscc, value)
        assert error.code == code
        messages[code] = error.messages[0]
    # Then the seven messages are all different, and each shows the offending detail
    assert len(set(messages.values())) == 7
    assert "17" in messages["uscc_length"]
    assert "I" in messages["uscc_charset"]
    assert "B" in messages["uscc_authority"]
    assert "440300" in messages["uscc_not_dongguan"]


# --- mobile numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["13812345678", "19900000000", "15012345678"])
def test_mainland_mobile_is_valid(value):
    assert validate_mobile(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12812345678",
        "1381234567",
        "138123456789",
        "+8613812345678",
        "138-1234-5678",
        "23812345678",
    ],
)
def test_malformed_mobile_is_refused(value):
    error = _error(validate_mobile, value)
    assert error.code == "mobile"
