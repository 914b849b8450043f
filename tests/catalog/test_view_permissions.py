"""Who may open each catalogue page and who may post to it; on denial nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.enums import Role
from catalog.enums import EditionState, SuggestionState
from catalog.models import (
    CatalogEdition,
    Category,
    CategorySuggestion,
    ConsultationComment,
    ConsultedDepartment,
    ProductStandard,
    ResearchNote,
)
from dgyp.models import AuditEvent
from tests.factories import make_member
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    make_alliance_institution,
    make_category,
    make_comment,
    make_department,
    make_edition,
    make_suggester,
    make_suggestion,
    researching_edition,
    today,
)
from tests.permissions import ANONYMOUS, all_kinds, client_for, expected_status

pytestmark = pytest.mark.django_db

STAFF = {Role.SAMR_STAFF}
SUGGESTERS = {Role.ASSOCIATION, Role.ENTERPRISE}


@dataclass
class World:
    edition: CatalogEdition
    category: Category
    standard: ProductStandard
    suggestion: CategorySuggestion


@pytest.fixture
def world(samr_staff) -> World:
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    suggestion = make_suggestion(edition)
    return World(edition, category, category.standards.get(), suggestion)


# url name, kwargs from the world, roles that get 200
GET_PAGES: list[tuple[str, Callable[[World], dict], set[str]]] = [
    ("catalog:edition_list", lambda w: {}, STAFF),
    ("catalog:edition_create", lambda w: {}, STAFF),
    ("catalog:edition_detail", lambda w: {"pk": w.edition.pk}, STAFF),
    ("catalog:suggestion_review_list", lambda w: {"pk": w.edition.pk}, STAFF),
    ("catalog:comment_list", lambda w: {"pk": w.edition.pk}, STAFF),
    ("catalog:category_create", lambda w: {"pk": w.edition.pk}, STAFF),
    ("catalog:category_detail", lambda w: {"pk": w.category.pk}, STAFF),
    ("catalog:category_edit", lambda w: {"pk": w.category.pk}, STAFF),
    ("catalog:category_group_standard", lambda w: {"pk": w.category.pk}, STAFF),
    ("catalog:standard_edit", lambda w: {"pk": w.standard.pk}, STAFF),
    ("catalog:suggestion_adopt", lambda w: {"pk": w.suggestion.pk}, STAFF),
    ("catalog:suggestion_list", lambda w: {}, SUGGESTERS),
    ("catalog:suggestion_create", lambda w: {}, SUGGESTERS),
    ("catalog:consultation", lambda w: {}, {Role.DEPARTMENT}),
]


@all_kinds
@pytest.mark.parametrize(("name", "kwargs", "allowed"), GET_PAGES)
def test_get_page_is_open_only_to_its_roles(kind, name, kwargs, allowed, client, world):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == expected_status(kind, {str(r) for r in allowed})


@all_kinds
def test_a_suggestion_is_shown_to_staff_and_hidden_from_other_suggesters(kind, client, world):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("catalog:suggestion_detail", args=[world.suggestion.pk]))
    if kind in STAFF:
        assert response.status_code == 200
    elif kind in SUGGESTERS:
        assert response.status_code == 404  # another organisation's: not even its existence
    else:
        assert response.status_code == expected_status(kind, set())


@all_kinds
def test_editing_a_suggestion_is_for_its_own_organisation_only(kind, client, world):
    client, _user = client_for(kind, client, make_member)
    response = client.get(reverse("catalog:suggestion_edit", args=[world.suggestion.pk]))
    expected = 404 if kind in SUGGESTERS else expected_status(kind, set())
    assert response.status_code == expected


def test_the_suggesting_organisation_sees_and_edits_its_suggestion(client, samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    suggestion = make_suggestion(edition, user)
    colleague = make_member(Role.ASSOCIATION, suggestion.organisation)
    client.force_login(colleague)
    assert client.get(reverse("catalog:suggestion_detail", args=[suggestion.pk])).status_code == 200
    assert client.get(reverse("catalog:suggestion_edit", args=[suggestion.pk])).status_code == 200


@all_kinds
@pytest.mark.parametrize("name", ["catalog:research", "catalog:research_note"])
def test_research_pages_are_for_alliance_member_institutions_only(kind, name, client, samr_staff):
    _edition, category = researching_edition(samr_staff)
    client, _user = client_for(kind, client, make_member)  # a non-member institution
    kwargs = {"pk": category.pk} if name.endswith("note") else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected_status(kind, set())


def test_an_alliance_member_opens_the_research_pages(client, samr_staff):
    _edition, category = researching_edition(samr_staff)
    client.force_login(make_member(Role.INSTITUTION, make_alliance_institution()))
    assert client.get(reverse("catalog:research")).status_code == 200
    assert client.get(reverse("catalog:research_note", args=[category.pk])).status_code == 200


@all_kinds
@pytest.mark.parametrize(
    "name", ["portal:catalog_current", "portal:catalog_edition", "portal:catalog_call"]
)
def test_public_pages_need_no_login(kind, name, client, samr_staff):
    edition, _category = consulting_edition(samr_staff, year=2025)
    from catalog import services

    services.edition_publish(edition=end_consultation(edition), by=samr_staff)
    newer, _ = consulting_edition(samr_staff, year=2026)
    services.edition_publish(edition=end_consultation(newer), by=samr_staff)
    client, _user = client_for(kind, client, make_member)
    kwargs = {} if name == "portal:catalog_current" else {"year": 2025}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


# --- POST: allowed roles change the record, everyone else changes nothing -----------------------


def _catalog_events() -> int:
    return AuditEvent.objects.filter(event_type__startswith="catalog.").count()


def _post(kind: str, client, url: str, data: dict, allowed: set[str], ok: int = 302):
    client, user = client_for(kind, client, make_member)
    before = _catalog_events()
    response = client.post(url, data)
    if kind in allowed:
        assert response.status_code == ok
        return True
    assert response.status_code == (302 if kind == ANONYMOUS else 403)
    if kind == ANONYMOUS:
        assert "/accounts/login/" in response["Location"]
    assert _catalog_events() == before
    return False


def _state(edition) -> str:
    return CatalogEdition.objects.get(pk=edition.pk).state


@all_kinds
def test_post_create_edition(kind, client, samr_staff):
    data = {
        "year": 2026,
        "title": "2026年东莞优品产品类别目录",
        "description": "",
        "suggestion_deadline": (today() + dt.timedelta(days=10)).isoformat(),
        "target_count": 20,
    }
    done = _post(kind, client, reverse("catalog:edition_create"), data, STAFF)
    assert CatalogEdition.objects.exists() is done


@all_kinds
def test_post_start_research(kind, client, world):
    url = reverse("catalog:edition_start_research", args=[world.edition.pk])
    done = _post(kind, client, url, {}, STAFF)
    assert _state(world.edition) == ("researching" if done else "collecting")


@all_kinds
def test_post_start_consultation(kind, client, samr_staff):
    edition, _category = researching_edition(samr_staff)
    url = reverse("catalog:edition_start_consultation", args=[edition.pk])
    data = {"deadline": (today() + dt.timedelta(days=5)).isoformat()}
    done = _post(kind, client, url, data, STAFF)
    assert _state(edition) == ("consulting" if done else "researching")


@all_kinds
def test_post_publish(kind, client, samr_staff):
    edition, _category = consulting_edition(samr_staff)
    edition = end_consultation(edition)
    done = _post(kind, client, reverse("catalog:edition_publish", args=[edition.pk]), {}, STAFF)
    assert _state(edition) == ("published" if done else "consulting")


@all_kinds
def test_post_adopt(kind, client, world):
    data = {
        "code": "2026-77",
        "name": "智能手机",
        "industry": world.suggestion.industry_id,
        "scope": "终端",
        "standards": world.suggestion.product_standards,
    }
    url = reverse("catalog:suggestion_adopt", args=[world.suggestion.pk])
    done = _post(kind, client, url, data, STAFF)
    assert Category.objects.filter(code="2026-77").exists() is done


@all_kinds
def test_post_merge(kind, client, world):
    url = reverse("catalog:suggestion_merge", args=[world.suggestion.pk])
    done = _post(kind, client, url, {"category": world.category.pk}, STAFF)
    expected = SuggestionState.MERGED if done else SuggestionState.SUBMITTED
    assert CategorySuggestion.objects.get(pk=world.suggestion.pk).state == expected


@all_kinds
def test_post_bulk_merge(kind, client, world):
    url = reverse("catalog:suggestion_merge_many", args=[world.edition.pk])
    data = {"suggestions": [world.suggestion.pk], "category": world.category.pk}
    done = _post(kind, client, url, data, STAFF)
    expected = SuggestionState.MERGED if done else SuggestionState.SUBMITTED
    assert CategorySuggestion.objects.get(pk=world.suggestion.pk).state == expected


@all_kinds
def test_post_decline(kind, client, world):
    url = reverse("catalog:suggestion_decline", args=[world.suggestion.pk])
    done = _post(kind, client, url, {"reason": "范围过窄"}, STAFF)
    expected = SuggestionState.DECLINED if done else SuggestionState.SUBMITTED
    assert CategorySuggestion.objects.get(pk=world.suggestion.pk).state == expected


@all_kinds
def test_post_category_create_edit_remove(kind, client, world):
    data = {
        "code": "2026-88",
        "name": "衬衫",
        "industry": world.category.industry_id,
        "scope": "衬衫",
    }
    url = reverse("catalog:category_create", args=[world.edition.pk])
    done = _post(kind, client, url, {**data, "standards": ""}, STAFF)
    assert Category.objects.filter(code="2026-88").exists() is done
    client.logout()
    url = reverse("catalog:category_edit", args=[world.category.pk])
    done = _post(kind, client, url, {**data, "code": "2026-89", "name": "改名"}, STAFF)
    assert Category.objects.filter(pk=world.category.pk, code="2026-89").exists() is done
    client.logout()
    url = reverse("catalog:category_remove", args=[world.category.pk])
    done = _post(kind, client, url, {}, STAFF)
    assert Category.objects.filter(pk=world.category.pk).exists() is not done


@all_kinds
def test_post_standards(kind, client, world):
    url = reverse("catalog:standard_add", args=[world.category.pk])
    done = _post(kind, client, url, {"number": "GB 18584-2001", "title": "有害物质限量"}, STAFF)
    assert ProductStandard.objects.filter(number="GB 18584-2001").exists() is done
    client.logout()
    url = reverse("catalog:standard_edit", args=[world.standard.pk])
    done = _post(kind, client, url, {"number": "GB/T 3324-2017", "title": "改"}, STAFF)
    assert ProductStandard.objects.filter(pk=world.standard.pk, title="改").exists() is done
    client.logout()
    url = reverse("catalog:standard_remove", args=[world.standard.pk])
    done = _post(kind, client, url, {}, STAFF)
    assert ProductStandard.objects.filter(pk=world.standard.pk).exists() is not done


@all_kinds
def test_post_group_standard(kind, client, world):
    url = reverse("catalog:category_group_standard", args=[world.category.pk])
    data = {"number": "T/DGYP 001-2026", "title": "评价规范", "effective": "2026-10-01"}
    done = _post(kind, client, url, data, STAFF)
    number = Category.objects.get(pk=world.category.pk).group_standard_number
    assert number == ("T/DGYP 001-2026" if done else "")


@all_kinds
def test_post_comment_resolve(kind, client, samr_staff):
    department, department_user = make_department()
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, department_user, department)
    url = reverse("catalog:comment_resolve", args=[comment.pk])
    done = _post(kind, client, url, {"response": "已采纳"}, STAFF)
    assert ConsultationComment.objects.get(pk=comment.pk).is_resolved is done


@all_kinds
def test_post_suggestion_create_and_edit(kind, client, world):
    data = {
        "name": "毛绒玩具",
        "industry": world.category.industry_id,
        "scope": "毛绒玩具",
        "product_standards": "GB 6675.1-2014 玩具安全 第1部分：基本规范",
        "reasons": "东莞玩具产业发达",
    }
    client_, user = client_for(kind, client, make_member)
    before = _catalog_events()
    response = client_.post(reverse("catalog:suggestion_create"), data)
    created = CategorySuggestion.objects.filter(name="毛绒玩具").first()
    if kind in SUGGESTERS:
        assert response.status_code == 302
        assert created is not None
        assert created.submitted_by == user
        # and the suggester corrects it
        response = client_.post(
            reverse("catalog:suggestion_edit", args=[created.pk]), {**data, "name": "布艺玩具"}
        )
        assert response.status_code == 302
        assert CategorySuggestion.objects.get(pk=created.pk).name == "布艺玩具"
    else:
        assert response.status_code == (302 if kind == ANONYMOUS else 403)
        assert created is None
        assert _catalog_events() == before


@all_kinds
def test_post_research_note(kind, client, samr_staff):
    _edition, category = researching_edition(samr_staff)
    data = {
        "standard_advancedness": "先进",
        "market": "需求大",
        "dongguan_producers": 20,
        "recommendation": "include",
    }
    # Every kind is refused: a plain institution user is not an alliance member.
    _post(kind, client, reverse("catalog:research_note", args=[category.pk]), data, set())
    assert not ResearchNote.objects.exists()


def test_post_research_note_by_an_alliance_member(client, samr_staff):
    _edition, category = researching_edition(samr_staff)
    institution = make_alliance_institution()
    client.force_login(make_member(Role.INSTITUTION, institution))
    data = {
        "standard_advancedness": "先进",
        "market": "需求大",
        "dongguan_producers": 20,
        "recommendation": "include",
    }
    response = client.post(reverse("catalog:research_note", args=[category.pk]), data)
    assert response.status_code == 302
    assert ResearchNote.objects.get().institution == institution


@all_kinds
def test_post_consultation_comment_and_no_comments(kind, client, samr_staff):
    edition, _category = consulting_edition(samr_staff)
    done = _post(kind, client, reverse("catalog:consultation_no_comments"), {}, {Role.DEPARTMENT})
    assert ConsultedDepartment.objects.filter(edition=edition, no_comments=True).exists() is done
    client.logout()
    done = _post(
        kind,
        client,
        reverse("catalog:consultation_comment"),
        {"category": "", "body": "建议补充"},
        {Role.DEPARTMENT},
    )
    assert ConsultationComment.objects.exists() is done
    assert EditionState.CONSULTING == _state(edition)
