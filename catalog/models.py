"""产品类别目录: yearly catalogue editions, their categories and product standards, and the
suggestions, research notes and consultation comments that lead to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from dgyp.models import WorkflowModel

from .enums import DEFAULT_CATEGORY_TARGET, EditionState, ResearchRecommendation, SuggestionState


class Industry(models.Model):
    """行业: grouping of categories (电子信息, 家具, 食品, ...), reference data."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return self.name


class CatalogEdition(WorkflowModel):
    """One year's catalogue. Read-only once published; the next published edition supersedes it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("notice text"), blank=True)
    suggestion_deadline = models.DateField(_("suggestions until"))
    consultation_deadline = models.DateField(_("consultation until"), null=True, blank=True)
    target_count = models.PositiveSmallIntegerField(
        _("target number of categories"), default=DEFAULT_CATEGORY_TARGET
    )
    state = FSMField(
        _("stage"),
        max_length=16,
        choices=EditionState.choices,
        default=EditionState.COLLECTING,
        protected=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        constraints = [
            # At most one edition is the current published catalogue.
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="published"),
                name="catalog_one_published_edition",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in (
            EditionState.COLLECTING,
            EditionState.RESEARCHING,
            EditionState.CONSULTING,
        )

    @transition(
        field=state,
        source=EditionState.COLLECTING,
        target=EditionState.RESEARCHING,
        custom={"label": _("Start research")},
    )
    def start_research(self) -> None:
        """征集结束，组织联盟机构研究."""

    @transition(
        field=state,
        source=EditionState.RESEARCHING,
        target=EditionState.CONSULTING,
        custom={"label": _("Start consultation")},
    )
    def start_consultation(self) -> None:
        """征求成员单位意见."""

    @transition(
        field=state,
        source=EditionState.CONSULTING,
        target=EditionState.PUBLISHED,
        custom={"label": _("Publish")},
    )
    def publish(self) -> None:
        """正式发布."""

    @transition(
        field=state,
        source=EditionState.PUBLISHED,
        target=EditionState.SUPERSEDED,
        custom={"label": _("Supersede")},
    )
    def supersede(self) -> None:
        """被新版目录取代."""


class Category(models.Model):
    """产品类别: what enterprises apply under and samples are tested against."""

    edition = models.ForeignKey(
        CatalogEdition,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("edition"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="categories", verbose_name=_("industry")
    )
    scope = models.TextField(_("scope"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # 东莞优品 团体标准: optional; once effective, certified products must meet it.
    group_standard_number = models.CharField(_("group standard number"), max_length=50, blank=True)
    group_standard_title = models.CharField(_("group standard title"), max_length=200, blank=True)
    group_standard_effective = models.DateField(
        _("group standard effective from"), null=True, blank=True
    )

    class Meta:
        ordering = ["edition", "order", "code"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="category_code_unique_in_edition"
            ),
            models.UniqueConstraint(
                fields=["edition", "name"], name="category_name_unique_in_edition"
            ),
            models.CheckConstraint(
                condition=models.Q(group_standard_number="")
                | (
                    ~models.Q(group_standard_title="")
                    & models.Q(group_standard_effective__isnull=False)
                ),
                name="category_group_standard_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProductStandard(models.Model):
    """执行标准: a standard a category's samples are tested against (GB, GB/T, QB/T, ...)."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="standards", verbose_name=_("category")
    )
    number = models.CharField(_("standard number"), max_length=50)
    title = models.CharField(_("standard title"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("product standard")
        verbose_name_plural = _("product standards")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "number"], name="standard_unique_in_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CategorySuggestion(WorkflowModel):
    """目录建议: a category proposed by an association or an enterprise."""

    edition = models.ForeignKey(
        CatalogEdition,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("edition"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("category name"), max_length=100)
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    scope = models.TextField(_("scope"))
    product_standards = models.TextField(
        _("product standards"),
        help_text=_("One per line: number and title, e.g. GB/T 22793.1-2008 家具 椅凳类"),
    )
    reasons = models.TextField(_("reasons"))
    state = FSMField(
        _("state"),
        max_length=16,
        choices=SuggestionState.choices,
        default=SuggestionState.SUBMITTED,
        protected=True,
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("category"),
    )
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    # Who decided and when: shown to the suggester beside the decision.
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("category suggestion")
        verbose_name_plural = _("category suggestions")

    def __str__(self) -> str:
        return self.name

    @transition(
        field=state,
        source=SuggestionState.SUBMITTED,
        target=SuggestionState.ADOPTED,
        custom={"label": _("Adopt")},
    )
    def adopt(self) -> None:
        """采纳为新类别."""

    @transition(
        field=state,
        source=SuggestionState.SUBMITTED,
        target=SuggestionState.MERGED,
        custom={"label": _("Merge")},
    )
    def merge(self) -> None:
        """合并到已有类别."""

    @transition(
        field=state,
        source=SuggestionState.SUBMITTED,
        target=SuggestionState.DECLINED,
        custom={"label": _("Decline")},
    )
    def decline(self) -> None:
        """不予采纳."""


class ResearchNote(models.Model):
    """研究意见: an alliance institution's research on a category."""

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        related_name="research_notes",
        verbose_name=_("category"),
    )
    institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    standard_advancedness = models.TextField(_("advancedness of the standards"))
    market = models.TextField(_("market and consumer demand"))
    dongguan_producers = models.PositiveIntegerField(_("number of Dongguan producers"))
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=ResearchRecommendation.choices
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["category", "institution"]
        verbose_name = _("research note")
        verbose_name_plural = _("research notes")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "institution"], name="one_note_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.institution}"


class ConsultationComment(models.Model):
    """征求意见: a member unit's comment on the draft catalogue (or one category)."""

    edition = models.ForeignKey(
        CatalogEdition, on_delete=models.PROTECT, related_name="comments", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("category"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    response = models.TextField(_("response"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        constraints = [
            # A comment is resolved exactly when it has a response.
            models.CheckConstraint(
                condition=(models.Q(resolved_at__isnull=True) & models.Q(response=""))
                | (models.Q(resolved_at__isnull=False) & ~models.Q(response="")),
                name="comment_resolved_with_response",
            )
        ]

    def __str__(self) -> str:
        return self.body[:50]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ConsultedDepartment(models.Model):
    """征求意见对象: a member unit asked for its opinion on a draft catalogue, and its answer.

    A unit answers by commenting or by replying that it has no comments (无意见); the edition
    may be published before the consultation deadline once every consulted unit has answered.
    """

    edition = models.ForeignKey(
        CatalogEdition,
        on_delete=models.CASCADE,
        related_name="consulted_departments",
        verbose_name=_("edition"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    consulted_at = models.DateTimeField(_("consulted"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    no_comments = models.BooleanField(_("no comments"), default=False)

    class Meta:
        ordering = ["edition", "organisation__name"]
        verbose_name = _("consulted member unit")
        verbose_name_plural = _("consulted member units")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation"], name="consulted_once_per_edition"
            ),
            models.CheckConstraint(
                condition=models.Q(no_comments=False) | models.Q(answered_at__isnull=False),
                name="no_comments_is_an_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.organisation}"
