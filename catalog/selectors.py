"""Selectors (reads) of the product-category catalogue. Each filters by what the user may see;
object access raises Http404 for what the user may not see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.enums import OrganisationKind, OrganisationStatus, Role
from accounts.models import Organisation

from .enums import EditionState, SuggestionState
from .models import (
    CatalogEdition,
    Category,
    CategorySuggestion,
    ConsultationComment,
    ConsultedDepartment,
    Industry,
    ProductStandard,
    ResearchNote,
)

PREPARING_STATES = (EditionState.COLLECTING, EditionState.RESEARCHING, EditionState.CONSULTING)


def _is_staff(user: Any) -> bool:
    return bool(user.has_role(Role.SAMR_STAFF))


def _count_of(model: Any, **filters: Any) -> Any:
    qs = model.objects.filter(**filters).order_by().values("edition")
    return Coalesce(Subquery(qs.annotate(c=Count("pk")).values("c")[:1]), 0)


def _with_counts(qs: QuerySet[CatalogEdition]) -> QuerySet[CatalogEdition]:
    return qs.annotate(
        category_count=_count_of(Category, edition=OuterRef("pk")),
        waiting_suggestion_count=_count_of(
            CategorySuggestion, edition=OuterRef("pk"), state=SuggestionState.SUBMITTED
        ),
        suggestion_count=_count_of(CategorySuggestion, edition=OuterRef("pk")),
        unresolved_comment_count=_count_of(
            ConsultationComment, edition=OuterRef("pk"), resolved_at__isnull=True
        ),
        comment_count=_count_of(ConsultationComment, edition=OuterRef("pk")),
    )


# --- editions ---------------------------------------------------------------------------------


def edition_list_for_staff(*, user: Any) -> QuerySet[CatalogEdition]:
    if not _is_staff(user):
        return CatalogEdition.objects.none()
    return _with_counts(CatalogEdition.objects.all()).order_by("-year")


def edition_get_for_staff(*, user: Any, pk: int) -> CatalogEdition:
    edition = edition_list_for_staff(user=user).filter(pk=pk).first()
    if edition is None:
        raise Http404
    return edition


def edition_in_preparation() -> CatalogEdition | None:
    """The edition being prepared (collecting, researching or consulting), if any."""
    return CatalogEdition.objects.filter(state__in=PREPARING_STATES).order_by("-year").first()


def edition_current_for_staff() -> CatalogEdition | None:
    """The edition the programme office works on: the one in preparation, else the published."""
    return (
        _with_counts(
            CatalogEdition.objects.filter(state__in=[*PREPARING_STATES, EditionState.PUBLISHED])
        )
        .order_by("-year")
        .first()
    )


def edition_collecting_open() -> CatalogEdition | None:
    """The edition collecting suggestions today (deadline inclusive, Dongguan date)."""
    return (
        CatalogEdition.objects.filter(
            state=EditionState.COLLECTING, suggestion_deadline__gte=timezone.localdate()
        )
        .order_by("-year")
        .first()
    )


def edition_collecting() -> CatalogEdition | None:
    """The edition in the collecting stage, open or past its deadline."""
    return CatalogEdition.objects.filter(state=EditionState.COLLECTING).order_by("-year").first()


def edition_researching() -> CatalogEdition | None:
    return CatalogEdition.objects.filter(state=EditionState.RESEARCHING).order_by("-year").first()


def edition_consulting() -> CatalogEdition | None:
    return CatalogEdition.objects.filter(state=EditionState.CONSULTING).order_by("-year").first()


def edition_published() -> CatalogEdition | None:
    """The current catalogue (at most one is published: a database constraint)."""
    return CatalogEdition.objects.filter(state=EditionState.PUBLISHED).first()


def edition_public_by_year(*, year: int) -> CatalogEdition:
    """A published or superseded edition (drafts are not public)."""
    edition = CatalogEdition.objects.filter(
        year=year, state__in=[EditionState.PUBLISHED, EditionState.SUPERSEDED]
    ).first()
    if edition is None:
        raise Http404
    return edition


def edition_by_year_with_call(*, year: int) -> CatalogEdition:
    """Any edition by year: its call for suggestions is public from the day it is created."""
    edition = CatalogEdition.objects.filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def editions_public() -> QuerySet[CatalogEdition]:
    return CatalogEdition.objects.filter(
        state__in=[EditionState.PUBLISHED, EditionState.SUPERSEDED]
    ).order_by("-year")


# --- categories -------------------------------------------------------------------------------


def categories_of(*, edition: CatalogEdition) -> QuerySet[Category]:
    """The edition's categories with their industry and standards, in catalogue order."""
    return (
        Category.objects.filter(edition=edition)
        .select_related("industry")
        .prefetch_related(
            Prefetch("standards", queryset=ProductStandard.objects.order_by("number"))
        )
        .order_by("industry__order", "industry__code", "order", "code")
    )


