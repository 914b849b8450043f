"""The roles of the programme: a vocabulary every app shares (each is a Django group)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of the same name (created by migration 0002)."""

    ENTERPRISE = "enterprise", _("Enterprise user")
    SAMR_STAFF = "samr_staff", _("SAMR staff")
    DEPARTMENT = "department", _("Department user")
    SAST_STAFF = "sast_staff", _("SAST staff")
    EXPERT = "expert", _("Review expert")
    INSTITUTION = "institution", _("Institution user")
    ASSOCIATION = "association", _("Association user")
    LEADING_GROUP = "leading_group", _("Leading-group member")
    AUDITOR = "auditor", _("Auditor")
