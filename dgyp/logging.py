"""A logging filter that masks mobile and ID numbers in every record, whatever code logged it."""

import logging

from dgyp.masking import redact_text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  a broken format string must not lose the record
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
