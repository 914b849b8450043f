"""Services (writes) of accounts: registration, memberships, organisation status."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dgyp.attachments import DOCUMENT_AND_IMAGE_KINDS, attachment_create, register_access_rule
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.notifications import notify
from dgyp.permissions import require_role
from dgyp.transitions import apply_transition

from .enums import ROLES_BY_KIND, OrganisationKind, Role
from .models import Membership, Organisation, Town, User


def membership_grant(
    *, user: User, role: str, organisation: Organisation | None, by: Any
) -> Membership:
    """Give `user` the `role` in `organisation` (and put them in the role's group)."""
    if organisation is not None and role not in ROLES_BY_KIND[organisation.kind]:
        raise DomainError(
            _("The role “%(role)s” cannot be held in a %(kind)s.")
            % {"role": Role(role).label, "kind": organisation.get_kind_display()}
        )
    if organisation is None and role != Role.EXPERT:
        raise DomainError(_("This role must be held in an organisation."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        user.groups.add(Group.objects.get(name=role))
        user.__dict__.pop("_role_names", None)
        if created:
            audit_record(
                event_type=AuditEventType.MEMBERSHIP_GRANTED,
                actor=by,
                target=user,
                payload={"role": role, "organisation": organisation.pk if organisation else None},
            )
    return membership


def membership_revoke(*, membership: Membership, by: Any) -> None:
    with transaction.atomic():
        user, role = membership.user, membership.role
        org_id = membership.organisation_id
        membership.delete()
        if not Membership.objects.filter(user=user, role=role).exists():
            user.groups.remove(Group.objects.get(name=role))
        audit_record(
            event_type=AuditEventType.MEMBERSHIP_REVOKED,
            actor=by,
            target=user,
            payload={"role": role, "organisation": org_id},
        )


# What self-registration creates, per kind of organisation that may register itself.
_SELF_REGISTRATION = {
    OrganisationKind.ENTERPRISE: (Role.ENTERPRISE, AuditEventType.ENTERPRISE_REGISTERED),
    OrganisationKind.INSTITUTION: (Role.INSTITUTION, AuditEventType.INSTITUTION_REGISTERED),
}


def organisation_register(
    *,
    kind: str,
    name: str,
    credit_code: str,
    registered_address: str,
    town: Town | None,
    legal_representative: str,
    contact_name: str,
    contact_mobile: str,
    username: str,
    email: str,
    password: str,
) -> tuple[Organisation, User]:
    """注册: an enterprise or an institution registers itself and its first user account.

    The credit code has been validated by the form (`validate_uscc` for enterprises, which must
    be in Dongguan; `validate_uscc_format` for institutions); the database's unique constraint
    settles a race between two registrations of one code.
    """
    role, event_type = _SELF_REGISTRATION[OrganisationKind(kind)]
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name,
                kind=kind,
                credit_code=credit_code,
                registered_address=registered_address,
                town=town,
                legal_representative=legal_representative,
                contact_name=contact_name,
                contact_mobile=contact_mobile,
            )
            user = User.objects.create_user(
                username=username,
                email=email,
                password=password,
                full_name=contact_name,
                mobile=contact_mobile,
            )
            membership_grant(user=user, role=role, organisation=organisation, by=user)
            if kind == OrganisationKind.ENTERPRISE:
                next_step = _("You will be notified here when a call for applications opens.")
            else:
                next_step = _("You can now apply to join the quality technical service alliance.")
            notify(
                recipients=[user],
                key=f"organisation.registered:{organisation.pk}",
                title=_("Welcome to the 东莞优品 portal"),
                body=_("%(name)s is registered with the unified social credit code %(code)s.")
                % {"name": organisation.name, "code": credit_code}
                + " "
                + next_step,
                url=reverse("accounts:dashboard"),
            )
            audit_record(
                event_type=event_type,
                actor=user,
                organisation=organisation,
                target=organisation,
                to_state=organisation.status,
                payload={"credit_code": credit_code, "town": town.code if town else None},
            )
    except IntegrityError as exc:
        raise DomainError(
            _(
                "An organisation with this credit code, or an account with this user name or "
                "e-mail, is already registered."
            )
        ) from exc
    return organisation, user


def enterprise_register(**fields: Any) -> tuple[Organisation, User]:
    """企业注册 (see organisation_register)."""
    return organisation_register(kind=OrganisationKind.ENTERPRISE, **fields)


def organisation_deactivate(*, organisation: Organisation, by: Any, reason: str) -> Organisation:
    """停用: the organisation's users can no longer act for it; nothing is deleted."""
    if not reason.strip():
        require_role(by, Role.SAMR_STAFF)
        raise DomainError(_("Give the reason for deactivating."))
    return _organisation_set_status(
        organisation, "deactivate", AuditEventType.ORGANISATION_DEACTIVATED, by, reason
    )


def organisation_reactivate(
    *, organisation: Organisation, by: Any, reason: str = ""
) -> Organisation:
    """恢复: its users may log in again."""
    return _organisation_set_status(
        organisation, "reactivate", AuditEventType.ORGANISATION_REACTIVATED, by, reason
    )


def _organisation_set_status(
    organisation: Organisation, action: str, event_type: str, by: Any, reason: str
) -> Organisation:
    require_role(by, Role.SAMR_STAFF)
    reason = reason.strip()

    def record_reason(org: Organisation) -> None:
        org.status_reason = reason

    with transaction.atomic():
        org = apply_transition(
            instance=organisation,
            action=action,
            by=by,
            event_type=event_type,
            payload={"reason": reason},
            before_save=record_reason,
        )
        # Its users learn it by e-mail too: once deactivated they can no longer log in.
        if action == "deactivate":
            title = _("Your organisation's account on the 东莞优品 portal has been deactivated")
        else:
            title = _("Your organisation's account on the 东莞优品 portal has been reactivated")
        notify(
            recipients=User.objects.filter(memberships__organisation=org).distinct(),
            key=f"organisation.{action}:{org.pk}:{timezone.now().isoformat()}",
            title=title,
            body=_("Organisation: %(name)s\nReason: %(reason)s")
            % {"name": org.name, "reason": reason or "—"},
        )
    return org


BUSINESS_LICENCE_PURPOSE = "organisation.business_licence"


def organisation_set_business_licence(
    *, organisation: Organisation, upload: Any, by: Any
) -> Organisation:
    """Attach (or replace) the scan of the business licence; the old file is kept for history."""
    if not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise PermissionDenied()
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        org.business_licence = attachment_create(
            upload=upload,
            by=by,
            purpose=BUSINESS_LICENCE_PURPOSE,
            owner_organisation=org,
            allowed=DOCUMENT_AND_IMAGE_KINDS,
        )
        org.save(update_fields=["business_licence"])
    return org


def _staff_may_read_licence(user: Any, attachment: Any) -> bool:
    return user.has_role(Role.SAMR_STAFF, Role.AUDITOR)


register_access_rule(BUSINESS_LICENCE_PURPOSE, _staff_may_read_licence)
