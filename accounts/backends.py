"""Authentication: a user whose every organisation is deactivated can neither log in nor keep
a session (checked in the same query that loads the user for each request)."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .enums import OrganisationStatus
from .models import Membership, User


def _with_org_flags(qs):
    org_memberships = Membership.objects.filter(user=OuterRef("pk"), organisation__isnull=False)
    return qs.annotate(
        _has_org=Exists(org_memberships),
        _has_active_org=Exists(
            org_memberships.filter(organisation__status=OrganisationStatus.ACTIVE)
        ),
    )


class PortalModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        flags = _with_org_flags(User.objects.filter(pk=user.pk)).values(
            "_has_org", "_has_active_org"
        )
        row = flags.first()
        return row is None or not row["_has_org"] or row["_has_active_org"]

    def get_user(self, user_id):
        user = _with_org_flags(User._default_manager.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate_loaded(user):
            return None
        return user

    @staticmethod
    def user_can_authenticate_loaded(user) -> bool:
        return user.is_active and (not user._has_org or user._has_active_org)
