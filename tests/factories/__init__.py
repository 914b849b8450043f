"""factory_boy factories shared by the test suite."""

from .accounts import (
    EnterpriseFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    make_member,
    samr_organisation,
    valid_credit_code,
)

__all__ = [
    "EnterpriseFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "UserFactory",
    "make_member",
    "samr_organisation",
    "valid_credit_code",
]