def categories_for_staff(*, edition: CatalogEdition) -> QuerySet[Category]:
    return categories_of(edition=edition).annotate(
        note_count=Count("research_notes", distinct=True),
        suggestion_count=Count("suggestions", distinct=True),
        comment_count=Count("comments", distinct=True),
    )


@dataclass
class IndustryGroup:
    industry: Industry
    categories: list[Category]


def group_by_industry(categories: Any) -> list[IndustryGroup]:
    """Categories (already in industry order) grouped under their industry."""
    groups: list[IndustryGroup] = []
    for category in categories:
        if not groups or groups[-1].industry.pk != category.industry_id:
            groups.append(IndustryGroup(category.industry, []))
        groups[-1].categories.append(category)
    return groups


def category_get_for_staff(*, user: Any, pk: int) -> Category:
    if not _is_staff(user):
        raise Http404
    category = Category.objects.select_related("edition", "industry").filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


def standard_get_for_staff(*, user: Any, pk: int) -> ProductStandard:
    if not _is_staff(user):
        raise Http404
    standard = ProductStandard.objects.select_related("category__edition").filter(pk=pk).first()
    if standard is None:
        raise Http404
    return standard


def research_notes_of(*, category: Category) -> QuerySet[ResearchNote]:
    return category.research_notes.select_related("institution", "author").order_by(
        "institution__name"
    )


# --- suggestions ------------------------------------------------------------------------------


def suggester_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The active associations and enterprises in which the user may suggest categories."""
    return (
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role__in=[Role.ASSOCIATION, Role.ENTERPRISE],
            kind__in=[OrganisationKind.ASSOCIATION, OrganisationKind.ENTERPRISE],
            status=OrganisationStatus.ACTIVE,
        )
        .distinct()
        .order_by("name", "pk")
    )


def suggestion_list_for_staff(
    *,
    user: Any,
    edition: CatalogEdition,
    state: str = "",
    industry: str = "",
    search: str = "",
) -> QuerySet[CategorySuggestion]:
    if not _is_staff(user):
        return CategorySuggestion.objects.none()
    qs = CategorySuggestion.objects.filter(edition=edition).select_related(
        "organisation", "industry", "category", "submitted_by"
    )
    if state:
        qs = qs.filter(state=state)
    if industry:
        qs = qs.filter(industry__code=industry)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(scope__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    return qs.order_by("-created_at", "-id")


def suggestion_list_for_user(*, user: Any) -> QuerySet[CategorySuggestion]:
    """The suggestions of the user's own associations / enterprises, newest first."""
    return (
        CategorySuggestion.objects.filter(
            organisation__in=Organisation.objects.filter(
                memberships__user=user,
                memberships__role__in=[Role.ASSOCIATION, Role.ENTERPRISE],
            )
        )
        .select_related("edition", "industry", "category", "organisation")
        .order_by("-created_at", "-id")
    )


