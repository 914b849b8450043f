"""The public product-category catalogue (产品类别目录): the current edition, older editions,
and each year's call for suggestions. No login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from catalog import selectors
from catalog.enums import EditionState


def _catalogue(request: HttpRequest, edition, *, current: bool) -> HttpResponse:
    groups = (
        selectors.group_by_industry(selectors.categories_of(edition=edition)) if edition else []
    )
    return render(
        request,
        "portal/catalog/catalogue.html",
        {
            "edition": edition,
            "groups": groups,
            "category_count": sum(len(g.categories) for g in groups),
            "is_current": current,
            "collecting": selectors.edition_collecting_open() if current else None,
            "editions": selectors.editions_public(),
            "current_published": selectors.edition_published() if not current else edition,
        },
    )


@require_safe
def catalogue_current(request: HttpRequest) -> HttpResponse:
    return _catalogue(request, selectors.edition_published(), current=True)


@require_safe
def catalogue_edition(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_public_by_year(year=year)
    if edition.state == EditionState.PUBLISHED:
        return redirect("portal:catalog_current")
    return _catalogue(request, edition, current=False)


@require_safe
def catalogue_call(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year_with_call(year=year)
    is_open = (
        edition.state == EditionState.COLLECTING
        and timezone.localdate() <= edition.suggestion_deadline
    )
    return render(request, "portal/catalog/call.html", {"edition": edition, "is_open": is_open})
