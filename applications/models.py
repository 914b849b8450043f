"""企业申报: calls (申报批次), applications with their materials and versions, and the
qualification review (资格审核): checklist, notes, supplements (补充材料) and departments'
supervision opinions (征询监管意见)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from dgyp.models import WorkflowModel

from .enums import (
    DEFAULT_CALL_CHECKLIST,
    DEFAULT_CALL_MATERIALS,
    SUBMITTED_OPEN_STATES,
    WITHDRAWABLE_STATES,
    ApplicationState,
    CallState,
    OpinionAnswer,
    SupplementState,
)


def _default_materials() -> list[dict]:
    return [dict(m) for m in DEFAULT_CALL_MATERIALS]


def _default_checklist() -> list[dict]:
    return [dict(c) for c in DEFAULT_CALL_CHECKLIST]


class Call(WorkflowModel):
    """申报批次: one year's call for applications against a published catalogue edition."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    edition = models.ForeignKey(
        "catalog.CatalogEdition",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("catalogue edition"),
    )
    notice = models.TextField(_("notice text"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("Applications are accepted until 24:00 of this day.")
    )
    required_materials = models.JSONField(_("required materials"), default=_default_materials)
    checklist = models.JSONField(_("formal checklist"), default=_default_checklist)
    supplement_working_days = models.PositiveSmallIntegerField(
        _("working days to supply missing materials"), default=5
    )
    state = FSMField(
        _("state"),
        max_length=16,
        choices=CallState.choices,
        default=CallState.DRAFT,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="call_title_unique_in_year"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: dt.date) -> bool:
        return self.state == CallState.PUBLISHED and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def required_codes(self) -> list[str]:
        return [m["code"] for m in self.required_materials if m.get("required", True)]

    def material_label(self, code: str) -> str:
        return next((m["label"] for m in self.required_materials if m["code"] == code), code)

    @transition(
        field=state,
        source=CallState.DRAFT,
        target=CallState.PUBLISHED,
        custom={"label": _("Publish")},
    )
    def publish(self) -> None:
        """发布申报通知."""

    @transition(
        field=state,
        source=CallState.PUBLISHED,
        target=CallState.CLOSED,
        custom={"label": _("Close")},
    )
    def close(self) -> None:
        """结束申报批次."""


class Application(WorkflowModel):
    """申报: one enterprise's application for one product in one category of a call."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    enterprise = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("enterprise"),
    )
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("category"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Makes "start an application" idempotent: a double click or a refresh re-uses the draft.
    client_key = models.UUIDField(unique=True)
    reference = models.CharField(
        _("reference number"), max_length=20, null=True, blank=True, unique=True
    )

    product_name = models.CharField(_("product name"), max_length=100, blank=True)
    # The product name as compared for "one open application per product": case- and space-folded.
    product_key = models.CharField(max_length=100, blank=True, db_index=True)
    models_specs = models.TextField(_("models and specifications"), blank=True)
    trademark = models.CharField(_("trademark"), max_length=100, blank=True)
    product_standard = models.ForeignKey(
        "catalog.ProductStandard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("product standard followed"),
    )
    product_standard_other = models.CharField(
        _("other standard followed (enterprise or higher standard)"), max_length=200, blank=True
    )
    annual_output = models.CharField(
        _("annual output"), max_length=100, blank=True, help_text=_("With its unit, e.g. 120万台")
    )
    annual_sales_yuan = models.DecimalField(
        _("annual sales (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    self_evaluation = models.JSONField(_("self-evaluation"), default=dict, blank=True)

    state = FSMField(
        _("state"),
        max_length=32,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        protected=True,
    )
    # Incremented by every save of the draft: an autosave from a stale tab is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    state_changed_at = models.DateTimeField(
        _("in this state since"), default=timezone.now, db_index=True
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One product, one open application: drafts are the enterprise's working copies and
            # do not count (the check at submit names the other application).
            models.UniqueConstraint(
                fields=["enterprise", "product_key"],
                condition=models.Q(state__in=[str(s) for s in SUBMITTED_OPEN_STATES])
                & ~models.Q(product_key=""),
                name="one_open_application_per_product",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["state", "state_changed_at"]),
            models.Index(fields=["enterprise", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.enterprise} · {self.product_name or '—'}"

    @property
    def is_editable_by_enterprise(self) -> bool:
        return self.state == ApplicationState.DRAFT

    # --- transitions of the qualification stage (资格审核) ---

    @transition(
        field=state,
        source=ApplicationState.DRAFT,
        target=ApplicationState.SUBMITTED,
        custom={"label": _("Submit")},
    )
    def submit(self) -> None:
        """提交申报."""

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.QUALIFICATION_REVIEW,
        custom={"label": _("Start the qualification review")},
    )
    def start_review(self) -> None:
        """开始资格审核."""

    @transition(
        field=state,
        source=ApplicationState.QUALIFICATION_REVIEW,
        target=ApplicationState.SUPPLEMENT_REQUESTED,
        custom={"label": _("Request supplements")},
    )
    def request_supplement(self) -> None:
        """一次性告知补充材料."""

    @transition(
        field=state,
        source=ApplicationState.SUPPLEMENT_REQUESTED,
        target=ApplicationState.QUALIFICATION_REVIEW,
        custom={"label": _("Resubmit")},
    )
    def resubmit(self) -> None:
        """补充材料后重新提交."""

    @transition(
        field=state,
        source=[ApplicationState.QUALIFICATION_REVIEW, ApplicationState.SUPPLEMENT_REQUESTED],
        target=ApplicationState.REJECTED,
        custom={"label": _("Reject")},
    )
    def reject(self) -> None:
        """资格审核不通过."""

    @transition(
        field=state,
        source=ApplicationState.QUALIFICATION_REVIEW,
        target=ApplicationState.QUALIFIED,
        custom={"label": _("Qualify")},
    )
    def qualify(self) -> None:
        """资格审核通过."""

    @transition(
        field=state,
        source=ApplicationState.QUALIFIED,
        target=ApplicationState.EXPERT_REVIEW,
        custom={"label": _("Hand over to SAST")},
    )
    def hand_over(self) -> None:
        """移送市科协评审."""

    @transition(
        field=state,
        source=[str(s) for s in WITHDRAWABLE_STATES],
        target=ApplicationState.WITHDRAWN,
        custom={"label": _("Withdraw")},
    )
    def withdraw(self) -> None:
        """企业撤回申报."""


class ApplicationMaterial(models.Model):
    """A file for one of the call's materials. Rows are never replaced: the newest per code is
    the current one, the older ones are what the reviewer compares against."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="materials")
    code = models.CharField(_("material"), max_length=50)
    attachment = models.ForeignKey("core.Attachment", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-uploaded_at", "-id"]
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        indexes = [models.Index(fields=["application", "code"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.attachment}"


class ApplicationVersion(models.Model):
    """The application as submitted (1) and as resubmitted after each supplement (2, 3, ...)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField()

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


class ChecklistMark(models.Model):
    """A reviewer's mark on one item of the call's formal checklist."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="checklist_marks"
    )
    code = models.CharField(max_length=50)
    ok = models.BooleanField(_("meets the requirement"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="one_mark_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.ok}"


class ReviewNote(models.Model):
    """审核备注: the reviewers' working notes (not shown to the enterprise)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class SupplementRequest(models.Model):
    """补充材料通知: everything missing, told once (一次性告知), with a deadline in working days."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="supplements"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    items = models.JSONField(_("items"), help_text=_("What is missing or wrong, item by item."))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    deadline = models.DateField(
        _("deadline"), help_text=_("Until 24:00 of this day, Asia/Shanghai.")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=SupplementState.choices, default=SupplementState.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("the enterprise's note"), blank=True)
    # When the reviewer was told that the deadline passed (told once).
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="supplement_round_unique"
            ),
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(state="open"), name="one_open_supplement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} #{self.round}"

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.state == SupplementState.OPEN and day > self.deadline


class OpinionRequest(models.Model):
    """征询监管意见: a request to a department about the applicant, answered online."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="opinion_requests"
    )
    department = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="opinion_requests",
        verbose_name=_("department"),
    )
    message = models.TextField(_("request"), blank=True)
    due_date = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(_("answer"), max_length=16, choices=OpinionAnswer.choices, blank=True)
    details = models.TextField(_("details"), blank=True)
    attachment = models.ForeignKey(
        "core.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "department"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_request_per_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(answer="adverse") | ~models.Q(details=""),
                name="adverse_answer_has_details",
            ),
        ]
        indexes = [models.Index(fields=["department", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.application} → {self.department}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
