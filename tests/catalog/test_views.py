"""The catalogue's pages: what they show, and that refused input shows a message and changes
nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.enums import Role
from catalog import services
from catalog.enums import EditionState, SuggestionState
from catalog.models import CatalogEdition, Category, CategorySuggestion
from dgyp.models import AuditEvent
from tests.factories import make_member
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    industry,
    make_alliance_institution,
    make_category,
    make_comment,
    make_department,
    make_edition,
    make_suggester,
    make_suggestion,
    published_edition,
    researching_edition,
    today,
)

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- staff --------------------------------------------------------------------------------------


def test_staff_create_an_edition_through_the_form(client, samr_staff):
    client.force_login(samr_staff)
    page = _html(client.get(reverse("catalog:edition_create")))
    assert 'name="target_count"' in page
    assert 'value="20"' in page
    deadline = today() + dt.timedelta(days=30)
    response = client.post(
        reverse("catalog:edition_create"),
        {
            "year": 2026,
            "title": "2026年东莞优品产品类别目录",
            "description": "征集通知",
            "suggestion_deadline": deadline.isoformat(),
            "target_count": 20,
        },
    )
    edition = CatalogEdition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:edition_detail", args=[edition.pk])


def test_a_past_deadline_is_refused_on_the_form(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("catalog:edition_create"),
        {
            "year": 2026,
            "title": "目录",
            "suggestion_deadline": (today() - dt.timedelta(days=1)).isoformat(),
            "target_count": 20,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["suggestion_deadline"]
    assert not CatalogEdition.objects.exists()


def test_creating_while_an_edition_is_prepared_shows_the_reason(client, samr_staff):
    researching_edition(samr_staff, year=2026)
    client.force_login(samr_staff)
    response = client.post(
        reverse("catalog:edition_create"),
        {
            "year": 2027,
            "title": "2027年目录",
            "suggestion_deadline": today().isoformat(),
            "target_count": 20,
        },
    )
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "2026" in error
    assert CatalogEdition.objects.count() == 1
    # and the list page offers no "new edition" button meanwhile
    page = _html(client.get(reverse("catalog:edition_list")))
    assert 'data-action="new-edition"' not in page


def test_the_edition_page_shows_progress_towards_the_target(client, samr_staff):
    edition = make_edition(samr_staff, target=20)
    for _ in range(3):
        make_category(edition, samr_staff)
    client.force_login(samr_staff)
    page = _html(client.get(reverse("catalog:edition_detail", args=[edition.pk])))
    assert re.search(r'<progress id="edition-progress" value="3" max="20">', page)
    assert 'data-progress="3/20"' in page
    assert "3 / 20" in page


def test_publishing_refused_on_the_page_names_the_problems(client, samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    make_comment(edition, user, department)
    make_category(edition, samr_staff, code="2026-99", name="荔枝", standards="")
    client.force_login(samr_staff)
    page = _html(client.get(reverse("catalog:edition_detail", args=[edition.pk])))
    assert 'data-problem="category_without_standard"' in page
    assert 'data-problem="unresolved_comments"' in page
    response = client.post(reverse("catalog:edition_publish", args=[edition.pk]), follow=True)
    [message] = _messages(response)
    assert "2026-99 荔枝" in message
    assert CatalogEdition.objects.get(pk=edition.pk).state == EditionState.CONSULTING


def test_starting_consultation_with_a_past_deadline_shows_the_error(client, samr_staff):
    edition, _category = researching_edition(samr_staff)
    client.force_login(samr_staff)
    response = client.post(
        reverse("catalog:edition_start_consultation", args=[edition.pk]),
        {"deadline": today().isoformat()},
        follow=True,
    )
    assert len(_messages(response)) == 1
    assert CatalogEdition.objects.get(pk=edition.pk).state == EditionState.RESEARCHING


def test_staff_filter_the_suggestions(client, samr_staff):
    edition = make_edition(samr_staff)
    make_suggestion(edition, name="智能手机")
    make_suggestion(edition, name="实木餐桌", industry=industry("furniture"))
    declined = make_suggestion(edition, name="充电线")
    services.suggestion_decline(suggestion=declined, reason="范围过窄", by=samr_staff)
    client.force_login(samr_staff)
    url = reverse("catalog:suggestion_review_list", args=[edition.pk])

    def names(**params) -> list[str]:
        response = client.get(url, params)
        return sorted(s.name for s in response.context["page_obj"].object_list)

    assert names() == ["充电线", "实木餐桌", "智能手机"]
    assert names(state="declined") == ["充电线"]
    assert names(industry="furniture") == ["实木餐桌"]
    assert names(q="手机") == ["智能手机"]
    assert names(state="bogus") == ["充电线", "实木餐桌", "智能手机"]


def test_the_adopt_form_is_prefilled_and_refuses_bad_standards(client, samr_staff):
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    client.force_login(samr_staff)
    url = reverse("catalog:suggestion_adopt", args=[suggestion.pk])
    form = client.get(url).context["form"]
    assert form.initial["code"] == "2026-01"
    assert form.initial["name"] == "智能手机"
    assert form.initial["standards"] == suggestion.product_standards
    response = client.post(
        url,
        {
            "code": "2026-01",
            "name": "智能手机",
            "industry": suggestion.industry_id,
            "scope": "终端",
            "standards": "手机国家标准",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["standards"]
    assert not Category.objects.exists()
    assert CategorySuggestion.objects.get(pk=suggestion.pk).state == SuggestionState.SUBMITTED


def test_a_refused_bulk_merge_shows_a_message(client, samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    client.force_login(samr_staff)
    response = client.post(
        reverse("catalog:suggestion_merge_many", args=[edition.pk]),
        {"category": category.pk},
        follow=True,
    )
    assert len(_messages(response)) == 1
    assert not AuditEvent.objects.filter(event_type="catalog.suggestion_decided").exists()


def test_a_published_category_page_offers_only_the_group_standard(client, samr_staff):
    _edition, category = published_edition(samr_staff)
    client.force_login(samr_staff)
    page = _html(client.get(reverse("catalog:category_detail", args=[category.pk])))
    assert 'data-action="group-standard"' in page
    assert 'id="standard-add-form"' not in page
    assert reverse("catalog:category_edit", args=[category.pk]) not in page
    response = client.post(
        reverse("catalog:standard_add", args=[category.pk]),
        {"number": "GB 18584-2001", "title": "有害物质限量"},
    )
    assert response.status_code == 200
    assert response.context["standard_form"].non_field_errors()
    assert category.standards.count() == 1


def test_a_published_category_edit_page_is_a_read_only_notice(client, samr_staff):
    # Given a category of a published catalogue
    _edition, category = published_edition(samr_staff)
    client.force_login(samr_staff)
    url = reverse("catalog:category_edit", args=[category.pk])

    # When staff open its edit page: a notice, no form to fill in
    page = _html(client.get(url))
    assert "data-read-only" in page
    assert 'name="name"' not in page
    assert '<form method="post" novalidate>' not in page
    assert reverse("catalog:category_detail", args=[category.pk]) in page

    # And a save is still refused by the service, nothing changed
    name = category.name
    response = client.post(
        url,
        {"code": category.code, "name": "改名", "industry": category.industry_id, "scope": "x"},
    )
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert str(category.edition.year) in error
    assert "data-read-only" in response.content.decode()
    category.refresh_from_db()
    assert category.name == name


# --- suggesters -----------------------------------------------------------------------------------


def test_the_suggestion_page_explains_when_nothing_is_open(client):
    client.force_login(make_suggester(Role.ENTERPRISE))
    page = _html(client.get(reverse("catalog:suggestion_list")))
    assert 'data-action="suggest"' not in page
    response = client.get(reverse("catalog:suggestion_create"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("catalog:suggestion_list")
    assert len(_messages(response)) == 1


def test_the_suggestion_page_shows_the_open_call_and_own_suggestions_only(client, samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    mine = make_suggestion(edition, user, name="智能手机")
    make_suggestion(edition, name="别人的建议")
    client.force_login(user)
    page = _html(client.get(reverse("catalog:suggestion_list")))
    assert 'data-open-call="2026"' in page
    assert 'data-action="suggest"' in page
    assert f'data-suggestion="{mine.pk}"' in page
    assert "别人的建议" not in page


def test_a_suggestion_after_the_deadline_is_refused_with_a_message(client, samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    client.force_login(user)
    CatalogEdition.objects.filter(pk=edition.pk).update(
        suggestion_deadline=today() - dt.timedelta(days=1)
    )
    response = client.post(
        reverse("catalog:suggestion_create"),
        {
            "name": "毛绒玩具",
            "industry": industry("toys").pk,
            "scope": "毛绒玩具",
            "product_standards": "GB 6675.1-2014 玩具安全",
            "reasons": "产业集群",
        },
        follow=True,
    )
    assert len(_messages(response)) == 1
    assert not CategorySuggestion.objects.exists()


def test_a_suggestion_with_unreadable_standards_is_refused_on_the_form(client, samr_staff):
    make_edition(samr_staff)
    client.force_login(make_suggester())
    response = client.post(
        reverse("catalog:suggestion_create"),
        {
            "name": "毛绒玩具",
            "industry": industry("toys").pk,
            "scope": "毛绒玩具",
            "product_standards": "执行国家标准",
            "reasons": "产业集群",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["product_standards"]
    assert not CategorySuggestion.objects.exists()


def test_a_user_of_two_organisations_chooses_which_one_suggests(client, samr_staff):
    make_edition(samr_staff)
    user = make_suggester(Role.ASSOCIATION)
    from accounts.services import membership_grant
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    membership_grant(user=user, role=Role.ENTERPRISE, organisation=enterprise, by=None)
    client.force_login(user)
    form = client.get(reverse("catalog:suggestion_create")).context["form"]
    assert "organisation" in form.fields
    response = client.post(
        reverse("catalog:suggestion_create"),
        {
            "organisation": enterprise.pk,
            "name": "毛绒玩具",
            "industry": industry("toys").pk,
            "scope": "毛绒玩具",
            "product_standards": "GB 6675.1-2014 玩具安全",
            "reasons": "产业集群",
        },
    )
    assert response.status_code == 302
    assert CategorySuggestion.objects.get().organisation == enterprise


# --- institutions and departments -----------------------------------------------------------------


def test_an_alliance_institution_sees_its_progress_and_saves_a_note(client, samr_staff):
    _edition, category = researching_edition(samr_staff)
    institution = make_alliance_institution()
    client.force_login(make_member(Role.INSTITUTION, institution))
    page = _html(client.get(reverse("catalog:research")))
    assert 'data-research-progress="0/1"' in page
    response = client.post(
        reverse("catalog:research_note", args=[category.pk]),
        {
            "standard_advancedness": "",
            "market": "需求",
            "dongguan_producers": 3,
            "recommendation": "include",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["standard_advancedness"]
    client.post(
        reverse("catalog:research_note", args=[category.pk]),
        {
            "standard_advancedness": "先进",
            "market": "需求",
            "dongguan_producers": 3,
            "recommendation": "include",
        },
    )
    page = _html(client.get(reverse("catalog:research")))
    assert 'data-research-progress="1/1"' in page


def test_the_department_page_shows_the_draft_and_its_own_comments(client, samr_staff):
    department, user = make_department()
    other, other_user = make_department()
    edition, category = consulting_edition(samr_staff)
    make_comment(edition, other_user, other, body="别的单位的意见")
    client.force_login(user)
    page = _html(client.get(reverse("catalog:consultation")))
    assert f'data-category="{category.code}"' in page
    assert 'data-action="no-comments"' in page
    assert "别的单位的意见" not in page
    response = client.post(
        reverse("catalog:consultation_comment"), {"category": category.pk, "body": "建议细化"}
    )
    assert response.status_code == 302
    page = _html(client.get(reverse("catalog:consultation")))
    assert "建议细化" in page
    assert 'data-action="no-comments"' not in page


def test_the_department_page_explains_when_nothing_is_open(client):
    _department, user = make_department()
    client.force_login(user)
    page = _html(client.get(reverse("catalog:consultation")))
    assert 'id="comment-form"' not in page


# --- dashboard ------------------------------------------------------------------------------------


def _panel(client, user, name: str) -> str:
    client.force_login(user)
    page = _html(client.get(reverse("accounts:dashboard")))
    match = re.search(rf'<section class="card" data-panel="{name}">(.*?)</section>', page, re.S)
    assert match, f"no {name} panel"
    return match.group(1)


def test_the_staff_panel_counts_against_the_target(client, samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff, target=20)
    make_category(edition, samr_staff)
    make_comment(edition, user, department)
    panel = _panel(client, samr_staff, "catalog-staff")
    assert 'data-count="categories">2 / 20<' in panel
    assert 'data-count="waiting-suggestions">0<' in panel
    assert 'data-count="unresolved-comments">1<' in panel
    assert '<progress id="panel-catalog-progress" value="2" max="20">' in panel


def test_the_suggester_panel_shows_the_open_period(client, samr_staff):
    make_edition(samr_staff)
    panel = _panel(client, make_suggester(Role.ENTERPRISE), "catalog-suggester")
    assert reverse("catalog:suggestion_create") in panel


def test_the_institution_panel_counts_categories_waiting_for_a_note(client, samr_staff):
    edition, category = researching_edition(samr_staff)
    make_category(edition, samr_staff)
    institution = make_alliance_institution()
    user = make_member(Role.INSTITUTION, institution)
    services.research_note_save(
        category=category,
        institution=institution,
        standard_advancedness="先进",
        market="需求",
        dongguan_producers=1,
        recommendation="include",
        by=user,
    )
    panel = _panel(client, user, "catalog-institution")
    assert 'data-count="waiting-notes">1<' in panel


def test_the_department_panel_shows_the_open_consultation(client, samr_staff):
    _department, user = make_department()
    consulting_edition(samr_staff)
    panel = _panel(client, user, "catalog-department")
    assert reverse("catalog:consultation") in panel


# --- public pages ---------------------------------------------------------------------------------


def test_the_public_catalogue_groups_categories_by_industry_with_their_standards(
    client, samr_staff
):
    edition, furniture = consulting_edition(samr_staff)
    make_category(
        edition,
        samr_staff,
        code="2026-02",
        name="毛绒玩具",
        industry_code="toys",
        standards="GB 6675.1-2014 玩具安全 第1部分：基本规范",
    )
    services.edition_publish(edition=end_consultation(edition), by=samr_staff)
    services.category_set_group_standard(
        category=furniture,
        number="T/DGYP 001-2026",
        title="“东莞优品”评价规范 实木家具",
        effective=dt.date(2026, 10, 1),
        by=samr_staff,
    )

    page = _html(client.get(reverse("portal:catalog_current")))

    assert "2026年东莞优品产品类别目录" in page
    assert page.index('data-industry="furniture"') < page.index('data-industry="toys"')
    assert f'data-category="{furniture.code}"' in page
    assert "GB/T 3324-2017" in page
    assert "木家具通用技术条件" in page
    assert "GB 6675.1-2014" in page
    assert 'data-group-standard="T/DGYP 001-2026"' in page
    assert "2026年10月1日" in page
    assert "data-superseded" not in page
    assert "data-collecting" not in page


def test_while_collecting_the_public_page_shows_the_call_with_a_login_link(client, samr_staff):
    published_edition(samr_staff, year=2026)
    make_edition(samr_staff, year=2027, deadline=dt.date(2099, 3, 31))
    page = _html(client.get(reverse("portal:catalog_current")))
    assert 'data-collecting="2027"' in page
    assert "2099年3月31日" in page
    assert "/accounts/login/?next=/catalog/suggestions/" in page
    call = _html(client.get(reverse("portal:catalog_call", args=[2027])))
    assert 'data-open="true"' in call


def test_an_older_edition_is_shown_with_a_superseded_banner(client, samr_staff):
    published_edition(samr_staff, year=2026)
    newer, _ = consulting_edition(samr_staff, year=2027)
    services.edition_publish(edition=end_consultation(newer), by=samr_staff)
    page = _html(client.get(reverse("portal:catalog_edition", args=[2026])))
    assert 'data-superseded="2026"' in page
    assert "2026年东莞优品产品类别目录" in page
    response = client.get(reverse("portal:catalog_edition", args=[2027]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:catalog_current")


def test_drafts_are_not_public(client, samr_staff):
    make_edition(samr_staff, year=2026)
    assert client.get(reverse("portal:catalog_edition", args=[2026])).status_code == 404
    assert client.get(reverse("portal:catalog_edition", args=[1999])).status_code == 404
    page = _html(client.get(reverse("portal:catalog_current")))
    assert "data-category=" not in page


def test_without_any_published_catalogue_the_page_says_so(client):
    page = _html(client.get(reverse("portal:catalog_current")))
    assert "data-category=" not in page
    assert client.get(reverse("portal:catalog_call", args=[2026])).status_code == 404


def test_the_edition_page_links_to_the_public_call_with_a_label(client, samr_staff):
    edition = make_edition(samr_staff)
    client.force_login(samr_staff)
    page = _html(client.get(reverse("catalog:edition_detail", args=[edition.pk])))
    url = reverse("portal:catalog_call", args=[edition.year])
    assert f'href="{url}" data-link="public-call">' in page
    assert f">{url}<" not in page


def test_removing_a_category_asks_for_confirmation(client, samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    client.force_login(samr_staff)
    html = _html(client.get(reverse("catalog:category_detail", args=[category.pk])))
    form = html[html.index(f'action="{reverse("catalog:category_remove", args=[category.pk])}"') :]
    form = form[: form.index(">")]
    assert 'data-confirm="' in form
    assert 'data-confirm=""' not in form
