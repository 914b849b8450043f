"""质量技术服务联盟: calls, institutions' applications and their materials, association screening,
comments on the proposed list, members, violations and enterprises' ratings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from dgyp.models import WorkflowModel

from .enums import (
    DEFAULT_REQUIRED_MATERIALS,
    ApplicationState,
    CallState,
    CommentResolution,
    InstitutionType,
    MemberState,
    Recommendation,
)


def default_materials() -> list[dict[str, str]]:
    return [dict(m) for m in DEFAULT_REQUIRED_MATERIALS]


class AllianceCall(WorkflowModel):
    """申报通知: SAMR's call for institutions, carried through to the alliance's establishment."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    criteria = models.TextField(_("institution criteria"))
    required_materials = models.JSONField(_("required materials"), default=default_materials)
    deadline = models.DateTimeField(_("application deadline"))
    comment_deadline = models.DateField(_("comments until"), null=True, blank=True)
    state = FSMField(
        _("stage"),
        max_length=16,
        choices=CallState.choices,
        default=CallState.DRAFT,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    established_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("alliance call")
        verbose_name_plural = _("alliance calls")

    def __str__(self) -> str:
        return self.title

    def material_label(self, code: str) -> str:
        return next((m["label"] for m in self.required_materials if m["code"] == code), code)

    @transition(
        field=state,
        source=CallState.DRAFT,
        target=CallState.OPEN,
        custom={"label": _("Publish the call")},
    )
    def open(self) -> None:
        """发布申报通知."""

    @transition(
        field=state,
        source=CallState.OPEN,
        target=CallState.REVIEWING,
        custom={"label": _("Close applications")},
    )
    def close(self) -> None:
        """截止申报，进入受理和筛选."""

    @transition(
        field=state,
        source=CallState.REVIEWING,
        target=CallState.CONSULTING,
        custom={"label": _("Publish the proposed list for comment")},
    )
    def start_consultation(self) -> None:
        """建议名单征求意见."""

    @transition(
        field=state,
        source=CallState.CONSULTING,
        target=CallState.ESTABLISHED,
        custom={"label": _("Establish the alliance")},
    )
    def establish(self) -> None:
        """正式成立联盟并发布通告."""


class InstitutionApplication(WorkflowModel):
    """机构申报: one institution's application to one call."""

    call = models.ForeignKey(
        AllianceCall, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="alliance_applications",
        verbose_name=_("institution"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution_type = models.CharField(_("type"), max_length=16, choices=InstitutionType.choices)
    introduction = models.TextField(_("introduction"), blank=True)
    cma_number = models.CharField(_("CMA certificate number"), max_length=50, blank=True)
    cma_scope = models.TextField(_("CMA scope"), blank=True)
    cnas_number = models.CharField(_("CNAS accreditation number"), max_length=50, blank=True)
    cnas_scope = models.TextField(_("CNAS scope"), blank=True)
    fields = models.ManyToManyField(
        "catalog.Industry", related_name="+", verbose_name=_("qualified product fields"), blank=True
    )
    state = FSMField(
        _("state"),
        max_length=16,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        protected=True,
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("alliance application")
        verbose_name_plural = _("alliance applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "institution"], name="one_application_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.call}"

    @transition(
        field=state,
        source=[ApplicationState.DRAFT, ApplicationState.RETURNED],
        target=ApplicationState.SUBMITTED,
        custom={"label": _("Submit")},
    )
    def submit(self) -> None:
        """提交申报."""

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.ACCEPTED,
        custom={"label": _("Accept")},
    )
    def accept(self) -> None:
        """受理."""

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.RETURNED,
        custom={"label": _("Return")},
    )
    def return_(self) -> None:
        """不予受理."""

    @transition(
        field=state,
        source=ApplicationState.ACCEPTED,
        target=ApplicationState.PROPOSED,
        custom={"label": _("Put on the proposed list")},
    )
    def propose(self) -> None:
        """列入建议名单."""

    @transition(
        field=state,
        source=ApplicationState.ACCEPTED,
        target=ApplicationState.NOT_PROPOSED,
        custom={"label": _("Leave off the proposed list")},
    )
    def not_propose(self) -> None:
        """不列入建议名单."""

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.ACCEPTED,
        custom={"label": _("Take off the proposed list")},
    )
    def unpropose(self) -> None:
        """移出建议名单（征求意见前）."""

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.ADMITTED,
        custom={"label": _("Admit")},
    )
    def admit(self) -> None:
        """成为联盟成员."""

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.NOT_ADMITTED,
        custom={"label": _("Do not admit")},
    )
    def not_admit(self) -> None:
        """异议成立，不予纳入."""


