"""Factories of the catalogue. Editions reach their stages only through the services (never
by setting the state); plain date fields may be moved with the ORM to simulate time passing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from catalog import services
from catalog.models import (
    CatalogEdition,
    Category,
    CategorySuggestion,
    ConsultationComment,
    Industry,
)

from .accounts import OrganisationFactory, make_member

STANDARD = "GB/T 3324-2017 木家具通用技术条件"


def today() -> dt.date:
    return timezone.localdate()


def industry(code: str = "furniture") -> Industry:
    return Industry.objects.get(code=code)


def reload(edition: CatalogEdition) -> CatalogEdition:
    return CatalogEdition.objects.get(pk=edition.pk)


def make_edition(
    staff: User, *, year: int = 2026, deadline: dt.date | None = None, target: int = 20
) -> CatalogEdition:
    """A collecting edition (its call published, associations notified)."""
    return services.edition_create(
        year=year,
        title=f"{year}年东莞优品产品类别目录",
        description="面向行业协会、企业征集产品类别目录建议。",
        suggestion_deadline=deadline or today() + dt.timedelta(days=30),
        target_count=target,
        by=staff,
    )


_category_counter = iter(range(1, 100_000))


def make_category(
    edition: CatalogEdition,
    staff: User,
    *,
    code: str | None = None,
    name: str | None = None,
    industry_code: str = "furniture",
    standards: str = STANDARD,
) -> Category:
    n = next(_category_counter)
    return services.category_create(
        edition=edition,
        code=code or f"{edition.year}-{n:03d}",
        name=name or f"实木家具{n}",
        industry=industry(industry_code),
        scope="以实木为主要基材的家具。",
        standards_text=standards,
        by=staff,
    )


def make_suggester(role: str = Role.ASSOCIATION, organisation: Organisation | None = None) -> User:
    return make_member(role, organisation)


def suggester_organisation(user: User) -> Organisation:
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Role.ASSOCIATION, Role.ENTERPRISE]
    ).first()  # type: ignore[return-value]


def make_suggestion(
    edition: CatalogEdition, by: User | None = None, *, name: str = "智能手机", **fields: Any
) -> CategorySuggestion:
    by = by or make_suggester()
    values = {
        "name": name,
        "industry": industry("electronics"),
        "scope": "具备移动通信和智能操作系统的手持终端。",
        "product_standards": "GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范",
        "reasons": "东莞电子信息产业的支柱产品。",
    }
    values.update(fields)
    return services.suggestion_submit(
        edition=edition, organisation=suggester_organisation(by), by=by, **values
    )


def make_alliance_institution(**fields: Any) -> Organisation:
    """An institution that the alliance has admitted (the flag the alliance services keep)."""
    return OrganisationFactory(kind=OrganisationKind.INSTITUTION, is_alliance_member=True, **fields)


def make_department(name: str | None = None) -> tuple[Organisation, User]:
    org = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, **({"name": name} if name else {}))
    return org, make_member(Role.DEPARTMENT, org)


def researching_edition(staff: User, **kwargs: Any) -> tuple[CatalogEdition, Category]:
    edition = make_edition(staff, **kwargs)
    category = make_category(edition, staff)
    return services.edition_start_research(edition=edition, by=staff), category


def consulting_edition(
    staff: User, *, deadline: dt.date | None = None, **kwargs: Any
) -> tuple[CatalogEdition, Category]:
    edition, category = researching_edition(staff, **kwargs)
    edition = services.edition_start_consultation(
        edition=edition, deadline=deadline or today() + dt.timedelta(days=10), by=staff
    )
    return edition, category


def end_consultation(edition: CatalogEdition) -> CatalogEdition:
    """Let the consultation deadline pass (a plain date field: moved with the ORM)."""
    CatalogEdition.objects.filter(pk=edition.pk).update(
        consultation_deadline=today() - dt.timedelta(days=1)
    )
    return reload(edition)


def published_edition(staff: User, **kwargs: Any) -> tuple[CatalogEdition, Category]:
    edition, category = consulting_edition(staff, **kwargs)
    edition = services.edition_publish(edition=end_consultation(edition), by=staff)
    return edition, category


def make_comment(
    edition: CatalogEdition, user: User, organisation: Organisation, **kwargs: Any
) -> ConsultationComment:
    return services.comment_submit(
        edition=edition,
        organisation=organisation,
        body=kwargs.pop("body", "建议补充产品适用范围。"),
        by=user,
        **kwargs,
    )