def suggestion_get_for_user(*, user: Any, pk: int) -> CategorySuggestion:
    """Staff see any suggestion; suggesters only their own organisation's (else 404)."""
    if _is_staff(user):
        qs = CategorySuggestion.objects.all()
    else:
        qs = suggestion_list_for_user(user=user)
    suggestion = (
        qs.select_related(
            "edition", "industry", "category", "organisation", "submitted_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


# --- research ---------------------------------------------------------------------------------


def research_institutions(*, user: Any) -> QuerySet[Organisation]:
    """The user's institutions that are active alliance members (may write research notes)."""
    return (
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=Role.INSTITUTION,
            kind=OrganisationKind.INSTITUTION,
            status=OrganisationStatus.ACTIVE,
            is_alliance_member=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


def research_categories(
    *, edition: CatalogEdition, institution: Organisation
) -> QuerySet[Category]:
    """The edition's categories, each with `my_note` (the institution's note, or None)."""
    mine = ResearchNote.objects.filter(institution=institution)
    return categories_of(edition=edition).prefetch_related(
        Prefetch("research_notes", queryset=mine, to_attr="my_notes")
    )


def research_category_get(*, edition: CatalogEdition, pk: int) -> Category:
    category = categories_of(edition=edition).filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


# --- consultation -----------------------------------------------------------------------------


def department_organisations(*, user: Any) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=Role.DEPARTMENT,
            kind=OrganisationKind.DEPARTMENT,
            status=OrganisationStatus.ACTIVE,
        )
        .distinct()
        .order_by("name", "pk")
    )


def comments_of_organisation(
    *, edition: CatalogEdition, organisation: Organisation
) -> QuerySet[ConsultationComment]:
    return ConsultationComment.objects.filter(
        edition=edition, organisation=organisation
    ).select_related("category", "author", "resolved_by")


def comment_list_for_staff(
    *, user: Any, edition: CatalogEdition, unresolved: bool = False
) -> QuerySet[ConsultationComment]:
    if not _is_staff(user):
        return ConsultationComment.objects.none()
    qs = ConsultationComment.objects.filter(edition=edition).select_related(
        "category", "organisation", "author", "resolved_by"
    )
    if unresolved:
        qs = qs.filter(resolved_at__isnull=True)
    return qs.order_by("resolved_at", "created_at", "id")


def comment_get_for_staff(*, user: Any, pk: int) -> ConsultationComment:
    if not _is_staff(user):
        raise Http404
    comment = ConsultationComment.objects.select_related("edition").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def consulted_departments(*, edition: CatalogEdition) -> QuerySet[ConsultedDepartment]:
    return edition.consulted_departments.select_related("organisation").order_by(
        "organisation__name"
    )


def answer_of(*, edition: CatalogEdition, organisation: Organisation) -> ConsultedDepartment | None:
    return ConsultedDepartment.objects.filter(edition=edition, organisation=organisation).first()


# --- dashboard panels (a query or two each) -----------------------------------------------------


def panel_staff(user: Any) -> dict:
    return {"edition": edition_current_for_staff()}


def panel_suggester(user: Any) -> dict:
    return {"edition": edition_collecting_open()}


def panel_department(user: Any) -> dict:
    edition = (
        CatalogEdition.objects.filter(
            state=EditionState.CONSULTING, consultation_deadline__gte=timezone.localdate()
        )
        .order_by("-year")
        .first()
    )
    return {"edition": edition}


def panel_institution(user: Any) -> dict:
    """The edition under research and how many of its categories still lack this user's note."""
    institutions = research_institutions(user=user)
    if not institutions.exists():
        return {"is_member": False, "edition": None, "waiting": 0}
    member = institutions.filter(pk=OuterRef("institution"))
    edition = (
        CatalogEdition.objects.filter(state=EditionState.RESEARCHING)
        .annotate(
            category_count=_count_of(Category, edition=OuterRef("pk")),
            my_note_count=_count_of_notes(member),
        )
        .order_by("-year")
        .first()
    )
    waiting = 0 if edition is None else edition.category_count - edition.my_note_count
    return {"is_member": True, "edition": edition, "waiting": waiting}


def _count_of_notes(member: QuerySet) -> Any:
    """Categories of the edition (OuterRef) that have a note from one of the user's institutions."""
    notes = (
        ResearchNote.objects.filter(category__edition=OuterRef("pk"))
        .filter(Exists(member))
        .order_by()
        .values("category__edition")
        .annotate(c=Count("category", distinct=True))
        .values("c")[:1]
    )
    return Coalesce(Subquery(notes), 0)
