"""Selectors (reads) of accounts. Each filters by what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .enums import OrganisationKind, Role
from .models import Membership, Organisation, User


def enterprise_list_for_user(
    *, user: User, search: str = "", status: str = "", town: str = ""
) -> QuerySet[Organisation]:
    if not user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        return Organisation.objects.none()
    qs = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).select_related("town")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(credit_code__icontains=search.upper()))
    if status:
        qs = qs.filter(status=status)
    if town:
        qs = qs.filter(town__code=town)
    return qs.order_by("-created_at", "-id")


def enterprise_get_for_user(*, user: User, pk: int) -> Organisation:
    """Staff and auditors see any enterprise; an enterprise user only their own (else 404)."""
    qs = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).select_related("town")
    if not user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        qs = qs.filter(memberships__user=user)
    org = qs.filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


def organisations_of(*, user: User, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(memberships__user=user).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("id")


def may_see_personal_data(*, user: Any, organisation: Organisation) -> bool:
    """Full contact mobile numbers: the organisation's own members and SAMR staff who handle
    its files. Everyone else (auditors included) sees them masked."""
    if user.has_role(Role.SAMR_STAFF):
        return True
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def users_holding(*, role: str, organisation_ids: Iterable[int] | None = None) -> QuerySet[User]:
    """Active users holding `role` (in one of `organisation_ids`, when given): the recipients of
    a notification."""
    # One filter() call: the role and the organisation must hold for the SAME membership.
    conditions: dict[str, Any] = {"memberships__role": role}
    if organisation_ids is not None:
        conditions["memberships__organisation_id__in"] = list(organisation_ids)
    return User.objects.filter(is_active=True, **conditions).distinct()
