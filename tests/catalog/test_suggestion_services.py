"""目录建议: associations and enterprises suggest until the deadline (Dongguan date); staff adopt
a suggestion as a category, merge duplicates into one, or decline with a reason."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.enums import Role
from catalog import services
from catalog.enums import SuggestionState
from catalog.models import CatalogEdition, Category, CategorySuggestion, ProductStandard
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification
from tests.factories import make_member
from tests.factories.catalog import (
    industry,
    make_category,
    make_edition,
    make_suggester,
    make_suggestion,
    published_edition,
    researching_edition,
    suggester_organisation,
    today,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _state(suggestion: CategorySuggestion) -> str:
    return CategorySuggestion.objects.get(pk=suggestion.pk).state


def _fields(**overrides):
    values = {
        "name": "实木家具",
        "industry": industry("furniture"),
        "scope": "以实木为主要基材的家具",
        "product_standards": "GB/T 3324-2017 木家具通用技术条件",
        "reasons": "东莞是家具之都",
    }
    values.update(overrides)
    return values


# --- submit -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ASSOCIATION, Role.ENTERPRISE])
def test_associations_and_enterprises_suggest_a_category(samr_staff, role):
    edition = make_edition(samr_staff)
    user = make_member(role)
    organisation = suggester_organisation(user)

    suggestion = services.suggestion_submit(
        edition=edition, organisation=organisation, by=user, **_fields()
    )

    suggestion = CategorySuggestion.objects.get(pk=suggestion.pk)
    assert suggestion.state == SuggestionState.SUBMITTED
    assert (suggestion.organisation, suggestion.submitted_by) == (organisation, user)
    assert suggestion.product_standards == "GB/T 3324-2017 木家具通用技术条件"
    [event] = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_SUGGESTION_SUBMITTED)
    assert event.actor == user
    assert event.actor_organisation == organisation
    assert event.payload == {"edition": 2026, "name": "实木家具"}


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.ASSOCIATION, Role.ENTERPRISE)])
def test_other_roles_cannot_suggest(samr_staff, role):
    edition = make_edition(samr_staff)
    user = make_member(role)
    organisation = user.memberships.first().organisation or suggester_organisation(make_suggester())
    with pytest.raises(PermissionDenied):
        services.suggestion_submit(edition=edition, organisation=organisation, by=user, **_fields())
    assert not CategorySuggestion.objects.exists()


def test_a_user_cannot_suggest_for_another_organisation(samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    other = suggester_organisation(make_suggester())
    with pytest.raises(PermissionDenied):
        services.suggestion_submit(edition=edition, organisation=other, by=user, **_fields())
    assert not CategorySuggestion.objects.exists()


def test_suggestions_are_accepted_on_the_deadline_day_and_refused_after(samr_staff):
    edition = make_edition(samr_staff, deadline=today())
    user = make_suggester()
    make_suggestion(edition, user)
    CatalogEdition.objects.filter(pk=edition.pk).update(
        suggestion_deadline=today() - dt.timedelta(days=1)
    )
    with pytest.raises(DomainError) as exc:
        make_suggestion(edition, user, name="毛绒玩具")
    assert exc.value.code == "deadline_passed"
    assert CategorySuggestion.objects.count() == 1


def test_the_deadline_is_a_dongguan_date(samr_staff, monkeypatch):
    # Given an edition whose suggestions close on 2 (local) days from now
    deadline = today() + dt.timedelta(days=2)
    edition = make_edition(samr_staff, deadline=deadline)
    user = make_suggester()
    shanghai = ZoneInfo("Asia/Shanghai")
    # When it is 00:30 on the deadline day in Dongguan (still the day before in UTC)
    first_minutes = dt.datetime.combine(deadline, dt.time(0, 30), tzinfo=shanghai)
    assert first_minutes.astimezone(UTC).date() == deadline - dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: first_minutes.astimezone(UTC))
    # Then a suggestion is accepted
    make_suggestion(edition, user)
    # When it is 00:30 the day after in Dongguan (still the deadline day in UTC)
    day_after = dt.datetime.combine(
        deadline + dt.timedelta(days=1), dt.time(0, 30), tzinfo=shanghai
    )
    assert day_after.astimezone(UTC).date() == deadline
    monkeypatch.setattr(timezone, "now", lambda: day_after.astimezone(UTC))
    # Then it is refused
    with pytest.raises(DomainError) as exc:
        make_suggestion(edition, user, name="毛绒玩具")
    assert exc.value.code == "deadline_passed"


def test_suggestions_are_refused_outside_the_collecting_stage(samr_staff):
    edition, _category = researching_edition(samr_staff)
    with pytest.raises(DomainError) as exc:
        make_suggestion(edition)
    assert exc.value.code == "not_collecting"
    assert not CategorySuggestion.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"name": " "}, "name_required"),
        ({"scope": ""}, "scope"),
        ({"reasons": ""}, "reasons_required"),
        ({"product_standards": ""}, "standard_required"),
        ({"product_standards": "国家标准"}, "standard_lines"),
    ],
)
def test_incomplete_suggestions_are_refused(samr_staff, overrides, code):
    edition = make_edition(samr_staff)
    user = make_suggester()
    with pytest.raises(DomainError) as exc:
        services.suggestion_submit(
            edition=edition,
            organisation=suggester_organisation(user),
            by=user,
            **_fields(**overrides),
        )
    assert exc.value.code == code
    assert not CategorySuggestion.objects.exists()


def test_the_suggester_corrects_a_waiting_suggestion(samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    suggestion = make_suggestion(edition, user)
    services.suggestion_update(suggestion=suggestion, by=user, **_fields(name="实木家具（卧房）"))
    assert CategorySuggestion.objects.get(pk=suggestion.pk).name == "实木家具（卧房）"
    event = AuditEvent.objects.filter(
        event_type=AuditEventType.CATALOG_SUGGESTION_SUBMITTED
    ).first()
    assert event.payload == {"edited": True, "name": "实木家具（卧房）"}


def test_a_decided_suggestion_cannot_be_corrected(samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    suggestion = make_suggestion(edition, user)
    services.suggestion_decline(suggestion=suggestion, reason="范围过窄", by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.suggestion_update(suggestion=suggestion, by=user, **_fields())
    assert exc.value.code == "decided"


def test_another_organisation_cannot_correct_a_suggestion(samr_staff):
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    with pytest.raises(PermissionDenied):
        services.suggestion_update(suggestion=suggestion, by=make_suggester(), **_fields())
    assert CategorySuggestion.objects.get(pk=suggestion.pk).name == "智能手机"


# --- adopt ------------------------------------------------------------------------------------


def test_staff_adopt_a_suggestion_as_a_new_category_with_its_standards(samr_staff):
    # Given a suggestion by an association with two users
    edition = make_edition(samr_staff)
    user = make_suggester()
    colleague = make_member(Role.ASSOCIATION, suggester_organisation(user))
    suggestion = make_suggestion(edition, user)

    # When staff adopt it, confirming the code and the standards
    category = services.suggestion_adopt(
        suggestion=suggestion,
        code="2026-01",
        name="智能手机",
        industry=industry("electronics"),
        scope="手持智能终端",
        standards_text=(
            "GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范\n"
            "GB 4943.1-2022 音视频、信息技术和通信技术设备 第1部分：安全要求"
        ),
        by=samr_staff,
    )

    # Then a category exists with the parsed standards
    category = Category.objects.get(pk=category.pk)
    assert (category.edition, category.code, category.name) == (edition, "2026-01", "智能手机")
    assert list(category.standards.values_list("number", "title")) == [
        ("GB 4943.1-2022", "音视频、信息技术和通信技术设备 第1部分：安全要求"),
        ("GB/T 18287-2013", "移动电话用锂离子蓄电池及蓄电池组总规范"),
    ]
    # And the suggestion is adopted into it, with who and when
    suggestion = CategorySuggestion.objects.get(pk=suggestion.pk)
    assert suggestion.state == SuggestionState.ADOPTED
    assert suggestion.category == category
    assert suggestion.decided_by == samr_staff
    assert suggestion.decided_at is not None
    # And the audit trail records the decision and the new category
    [decided] = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_SUGGESTION_DECIDED)
    assert (decided.from_state, decided.to_state) == ("submitted", "adopted")
    assert decided.payload == {"decision": "adopt", "category": category.pk, "code": "2026-01"}
    [saved] = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_CATEGORY_SAVED)
    assert saved.payload["from_suggestion"] == suggestion.pk
    assert saved.payload["standards"] == ["GB/T 18287-2013", "GB 4943.1-2022"]
    # And both users of the suggesting association are notified
    for member in (user, colleague):
        [note] = Notification.objects.filter(recipient=member, key__startswith="catalog.suggestion")
        assert note.url == f"/catalog/suggestions/{suggestion.pk}/"
        assert "2026-01" in note.body


def test_adopting_with_a_taken_code_or_a_bad_standard_changes_nothing(samr_staff):
    edition = make_edition(samr_staff)
    make_category(edition, samr_staff, code="2026-01", name="实木家具")
    suggestion = make_suggestion(edition)
    for kwargs, code in [
        ({"code": "2026-01", "standards_text": ""}, "code_taken"),
        ({"code": "2026-02", "name": "实木家具", "standards_text": ""}, "name_taken"),
        ({"code": "2026-02", "standards_text": "手机标准"}, "standard_lines"),
    ]:
        values = {"name": "智能手机", "industry": industry("electronics"), "scope": "终端"}
        values.update(kwargs)
        with pytest.raises(DomainError) as exc:
            services.suggestion_adopt(suggestion=suggestion, by=samr_staff, **values)
        assert exc.value.code == code
    assert _state(suggestion) == SuggestionState.SUBMITTED
    assert Category.objects.count() == 1


def test_a_decided_suggestion_cannot_be_adopted_and_no_category_is_left(samr_staff):
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    services.suggestion_decline(suggestion=suggestion, reason="重复", by=samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_adopt(
            suggestion=suggestion,
            code="2026-01",
            name="智能手机",
            industry=industry("electronics"),
            scope="终端",
            standards_text="",
            by=samr_staff,
        )
    assert _state(suggestion) == SuggestionState.DECLINED
    assert not Category.objects.exists()


# --- merge ------------------------------------------------------------------------------------


def test_staff_merge_a_duplicate_into_an_existing_category(samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff, code="2026-01", name="智能手机")
    user = make_suggester(Role.ENTERPRISE)
    suggestion = make_suggestion(edition, user, name="手机")

    services.suggestion_merge(suggestion=suggestion, category=category, by=samr_staff)

    suggestion = CategorySuggestion.objects.get(pk=suggestion.pk)
    assert suggestion.state == SuggestionState.MERGED
    assert suggestion.category == category
    [event] = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_SUGGESTION_DECIDED)
    assert event.payload == {"decision": "merge", "category": category.pk, "code": "2026-01"}
    [note] = Notification.objects.filter(recipient=user, key__startswith="catalog.suggestion")
    assert "2026-01" in note.body
    # The category's standards are unchanged: staff edit them if the duplicate adds one.
    assert ProductStandard.objects.filter(category=category).count() == 1


def test_staff_merge_several_suggestions_at_once(samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    suggestions = [make_suggestion(edition, name=f"手机{i}") for i in range(3)]

    merged = services.suggestion_merge_many(
        suggestions=suggestions, category=category, by=samr_staff
    )

    assert len(merged) == 3
    assert {_state(s) for s in suggestions} == {SuggestionState.MERGED}
    assert (
        AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_SUGGESTION_DECIDED).count() == 3
    )
    assert Notification.objects.filter(key__startswith="catalog.suggestion_decided").count() == 3


def test_a_bulk_merge_with_a_decided_suggestion_merges_none(samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    waiting = make_suggestion(edition, name="手机")
    declined = make_suggestion(edition, name="充电线")
    services.suggestion_decline(suggestion=declined, reason="范围过窄", by=samr_staff)

    with pytest.raises(DomainError) as exc:
        services.suggestion_merge_many(
            suggestions=[waiting, declined], category=category, by=samr_staff
        )

    assert exc.value.code == "decided"
    assert "充电线" in str(exc.value.message)
    assert _state(waiting) == SuggestionState.SUBMITTED


def test_a_suggestion_cannot_be_merged_into_another_editions_category(samr_staff):
    # Given the published 2026 catalogue and a suggestion for 2027
    _old, old_category = published_edition(samr_staff, year=2026)
    edition = make_edition(samr_staff, year=2027)
    suggestion = make_suggestion(edition)
    # When staff try to merge it into a 2026 category, it is refused
    with pytest.raises(DomainError):
        services.suggestion_merge(suggestion=suggestion, category=old_category, by=samr_staff)
    assert _state(suggestion) == SuggestionState.SUBMITTED


def test_merging_nothing_is_refused(samr_staff):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    with pytest.raises(DomainError) as exc:
        services.suggestion_merge_many(suggestions=[], category=category, by=samr_staff)
    assert exc.value.code == "nothing_chosen"


# --- decline ----------------------------------------------------------------------------------


def test_staff_decline_with_a_reason_the_suggester_is_told(samr_staff):
    edition = make_edition(samr_staff)
    user = make_suggester()
    suggestion = make_suggestion(edition, user)

    services.suggestion_decline(suggestion=suggestion, reason=" 产品范围过窄 ", by=samr_staff)

    suggestion = CategorySuggestion.objects.get(pk=suggestion.pk)
    assert suggestion.state == SuggestionState.DECLINED
    assert suggestion.decision_note == "产品范围过窄"
    assert suggestion.category is None
    [note] = Notification.objects.filter(recipient=user)
    assert "产品范围过窄" in note.body


def test_declining_needs_a_reason(samr_staff):
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    with pytest.raises(DomainError) as exc:
        services.suggestion_decline(suggestion=suggestion, reason="  ", by=samr_staff)
    assert exc.value.code == "reason_required"
    assert _state(suggestion) == SuggestionState.SUBMITTED


@pytest.mark.parametrize("role", [Role.ASSOCIATION, Role.ENTERPRISE, Role.AUDITOR, Role.DEPARTMENT])
def test_only_staff_decide(samr_staff, role):
    edition = make_edition(samr_staff)
    category = make_category(edition, samr_staff)
    suggestion = make_suggestion(edition)
    user = make_member(role)
    with pytest.raises(PermissionDenied):
        services.suggestion_decline(suggestion=suggestion, reason="x", by=user)
    with pytest.raises(PermissionDenied):
        services.suggestion_merge(suggestion=suggestion, category=category, by=user)
    with pytest.raises(PermissionDenied):
        services.suggestion_adopt(
            suggestion=suggestion,
            code="X",
            name="X",
            industry=industry(),
            scope="X",
            standards_text="",
            by=user,
        )
    assert _state(suggestion) == SuggestionState.SUBMITTED
    assert not Notification.objects.filter(key__startswith="catalog.suggestion").exists()


def test_suggestions_of_a_published_edition_cannot_be_decided(samr_staff):
    # A suggestion can only wait in a collecting edition; decisions after publication are refused.
    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition)
    services.suggestion_decline(suggestion=suggestion, reason="范围过窄", by=samr_staff)
    make_category(edition, samr_staff)
    services.edition_start_research(edition=edition, by=samr_staff)
    services.edition_start_consultation(
        edition=edition, deadline=today() + dt.timedelta(days=3), by=samr_staff
    )
    CatalogEdition.objects.filter(pk=edition.pk).update(
        consultation_deadline=today() - dt.timedelta(days=1)
    )
    services.edition_publish(edition=edition, by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.suggestion_decline(suggestion=suggestion, reason="再次", by=samr_staff)
    assert exc.value.code == "read_only"


def test_staff_are_told_of_a_new_suggestion_in_their_inbox(samr_staff):
    from tests.factories.catalog import make_edition, make_suggestion

    edition = make_edition(samr_staff)
    suggestion = make_suggestion(edition, name="智能门锁")
    note = Notification.objects.get(
        recipient=samr_staff, key=f"catalog.new_suggestion:{suggestion.pk}"
    )
    assert "智能门锁" in note.title
    assert note.send_email is False
