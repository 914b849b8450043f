"""The demo data: a published 2026 catalogue reached through the services; loading twice adds
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts import demo as accounts_demo
from catalog import demo
from catalog.enums import EditionState, SuggestionState
from catalog.models import CatalogEdition, Category, CategorySuggestion, ProductStandard
from dgyp.models import AuditEvent, PublicNotice

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_2026_catalogue_and_is_idempotent():
    base = accounts_demo.load_demo()

    assert demo.load_demo(base) is None
    counts = (
        CatalogEdition.objects.count(),
        Category.objects.count(),
        ProductStandard.objects.count(),
        AuditEvent.objects.count(),
        PublicNotice.objects.count(),
    )
    demo.load_demo(base)

    assert (
        CatalogEdition.objects.count(),
        Category.objects.count(),
        ProductStandard.objects.count(),
        AuditEvent.objects.count(),
        PublicNotice.objects.count(),
    ) == counts
    edition = CatalogEdition.objects.get(year=2026)
    assert edition.state == EditionState.PUBLISHED
    assert edition.published_at is not None
    categories = list(edition.categories.prefetch_related("standards"))
    assert len(categories) == 8
    assert len({c.industry_id for c in categories}) >= 6
    assert all(c.standards.all() for c in categories)
    furniture = edition.categories.get(name="实木家具")
    assert furniture.group_standard_number == "T/DGYP 001-2026"
    assert furniture.group_standard_effective == dt.date(2026, 10, 1)
    assert "GB/T 3324-2017" in [s.number for s in furniture.standards.all()]
    assert sorted(CategorySuggestion.objects.values_list("state", flat=True)) == [
        SuggestionState.ADOPTED,
        SuggestionState.DECLINED,
        SuggestionState.MERGED,
    ]
    kinds = set(PublicNotice.objects.values_list("kind", flat=True))
    assert kinds == {PublicNotice.Kind.CALL, PublicNotice.Kind.ANNOUNCEMENT}
