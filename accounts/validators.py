"""Validators of identifiers: the unified social credit code (统一社会信用代码) and mobile numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters, the digits and the capitals without I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration authority (position 1) → the organisation categories (position 2) it may issue.
_USCC_AUTHORITY_CATEGORIES = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管（工商）
    "A": "19",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
    "Y": "1",  # 其他
}
DONGGUAN_DIVISION_PREFIX = "4419"
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_uscc(value: str) -> str:
    """Upper-case and strip spaces: how people type a code is not a reason to refuse it."""
    return "".join(value.split()).upper()


def uscc_check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 characters are `first17`."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc_format(value: str) -> None:
    """A well-formed credit code from anywhere in China (GB 32100-2015)."""
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(value)},
        )
    bad = sorted({c for c in value if c not in USCC_CHARSET})
    if bad:
        raise ValidationError(
            _(
                "The code contains characters not allowed in a unified social credit code: "
                "%(chars)s (the letters I, O, S, V and Z are never used)."
            ),
            code="uscc_charset",
            params={"chars": " ".join(bad)},
        )
    authority, category = value[0], value[1]
    if authority not in _USCC_AUTHORITY_CATEGORIES:
        raise ValidationError(
            _("The first character (registration authority) %(c)s is not a valid code."),
            code="uscc_authority",
            params={"c": authority},
        )
    if category not in _USCC_AUTHORITY_CATEGORIES[authority]:
        raise ValidationError(
            _(
                "The second character (organisation category) %(c)s does not exist for authority %(a)s."
            ),
            code="uscc_category",
            params={"c": category, "a": authority},
        )
    if not value[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 must be the six-digit administrative division code."),
            code="uscc_division_format",
        )
    if uscc_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The check character (the 18th) does not match: please check the code for typos."),
            code="uscc_check_digit",
        )


def validate_uscc(value: str) -> None:
    """A valid credit code of an organisation registered in Dongguan (division 4419xx)."""
    validate_uscc_format(value)
    if not value[2:8].startswith(DONGGUAN_DIVISION_PREFIX):
        raise ValidationError(
            _(
                "The administrative division in this code is %(div)s, not Dongguan (4419xx): "
                "only enterprises registered in Dongguan may take part."
            ),
            code="uscc_not_dongguan",
            params={"div": value[2:8]},
        )


def validate_mobile(value: str) -> None:
    if not _MOBILE_RE.match(value):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 1."), code="mobile"
        )
