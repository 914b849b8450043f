"""The staff queue as an XLSX file: openpyxl's write-only workbook fed by a chunked query, so
memory stays flat whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .enums import ApplicationState
from .models import Application

CHUNK = 2000


def _headers() -> list[str]:
    return [
        _("Reference number"),
        _("Call"),
        _("Enterprise"),
        _("Unified social credit code"),
        _("Town or street"),
        _("Category"),
        _("Product name"),
        _("Trademark"),
        _("State"),
        _("Submitted"),
        _("In this state since"),
        _("Days waiting"),
    ]


def queue_xlsx(queryset: QuerySet[Application]) -> bytes:
    """The rows of `queryset` (the queue's filters and order) as an XLSX workbook."""
    return queue_xlsx_counted(queryset)[0]


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the wall-clock time of the portal's zone (Asia/Shanghai): XLSX cells hold no
    time zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def queue_xlsx_counted(queryset: QuerySet[Application]) -> tuple[bytes, int]:
    """The workbook and the number of rows written."""
    count = 0
    labels = {s.value: str(s.label) for s in ApplicationState}
    today = timezone.localdate()
    rows = queryset.values_list(
        "reference",
        "call__title",
        "enterprise__name",
        "enterprise__credit_code",
        "enterprise__town__name",
        "category__code",
        "category__name",
        "product_name",
        "trademark",
        "state",
        "submitted_at",
        "state_changed_at",
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Applications"))
    sheet.append(_headers())
    for (
        reference,
        call,
        enterprise,
        credit_code,
        town,
        category_code,
        category_name,
        product,
        trademark,
        state,
        submitted_at,
        changed_at,
    ) in rows.iterator(chunk_size=CHUNK):
        changed_day = timezone.localdate(changed_at) if changed_at else None
        count += 1
        sheet.append(
            [
                reference or "",
                call,
                enterprise,
                credit_code or "",
                town or "",
                f"{category_code} {category_name}",
                product,
                trademark,
                labels.get(state, state),
                _local(submitted_at),
                _local(changed_at),
                (today - changed_day).days if changed_day else None,
            ]
        )
    # Write-only workbooks stream their rows to a temporary file; read it back once.
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read(), count
