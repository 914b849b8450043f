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
    NOTICE_PUBLISHED = "notice.published", _("Public notice published")
    # catalog (产品类别目录)
    CATALOG_EDITION_CREATED = "catalog.edition_created", _("Catalogue edition created")
    CATALOG_EDITION_TRANSITION = "catalog.edition_transition", _("Catalogue edition stage changed")
    CATALOG_SUGGESTION_SUBMITTED = "catalog.suggestion_submitted", _("Category suggested")
    CATALOG_SUGGESTION_DECIDED = "catalog.suggestion_decided", _("Category suggestion decided")
    CATALOG_CATEGORY_SAVED = "catalog.category_saved", _("Category saved")
    CATALOG_CATEGORY_REMOVED = "catalog.category_removed", _("Category removed")
    CATALOG_STANDARD_SAVED = "catalog.standard_saved", _("Product standard saved")
    CATALOG_STANDARD_REMOVED = "catalog.standard_removed", _("Product standard removed")
    CATALOG_RESEARCH_NOTE_SAVED = "catalog.research_note_saved", _("Research note saved")
    CATALOG_COMMENT_SUBMITTED = "catalog.comment_submitted", _("Catalogue comment submitted")
    CATALOG_COMMENT_RESOLVED = "catalog.comment_resolved", _("Catalogue comment resolved")
    # alliance (质量技术服务联盟)
    ALLIANCE_CALL_CREATED = "alliance.call_created", _("Alliance call created")
    ALLIANCE_CALL_TRANSITION = "alliance.call_transition", _("Alliance call stage changed")
    ALLIANCE_APPLICATION_SAVED = "alliance.application_saved", _("Alliance application saved")
    ALLIANCE_APPLICATION_TRANSITION = (
        "alliance.application_transition",
        _("Alliance application state changed"),
    )
    ALLIANCE_SCREENING_ASSIGNED = "alliance.screening_assigned", _("Screening assigned")
    ALLIANCE_SCREENING_RECORDED = "alliance.screening_recorded", _("Screening recommendation")
    ALLIANCE_COMMENT_SUBMITTED = "alliance.comment_submitted", _("Comment on the proposed list")
    ALLIANCE_COMMENT_RESOLVED = "alliance.comment_resolved", _("Comment resolved")
    ALLIANCE_MEMBER_DISQUALIFIED = "alliance.member_disqualified", _("Alliance member disqualified")
    ALLIANCE_VIOLATION_RECORDED = "alliance.violation_recorded", _("Violation recorded")
    ALLIANCE_RATING_SAVED = "alliance.rating_saved", _("Institution rated")
    INSTITUTION_REGISTERED = "institution.registered", _("Institution registered")
    # applications (企业申报, 资格审核)
    APPLICATION_CALL_CREATED = "application.call_created", _("Call for applications created")
    APPLICATION_CALL_TRANSITION = (
        "application.call_transition",
        _("Call for applications stage changed"),
    )
    APPLICATION_CREATED = "application.created", _("Application started")
    APPLICATION_TRANSITION = "application.transition", _("Application state changed")
    APPLICATION_CHECKLIST_MARKED = "application.checklist_marked", _("Checklist marked")
    APPLICATION_NOTE_ADDED = "application.note_added", _("Review note added")
    APPLICATION_OPINIONS_REQUESTED = (
        "application.opinions_requested",
        _("Supervision opinions requested"),
    )
    APPLICATION_OPINION_ANSWERED = "application.opinion_answered", _("Supervision opinion answered")
    APPLICATION_QUEUE_EXPORTED = "application.queue_exported", _("Review queue exported")
