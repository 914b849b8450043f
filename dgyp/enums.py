"""Enumerations of the core: audit event types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventType(models.TextChoices):
    """Every kind of recorded event. Apps add their members here, in lifecycle order."""

    # accounts
    USER_LOGIN = "user.login", _("User logged in")
    USER_LOGIN_FAILED = "user.login_failed", _("Login failed")
    USER_LOGOUT = "user.logout", _("User logged out")
    USER_PASSWORD_CHANGED = "user.password_changed", _("Password changed")
    USER_PASSWORD_RESET = "user.password_reset", _("Password reset")
    ENTERPRISE_REGISTERED = "enterprise.registered", _("Enterprise registered")
    ORGANISATION_DEACTIVATED = "organisation.deactivated", _("Organisation deactivated")
    ORGANISATION_REACTIVATED = "organisation.reactivated", _("Organisation reactivated")
    MEMBERSHIP_GRANTED = "membership.granted", _("Role granted")
    MEMBERSHIP_REVOKED = "membership.revoked", _("Role revoked")
    PERSONAL_DATA_REVEALED = "personal_data.revealed", _("Personal data revealed")
    # core
    CALENDAR_DAY_SET = "calendar.day_set", _("Calendar day set")
    CALENDAR_DAY_REMOVED = "calendar.day_removed", _("Calendar day removed")
    CALENDAR_YEAR_IMPORTED = "calendar.year_imported", _("Calendar year imported")
    CALENDAR_YEAR_CONFIRMED = "calendar.year_confirmed", _("Calendar year confirmed")
    ATTACHMENT_UPLOADED = "attachment.uploaded", _("File uploaded")
    ATTACHMENT_DOWNLOADED = "attachment.downloaded", _("File downloaded")
    AUDIT_EXPORTED = "audit.exported", _("Audit trail exported")
