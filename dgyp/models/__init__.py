"""Models of the core."""

from .attachments import Attachment
from .audit import AuditEvent
from .calendar import CalendarDay, CalendarYear
from .notices import PublicNotice
from .notifications import Notification
from .workflow import WorkflowModel

__all__ = [
    "Attachment",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "Notification",
    "PublicNotice",
    "WorkflowModel",
]
