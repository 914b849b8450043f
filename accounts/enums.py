"""Roles and organisation kinds."""

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


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    DEPARTMENT = "department", _("Government department")
    INSTITUTION = "institution", _("Testing / certification / standardisation body")
    ASSOCIATION = "association", _("Industry association")
    SAST = "sast", _("Science and technology association (SAST)")
    SAMR = "samr", _("Market regulation bureau (SAMR)")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")


class TownKind(models.TextChoices):
    STREET = "street", _("Street (街道)")
    TOWN = "town", _("Town (镇)")
    PARK = "park", _("Park / functional zone (园区)")


# Which roles may be held in which kind of organisation. Experts need no organisation: their
# employer is a fact of their expert profile, not a membership.
ROLES_BY_KIND: dict[str, set[str]] = {
    OrganisationKind.ENTERPRISE: {Role.ENTERPRISE},
    OrganisationKind.DEPARTMENT: {Role.DEPARTMENT, Role.LEADING_GROUP, Role.AUDITOR},
    OrganisationKind.INSTITUTION: {Role.INSTITUTION},
    OrganisationKind.ASSOCIATION: {Role.ASSOCIATION},
    OrganisationKind.SAST: {Role.SAST_STAFF, Role.LEADING_GROUP},
    OrganisationKind.SAMR: {Role.SAMR_STAFF, Role.LEADING_GROUP, Role.AUDITOR},
}
