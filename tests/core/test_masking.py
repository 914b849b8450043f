"""Masking of personal data (手机号、身份证号脱敏) for display and in logs."""

from __future__ import annotations

import logging

import pytest

from dgyp.logging import PersonalDataFilter
from dgyp.masking import mask_id_number, mask_mobile, redact_text

MOBILE = "13812345678"
ID_NUMBER = "44190019900101123X"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("19900001111", "199****1111"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_mobile_keeps_first_three_and_last_four_digits(value, masked):
    assert mask_mobile(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("44190019900101123X", "441***********123X"),
        ("441900199001011234", "441***********1234"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number_keeps_region_prefix_and_last_four(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("联系人陈敏，手机13812345678。", "联系人陈敏，手机138****5678。"),
        ("身份证44190019900101123X已核验", "身份证441***********123X已核验"),
        ("身份证44190019900101123x", "身份证441***********123x"),
        (
            f"mobile={MOBILE} id={ID_NUMBER}",
            "mobile=138****5678 id=441***********123X",
        ),
        ("两个号码：13812345678、15900001111", "两个号码：138****5678、159****1111"),
    ],
)
def test_redact_text_masks_mobiles_and_id_numbers_inside_text(text, redacted):
    assert redact_text(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "申报编号 2026000123",  # 10 digits
        "订单号 213812345678",  # a mobile-like run inside a longer number
        "固定电话 0769-22345678",
        "统一社会信用代码 91441900MA4UJ8XK0Q",
        "金额 12500.50 元",
        "",
    ],
)
def test_redact_text_leaves_other_numbers_alone(text):
    assert redact_text(text) == text


def _record(msg: str, *args) -> logging.LogRecord:
    return logging.LogRecord("dgyp.test", logging.INFO, __file__, 1, msg, args or None, None)


def test_log_record_with_mobile_and_id_number_is_masked():
    # Given a log record formatting a mobile and an ID number into its message
    record = _record("enterprise contact %s, ID %s", MOBILE, ID_NUMBER)
    # When the filter processes it
    assert PersonalDataFilter().filter(record) is True
    # Then the message shows neither in full
    assert record.getMessage() == "enterprise contact 138****5678, ID 441***********123X"
    assert record.args is None


def test_log_record_without_personal_data_is_untouched():
    record = _record("application %s submitted", 17)
    assert PersonalDataFilter().filter(record) is True
    assert record.msg == "application %s submitted"
    assert record.args == (17,)


def test_log_record_with_broken_format_is_kept():
    record = _record("broken %s %s", MOBILE)
    assert PersonalDataFilter().filter(record) is True
    assert record.msg == "broken %s %s"


def test_handler_with_the_filter_never_writes_the_numbers():
    # Given a logger whose handler carries the filter, as in settings.LOGGING
    records: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = ListHandler()
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("dgyp.tests.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        # When code logs personal data
        logger.warning("login failed for %s (ID %s)", MOBILE, ID_NUMBER)
        logger.warning(f"contact {MOBILE}")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    # Then only masked forms were written
    assert records == [
        "login failed for 138****5678 (ID 441***********123X)",
        "contact 138****5678",
    ]


def test_settings_attach_the_filter_to_the_console_handler(settings):
    assert settings.LOGGING["filters"]["pii"] == {"()": "dgyp.logging.PersonalDataFilter"}
    assert "pii" in settings.LOGGING["handlers"]["console"]["filters"]
