"""Masking of personal data for display and logs (手机号、身份证号脱敏)."""

import re


def mask_mobile(value: str | None) -> str:
    """138****5678: the first 3 and last 4 digits."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_id_number(value: str | None) -> str:
    """440***********123X: region prefix and the last 4 characters."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])")


def redact_text(text: str) -> str:
    """Mask anything that looks like a mainland mobile or ID number inside free text."""
    text = _ID_IN_TEXT.sub(lambda m: f"{m.group(1)}***********{m.group(2)}", text)
    return _MOBILE_IN_TEXT.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