class ApplicationMaterial(models.Model):
    """A required material (by the call's code) attached to an application; replaced, not added."""

    application = models.ForeignKey(
        InstitutionApplication, on_delete=models.CASCADE, related_name="materials"
    )
    code = models.CharField(_("material"), max_length=50)
    attachment = models.ForeignKey("core.Attachment", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="one_file_per_material")
        ]

    def __str__(self) -> str:
        return self.code


class ScreeningAssignment(models.Model):
    """行业协会筛选: an accepted application assigned to an association for a recommendation."""

    application = models.ForeignKey(
        InstitutionApplication, on_delete=models.CASCADE, related_name="screenings"
    )
    association = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("association"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("screening assignment")
        verbose_name_plural = _("screening assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "association"], name="one_screening_per_association"
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation="") | ~models.Q(reason=""),
                name="screening_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.association}"


class ListComment(models.Model):
    """征求意见: a comment on the proposed list from a member unit (signed in) or the public
    (real name and contact required). An objection must be resolved before establishment."""

    call = models.ForeignKey(AllianceCall, on_delete=models.PROTECT, related_name="comments")
    application = models.ForeignKey(
        InstitutionApplication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("institution concerned"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    public_name = models.CharField(_("real name"), max_length=50, blank=True)
    public_contact = models.CharField(_("contact (mobile or e-mail)"), max_length=100, blank=True)
    body = models.TextField(_("comment"))
    is_objection = models.BooleanField(_("this is an objection"), default=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    resolution = models.CharField(
        _("resolution"),
        max_length=16,
        choices=CommentResolution.choices,
        default=CommentResolution.OPEN,
    )
    response = models.TextField(_("response"), blank=True)
    # An upheld objection names the institution it keeps out of the alliance, also when the
    # comment was about the whole list (then staff say which one).
    upheld_application = models.ForeignKey(
        InstitutionApplication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upheld_objections",
        verbose_name=_("institution the upheld objection concerns"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on the proposed list")
        verbose_name_plural = _("comments on the proposed list")
        constraints = [
            # Either a signed-in member unit, or a member of the public who gives name and contact.
            models.CheckConstraint(
                condition=models.Q(author__isnull=False)
                | (~models.Q(public_name="") & ~models.Q(public_contact="")),
                name="comment_has_identity",
            ),
            models.CheckConstraint(
                condition=models.Q(resolution="open") | ~models.Q(response=""),
                name="comment_resolution_has_response",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(resolution="upheld", upheld_application__isnull=False)
                    | (~models.Q(resolution="upheld") & models.Q(upheld_application__isnull=True))
                ),
                name="comment_upheld_names_application",
            ),
        ]
        indexes = [models.Index(fields=["call", "resolution"])]

    def __str__(self) -> str:
        return self.body[:50]


class AllianceMember(WorkflowModel):
    """联盟成员: an institution admitted by an established call. Disqualification keeps the row."""

    # A foreign key, not one-to-one: an institution disqualified once may be admitted again by a
    # later call; at most one of its memberships is active (constraint below).
    institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="alliance_memberships",
        verbose_name=_("institution"),
    )
    application = models.OneToOneField(
        InstitutionApplication, on_delete=models.PROTECT, related_name="member"
    )
    joined_at = models.DateTimeField(_("member since"))
    state = FSMField(
        _("state"),
        max_length=16,
        choices=MemberState.choices,
        default=MemberState.ACTIVE,
        protected=True,
    )
    disqualified_at = models.DateTimeField(_("disqualified"), null=True, blank=True)
    disqualification_reason = models.TextField(_("reason for disqualification"), blank=True)

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(state="active"),
                name="one_active_membership_per_institution",
            ),
        ]

    def __str__(self) -> str:
        return str(self.institution)

    @transition(
        field=state,
        source=MemberState.ACTIVE,
        target=MemberState.DISQUALIFIED,
        custom={"label": _("Disqualify")},
    )
    def disqualify(self) -> None:
        """取消联盟资格."""


class Violation(models.Model):
    """违法违规记录: what staff found about a member (the ground of a disqualification)."""

    member = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="violations")
    description = models.TextField(_("what was found"))
    found_on = models.DateField(_("found on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return self.description[:50]


class InstitutionRating(models.Model):
    """企业评价: an enterprise's rating of an alliance institution (one per pair, updatable)."""

    member = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="ratings")
    enterprise = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("institution rating")
        verbose_name_plural = _("institution ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "enterprise"], name="one_rating_per_enterprise"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.member}: {self.score}"
