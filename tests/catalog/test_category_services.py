"""Categories and their product standards: editable while the catalogue is prepared, read-only
once published, except the group standard (团体标准), which is recorded when issued."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.enums import Role
from catalog import services
from catalog.models import Category, ProductStandard, ResearchNote
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent
from tests.factories import make_member
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    industry,
    make_alliance_institution,
    make_category,
    make_edition,
    make_suggestion,
    published_edition,
    researching_edition,
)

pytestmark = pytest.mark.django_db


def _category(pk: int) -> Category:
    return Category.objects.get(pk=pk)


@pytest.mark.parametrize("stage", ["collecting", "researching", "consulting"])
def test_staff_add_edit_and_remove_categories_while_preparing(samr_staff, stage):
    # Given an edition in the stage
    edition = {
        "collecting": lambda: make_edition(samr_staff),
        "researching": lambda: researching_edition(samr_staff)[0],
        "consulting": lambda: consulting_edition(samr_staff)[0],
    }[stage]()
    # When staff add a category directly, with a standard
    category = services.category_create(
        edition=edition,
        code="2026-50",
        name="毛绒玩具",
        industry=industry("toys"),
        scope="毛绒玩具",
        standards_text="GB 6675.1-2014 玩具安全 第1部分：基本规范",
        by=samr_staff,
    )
    assert list(category.standards.values_list("number", flat=True)) == ["GB 6675.1-2014"]
    created = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_CATEGORY_SAVED).first()
    assert created.payload["created"] is True
    # And edit it
    services.category_update(
        category=category,
        code="2026-51",
        name="毛绒布艺玩具",
        industry=industry("toys"),
        scope="毛绒、布艺玩具",
        order=3,
        by=samr_staff,
    )
    category = _category(category.pk)
    assert (category.code, category.name, category.order) == ("2026-51", "毛绒布艺玩具", 3)
    edited = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_CATEGORY_SAVED).first()
    assert edited.payload["changes"]["code"] == ["2026-50", "2026-51"]
    # And add, edit and remove standards
    standard = services.standard_add(
        category=category, number="gb 6675.2-2014", title="机械与物理性能", by=samr_staff
    )
    assert standard.number == "GB 6675.2-2014"
    services.standard_update(
        standard=standard,
        number="GB 6675.2-2014",
        title="玩具安全 第2部分：机械与物理性能",
        by=samr_staff,
    )
    assert ProductStandard.objects.get(pk=standard.pk).title == "玩具安全 第2部分：机械与物理性能"
    services.standard_remove(standard=standard, by=samr_staff)
    assert not ProductStandard.objects.filter(pk=standard.pk).exists()
    assert [
        e.event_type
        for e in AuditEvent.objects.filter(event_type__startswith="catalog.standard").order_by("id")
    ] == [
        AuditEventType.CATALOG_STANDARD_SAVED,
        AuditEventType.CATALOG_STANDARD_SAVED,
        AuditEventType.CATALOG_STANDARD_REMOVED,
    ]
    # And remove the category
    services.category_remove(category=category, by=samr_staff)
    assert not Category.objects.filter(pk=category.pk).exists()
    removed = AuditEvent.objects.get(event_type=AuditEventType.CATALOG_CATEGORY_REMOVED)
    assert removed.payload["code"] == "2026-51"
    assert removed.payload["standards"] == ["GB 6675.1-2014"]


def test_a_new_category_goes_last(samr_staff):
    edition = make_edition(samr_staff)
    first = make_category(edition, samr_staff)
    second = make_category(edition, samr_staff)
    assert (first.order, second.order) == (1, 2)


def test_codes_names_and_standard_numbers_are_unique_in_their_scope(samr_staff):
    edition = make_edition(samr_staff)
    first = make_category(edition, samr_staff, code="2026-01", name="实木家具")
    second = make_category(edition, samr_staff, code="2026-02", name="衬衫")
    with pytest.raises(DomainError) as exc:
        services.category_update(
            category=second,
            code="2026-01",
            name="衬衫",
            industry=industry("textile"),
            scope="衬衫",
            order=2,
            by=samr_staff,
        )
    assert exc.value.code == "code_taken"
    with pytest.raises(DomainError) as exc:
        services.standard_add(
            category=first, number="GB/T 3324-2017", title="木家具", by=samr_staff
        )
    assert exc.value.code == "standard_taken"
    assert _category(second.pk).code == "2026-02"


def test_removing_a_category_removes_its_research_notes_and_keeps_suggestion_decisions(
    samr_staff,
):
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    category = services.suggestion_adopt(
        suggestion=suggestion,
        code="2026-01",
        name="智能手机",
        industry=industry("electronics"),
        scope="终端",
        standards_text=suggestion.product_standards,
        by=samr_staff,
    )
    services.edition_start_research(edition=edition, by=samr_staff)
    institution = make_alliance_institution()
    services.research_note_save(
        category=category,
        institution=institution,
        standard_advancedness="先进",
        market="需求大",
        dongguan_producers=12,
        recommendation="include",
        by=make_member(Role.INSTITUTION, institution),
    )
    services.category_remove(category=category, by=samr_staff)
    assert not ResearchNote.objects.exists()
    removed = AuditEvent.objects.get(event_type=AuditEventType.CATALOG_CATEGORY_REMOVED)
    assert removed.payload["research_notes"] == 1
    assert removed.payload["suggestions"] == [suggestion.pk]
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.category) == ("adopted", None)


@pytest.mark.parametrize("stage", ["published", "superseded"])
def test_every_write_is_refused_once_published(samr_staff, stage):
    # Given a published (or superseded) catalogue with a category and its standard
    edition, category = published_edition(samr_staff, year=2026)
    if stage == "superseded":
        newer, _ = consulting_edition(samr_staff, year=2027)
        services.edition_publish(edition=end_consultation(newer), by=samr_staff)
    standard = category.standards.get()
    events = AuditEvent.objects.count()

    # When staff try each write, each is refused with a read-only message
    attempts = [
        lambda: make_category(edition, samr_staff),
        lambda: services.category_update(
            category=category,
            code="X",
            name="X",
            industry=industry(),
            scope="X",
            order=1,
            by=samr_staff,
        ),
        lambda: services.category_remove(category=category, by=samr_staff),
        lambda: services.standard_add(
            category=category, number="GB 18584-2001", title="有害物质限量", by=samr_staff
        ),
        lambda: services.standard_update(
            standard=standard, number="GB/T 3324-2017", title="改", by=samr_staff
        ),
        lambda: services.standard_remove(standard=standard, by=samr_staff),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as exc:
            attempt()
        assert exc.value.code == "read_only"
        assert str(edition.year) in str(exc.value.message)

    # Then nothing changed
    assert AuditEvent.objects.count() == events
    assert Category.objects.filter(edition=edition).count() == 1
    assert list(category.standards.values_list("number", "title")) == [
        ("GB/T 3324-2017", "木家具通用技术条件")
    ]


def test_the_group_standard_is_recorded_after_publication(samr_staff):
    edition, category = published_edition(samr_staff)

    services.category_set_group_standard(
        category=category,
        number="t/dgyp 001-2026",
        title="“东莞优品”评价规范 实木家具",
        effective=dt.date(2026, 10, 1),
        by=samr_staff,
    )

    category = _category(category.pk)
    assert category.group_standard_number == "T/DGYP 001-2026"
    assert category.group_standard_title == "“东莞优品”评价规范 实木家具"
    assert category.group_standard_effective == dt.date(2026, 10, 1)
    [event] = AuditEvent.objects.filter(
        event_type=AuditEventType.CATALOG_CATEGORY_SAVED, target_id=str(category.pk)
    ).order_by("-id")[:1]
    assert event.payload["group_standard"] == {
        "number": "T/DGYP 001-2026",
        "title": "“东莞优品”评价规范 实木家具",
        "effective": "2026-10-01",
    }
    assert event.payload["edition_stage"] == "published"
    assert edition.pk


def test_a_group_standard_is_complete_or_cleared(samr_staff):
    _edition, category = published_edition(samr_staff)
    with pytest.raises(DomainError) as exc:
        services.category_set_group_standard(
            category=category, number="T/DGYP 001-2026", title="", effective=None, by=samr_staff
        )
    assert exc.value.code == "group_standard_incomplete"
    services.category_set_group_standard(
        category=category,
        number="T/DGYP 001-2026",
        title="评价规范",
        effective=dt.date(2026, 10, 1),
        by=samr_staff,
    )
    services.category_set_group_standard(
        category=category, number="", title="ignored", effective=None, by=samr_staff
    )
    category = _category(category.pk)
    assert (category.group_standard_number, category.group_standard_title) == ("", "")
    assert category.group_standard_effective is None


def test_the_group_standard_of_a_superseded_catalogue_is_frozen(samr_staff):
    _old, category = published_edition(samr_staff, year=2026)
    newer, _ = consulting_edition(samr_staff, year=2027)
    services.edition_publish(edition=end_consultation(newer), by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.category_set_group_standard(
            category=category,
            number="T/DGYP 001-2026",
            title="评价规范",
            effective=dt.date(2026, 10, 1),
            by=samr_staff,
        )
    assert exc.value.code == "read_only"
    assert _category(category.pk).group_standard_number == ""


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SAMR_STAFF])
def test_only_staff_write_categories(samr_staff, role):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    user = make_member(role)
    events = AuditEvent.objects.count()
    for attempt in [
        lambda: make_category(edition, user),
        lambda: services.category_remove(category=category, by=user),
        lambda: services.standard_add(category=category, number="GB 1-2000", title="x", by=user),
        lambda: services.category_set_group_standard(
            category=category, number="", title="", effective=None, by=user
        ),
    ]:
        with pytest.raises(PermissionDenied):
            attempt()
    assert AuditEvent.objects.count() == events
    assert Category.objects.count() == 1
