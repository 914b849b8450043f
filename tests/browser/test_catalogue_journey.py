"""产品类别目录, end to end in a browser: staff open the 2026 call → an association suggests a
category → staff adopt it with one more standard → an alliance institution researches it →
a member unit comments during the consultation → staff answer and publish → the public sees it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from catalog.enums import EditionState, SuggestionState
from catalog.models import CatalogEdition, Category, CategorySuggestion, ResearchNote
from tests.factories import OrganisationFactory, make_member
from tests.factories.accounts import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CATEGORY = "智能手机"
SUGGESTED_STANDARD = "GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范"
ADDED_STANDARD = "GB 4943.1-2022 音视频、信息技术和通信技术设备 第1部分：安全要求"
COMMENT = "建议在适用范围中明确是否包含折叠屏手机。"
RESPONSE = "已在适用范围中明确包含折叠屏手机。"


def _log_out(page) -> None:
    page.locator("header.site-header form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("header.site-header a[href='/accounts/login/']")).to_be_visible()


def test_a_category_goes_from_suggestion_to_the_published_catalogue(page, log_in):
    # Given SAMR staff, an association, an alliance institution and a member unit
    staff = make_member(Role.SAMR_STAFF, full_name="周静")
    association = make_member(
        Role.ASSOCIATION,
        OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="东莞市电子信息行业协会"),
    )
    institution = make_member(
        Role.INSTITUTION,
        OrganisationFactory(
            kind=OrganisationKind.INSTITUTION,
            name="东莞市质量监督检测中心",
            is_alliance_member=True,
        ),
    )
    department = make_member(
        Role.DEPARTMENT,
        OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name="东莞市工业和信息化局"),
    )
    today = timezone.localdate()

    # Irreversible actions ask first (data-confirm): say yes (Playwright would say no)
    questions: list[str] = []

    def _accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", _accept)

    # When staff open catalogue management from the menu and create the 2026 edition
    log_in(staff.username, PASSWORD)
    page.locator("nav#app-nav a[href='/catalog/']").click()
    expect(page).to_have_url(re.compile(r"/catalog/$"))
    page.locator("[data-action=new-edition]").click()
    page.locator("[name=year]").fill("2026")
    page.locator("[name=title]").fill("2026年东莞优品产品类别目录")
    page.locator("[name=description]").fill("面向行业协会、企业征集产品类别目录建议。")
    page.locator("[name=suggestion_deadline]").fill((today + dt.timedelta(days=30)).isoformat())
    page.locator("main form[method=post] button[type=submit]").click()

    # Then the edition collects suggestions, with 0 of 20 categories
    edition = CatalogEdition.objects.get(year=2026)
    expect(page).to_have_url(re.compile(rf"/catalog/editions/{edition.pk}/$"))
    expect(page.locator("[data-edition-stage=collecting]")).to_be_visible()
    expect(page.locator("#edition-progress")).to_have_attribute("max", "20")
    expect(page.locator("#edition-progress")).to_have_attribute("value", "0")
    _log_out(page)

    # When the association suggests a category
    log_in(association.username, PASSWORD)
    page.locator("nav#app-nav a[href='/catalog/suggestions/']").click()
    expect(page.locator("[data-open-call='2026']")).to_be_visible()
    page.locator("[data-action=suggest]").click()
    page.locator("[name=name]").fill(CATEGORY)
    page.locator("[name=industry]").select_option(label="电子信息")
    page.locator("[name=scope]").fill("具备移动通信和智能操作系统的手持终端。")
    page.locator("[name=product_standards]").fill(SUGGESTED_STANDARD)
    page.locator("[name=reasons]").fill("智能手机是东莞电子信息产业的支柱产品。")
    page.locator("main form[method=post] button[type=submit]").click()

    # Then the association sees it waiting for a decision
    suggestion = CategorySuggestion.objects.get()
    expect(page).to_have_url(re.compile(rf"/catalog/suggestions/{suggestion.pk}/$"))
    expect(page.locator("main [data-state=submitted]")).to_be_visible()
    _log_out(page)

    # When staff open the suggestions and adopt it, adding a second standard
    log_in(staff.username, PASSWORD)
    page.goto(f"/catalog/editions/{edition.pk}/suggestions/")
    page.locator(f"tr[data-suggestion='{suggestion.pk}'] a").click()
    page.locator("[data-action=adopt]").click()
    expect(page.locator("[name=code]")).to_have_value("2026-01")
    expect(page.locator("[name=name]")).to_have_value(CATEGORY)
    page.locator("[name=standards]").fill(f"{SUGGESTED_STANDARD}\n{ADDED_STANDARD}")
    page.locator("main form[method=post] button[type=submit]").click()

    # Then the category exists with both standards, and the suggestion is adopted
    category = Category.objects.get(edition=edition)
    expect(page).to_have_url(re.compile(rf"/catalog/categories/{category.pk}/$"))
    expect(page.locator("tr[data-standard='GB/T 18287-2013']")).to_be_visible()
    expect(page.locator("tr[data-standard='GB 4943.1-2022']")).to_be_visible()
    assert CategorySuggestion.objects.get().state == SuggestionState.ADOPTED

    # When staff start the research
    page.goto(f"/catalog/editions/{edition.pk}/")
    expect(page.locator("#edition-progress")).to_have_attribute("value", "1")
    page.locator("[data-action=start-research]").click()
    expect(page.locator("[data-edition-stage=researching]")).to_be_visible()
    _log_out(page)

    # And the alliance institution writes its research note
    log_in(institution.username, PASSWORD)
    page.locator("nav#app-nav a[href='/catalog/research/']").click()
    expect(page.locator("[data-research-progress='0/1']")).to_be_visible()
    page.locator("tr[data-category='2026-01'] [data-action=write-note]").click()
    page.locator("[name=standard_advancedness]").fill("执行标准的关键指标达到国内先进水平。")
    page.locator("[name=market]").fill("国内外市场需求旺盛，消费者关注续航和安全。")
    page.locator("[name=dongguan_producers]").fill("35")
    page.locator("[name=recommendation][value=include]").check()
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("[data-research-progress='1/1']")).to_be_visible()
    assert ResearchNote.objects.get().dongguan_producers == 35
    _log_out(page)

    # When staff start the consultation, until a week from today
    log_in(staff.username, PASSWORD)
    page.goto(f"/catalog/editions/{edition.pk}/")
    page.locator("[name=deadline]").fill((today + dt.timedelta(days=7)).isoformat())
    page.locator("[data-action=start-consultation]").click()
    expect(page.locator("[data-edition-stage=consulting]")).to_be_visible()
    _log_out(page)

    # And the member unit comments on the category
    log_in(department.username, PASSWORD)
    page.locator("nav#app-nav a[href='/catalog/consultation/']").click()
    expect(page.locator("main [data-category='2026-01']")).to_be_visible()
    page.locator("#comment-form [name=category]").select_option(str(category.pk))
    page.locator("#comment-form [name=body]").fill(COMMENT)
    page.locator("[data-action=comment]").click()
    expect(page.locator("main [data-comment]")).to_contain_text(COMMENT)
    _log_out(page)

    # Then staff cannot publish yet: the comment is unanswered
    log_in(staff.username, PASSWORD)
    page.goto(f"/catalog/editions/{edition.pk}/")
    expect(page.locator("[data-problem=unresolved_comments]")).to_be_visible()

    # When staff answer the comment
    page.goto(f"/catalog/editions/{edition.pk}/comments/")
    page.locator("[name=response]").fill(RESPONSE)
    page.locator("[data-action=resolve]").click()
    expect(page.locator("main [data-comment]")).to_contain_text(RESPONSE)

    # And publish (every consulted unit has answered, so before the deadline)
    page.goto(f"/catalog/editions/{edition.pk}/")
    expect(page.locator("[data-problem]")).to_have_count(0)
    question = page.locator("form:has([data-action=publish])").get_attribute("data-confirm")
    assert question
    page.locator("[data-action=publish]").click()
    expect(page.locator("[data-edition-stage=published]")).to_be_visible()
    assert CatalogEdition.objects.get(pk=edition.pk).state == EditionState.PUBLISHED
    assert questions == [question]
    _log_out(page)

    # Then anyone sees the category on the public catalogue, with its standards
    page.goto("/catalogue/")
    row = page.locator("main tr[data-category='2026-01']")
    expect(row).to_contain_text(CATEGORY)
    expect(row.locator("[data-standard='GB/T 18287-2013']")).to_be_visible()
    expect(row.locator("[data-standard='GB 4943.1-2022']")).to_be_visible()
    expect(page.locator("main [data-industry=electronics] h2")).to_have_text("电子信息")
