"""Factories of accounts: users, organisations (with valid credit codes) and memberships."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accounts.enums import OrganisationKind, Role
from accounts.models import Membership, Organisation, Town, User
from accounts.services import membership_grant
from accounts.validators import uscc_check_character

PASSWORD = "Passw0rd!2026"

# Registration authority + organisation category (GB 32100-2015) of each kind of organisation.
_CREDIT_CODE_PREFIX = {
    OrganisationKind.ENTERPRISE: "91",  # 市场监管 · 企业
    OrganisationKind.DEPARTMENT: "11",  # 机构编制 · 机关
    OrganisationKind.SAMR: "11",
    OrganisationKind.INSTITUTION: "12",  # 机构编制 · 事业单位
    OrganisationKind.SAST: "51",  # 民政 · 社会团体
    OrganisationKind.ASSOCIATION: "51",
}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
_GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"]


def valid_credit_code(n: int, prefix: str = "91", division: str = "441900") -> str:
    """A well-formed 18-character code: prefix, division, a 9-digit serial and its check char."""
    first17 = f"{prefix}{division}{n:09d}"
    return first17 + uscc_check_character(first17)


def _first_town() -> Town | None:
    return Town.objects.order_by("order", "code").first()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    full_name = factory.Sequence(
        lambda n: _SURNAMES[n % len(_SURNAMES)] + _GIVEN_NAMES[n % len(_GIVEN_NAMES)]
    )
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Save the password hash set by the post-generation hook (explicitly, without the
        # deprecated implicit save of factory_boy).
        if create and results:
            instance.save()


class OrganisationFactory(DjangoModelFactory):
    """Any kind of organisation; `kind` decides the credit code's authority and category."""

    class Meta:
        model = Organisation

    kind = OrganisationKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"东莞市测试单位{n}")
    credit_code = factory.LazyAttributeSequence(
        lambda o, n: valid_credit_code(n + 1, prefix=_CREDIT_CODE_PREFIX[o.kind])
    )
    registered_address = factory.Sequence(lambda n: f"东莞市南城街道鸿福路{n + 1}号")
    town = factory.LazyFunction(_first_town)
    contact_name = "陈敏"
    contact_mobile = factory.Sequence(lambda n: f"138{n:08d}")


class EnterpriseFactory(OrganisationFactory):
    kind = OrganisationKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"东莞市优品科技有限公司{n}")
    legal_representative = "李伟"


class MembershipFactory(DjangoModelFactory):
    """A bare Membership row. Prefer `make_member`, which also puts the user in the role's group."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(EnterpriseFactory)
    role = Role.ENTERPRISE


def samr_organisation() -> Organisation:
    """The (single) market regulation bureau, created on first use."""
    existing = Organisation.objects.filter(kind=OrganisationKind.SAMR).order_by("id").first()
    if existing is not None:
        return existing
    return OrganisationFactory(kind=OrganisationKind.SAMR, name="东莞市市场监督管理局")


def _default_organisation(role: str) -> Organisation | None:
    if role == Role.EXPERT:
        return None
    if role in (Role.SAMR_STAFF, Role.AUDITOR, Role.LEADING_GROUP):
        return samr_organisation()
    kind = {
        Role.ENTERPRISE: OrganisationKind.ENTERPRISE,
        Role.DEPARTMENT: OrganisationKind.DEPARTMENT,
        Role.SAST_STAFF: OrganisationKind.SAST,
        Role.INSTITUTION: OrganisationKind.INSTITUTION,
        Role.ASSOCIATION: OrganisationKind.ASSOCIATION,
    }[Role(role)]
    if kind == OrganisationKind.ENTERPRISE:
        return EnterpriseFactory()
    return OrganisationFactory(kind=kind)


def make_member(role: str, organisation: Organisation | None = None, **user_fields) -> User:
    """A new user holding `role` (in `organisation`, or a fitting new one), granted through
    `membership_grant` so the role's group stays in sync."""
    if organisation is None:
        organisation = _default_organisation(role)
    user = UserFactory(**user_fields)
    membership_grant(user=user, role=role, organisation=organisation, by=None)
    return user
