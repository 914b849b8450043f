"""Roles and organisation kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dgyp.roles import Role

__all__ = ["ROLES_BY_KIND", "OrganisationKind", "OrganisationStatus", "Role", "TownKind"]


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
