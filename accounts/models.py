"""Users, organisations, their memberships (which carry a role), and Dongguan's towns."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from dgyp.models import WorkflowModel

from .enums import OrganisationKind, OrganisationStatus, Role, TownKind
from .validators import validate_mobile


class User(AbstractUser):
    """A person. Chinese names are not split: `full_name` replaces first/last name."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_names(self) -> frozenset[str]:
        """The roles this user holds (cached on the instance: one query per request)."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True)) & frozenset(Role.values)
            self._role_names = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_names & set(roles))


class Town(models.Model):
    """镇街: Dongguan's streets, towns and parks (reference data, migration 0003)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TownKind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("town or street")
        verbose_name_plural = _("towns and streets")

    def __str__(self) -> str:
        return self.name


class Organisation(WorkflowModel):
    """An enterprise, department, institution, association, SAST or SAMR."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True, unique=True
    )
    registered_address = models.CharField(_("registered address"), max_length=255, blank=True)
    town = models.ForeignKey(
        Town, verbose_name=_("town or street"), null=True, blank=True, on_delete=models.PROTECT
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_mobile = models.CharField(
        _("contact mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    status = FSMField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
        protected=True,
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    business_licence = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("business licence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Recorded here (upstream) by the alliance services so that the catalogue, which comes
    # before the alliance, can tell which institutions may write research notes.
    is_alliance_member = models.BooleanField(_("active alliance member"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="enterprise") | models.Q(credit_code__isnull=False),
                name="enterprise_has_credit_code",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    @transition(
        field=status,
        source=OrganisationStatus.ACTIVE,
        target=OrganisationStatus.DEACTIVATED,
        custom={"label": _("Deactivate")},
    )
    def deactivate(self) -> None:
        """停用: members can no longer log in on its behalf; its history is kept."""

    @transition(
        field=status,
        source=OrganisationStatus.DEACTIVATED,
        target=OrganisationStatus.ACTIVE,
        custom={"label": _("Reactivate")},
    )
    def reactivate(self) -> None:
        """恢复."""


class Membership(models.Model):
    """A user's role in an organisation. Holding a membership puts the user in the role's group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True),
                name="membership_unique_without_org",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(role="expert"),
                name="membership_org_required_except_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation or '—'}"


class EnterpriseBan(models.Model):
    """3年内不再受理: a ban on applying, recorded here (upstream) by the service that revokes a
    certificate for serious problems, and read by the application's eligibility check."""

    enterprise = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bans", verbose_name=_("enterprise")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("until (inclusive)"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ends_on"]
        verbose_name = _("ban on applying")
        verbose_name_plural = _("bans on applying")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="ban_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.starts_on}–{self.ends_on}"
