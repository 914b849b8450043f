"""目录版本: an edition goes collecting → researching → consulting → published → superseded,
each step through its service: permission, source stage, preconditions, audit, notifications."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.enums import Role
from catalog import services
from catalog.enums import EditionState
from catalog.models import CatalogEdition, ConsultedDepartment
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import AuditEvent, Notification, PublicNotice
from tests.factories import make_member
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    make_alliance_institution,
    make_category,
    make_comment,
    make_department,
    make_edition,
    make_suggestion,
    published_edition,
    reload,
    researching_edition,
    today,
)

pytestmark = pytest.mark.django_db

TRANSITION = AuditEventType.CATALOG_EDITION_TRANSITION


def _events(edition: CatalogEdition, event_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(CatalogEdition),
            target_id=str(edition.pk),
            event_type=event_type,
        ).order_by("id")
    )


def _notified(user, key_prefix: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, key__startswith=key_prefix))


# --- create -----------------------------------------------------------------------------------


def test_staff_create_an_edition_which_collects_suggestions(samr_staff):
    # Given an association user, an enterprise user and an institution user
    association = make_member(Role.ASSOCIATION)
    enterprise_user = make_member(Role.ENTERPRISE)
    institution_user = make_member(Role.INSTITUTION)
    deadline = today() + dt.timedelta(days=20)

    # When staff create the 2026 edition
    edition = services.edition_create(
        year=2026,
        title=" 2026年东莞优品产品类别目录 ",
        description="征集通知正文",
        suggestion_deadline=deadline,
        by=samr_staff,
    )

    # Then it collects suggestions with the default target of 20
    edition = reload(edition)
    assert edition.state == EditionState.COLLECTING
    assert (edition.year, edition.title, edition.target_count) == (
        2026,
        "2026年东莞优品产品类别目录",
        20,
    )
    assert edition.suggestion_deadline == deadline
    assert edition.created_by == samr_staff
    # And one audit event records it
    [event] = _events(edition, AuditEventType.CATALOG_EDITION_CREATED)
    assert event.actor == samr_staff
    assert event.to_state == EditionState.COLLECTING
    assert event.payload == {
        "year": 2026,
        "suggestion_deadline": deadline.isoformat(),
        "target_count": 20,
    }
    # And a call is published on the public site, linking to the call page
    [notice] = PublicNotice.objects.all()
    assert notice.kind == PublicNotice.Kind.CALL
    assert "2026" in notice.title
    assert notice.link == "/catalogue/2026/call/"
    assert notice.subject_id == str(edition.pk)
    assert "征集通知正文" in notice.body
    # And only association users are notified (no broadcast to enterprises)
    [note] = _notified(association, "catalog.edition_created:")
    assert note.url == "/catalog/suggestions/"
    assert _notified(enterprise_user, "catalog.") == []
    assert _notified(institution_user, "catalog.") == []


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SAMR_STAFF])
def test_only_staff_create_an_edition(role):
    user = make_member(role)
    with pytest.raises(PermissionDenied):
        services.edition_create(
            year=2026,
            title="目录",
            description="",
            suggestion_deadline=today(),
            by=user,
        )
    assert not CatalogEdition.objects.exists()
    assert not PublicNotice.objects.exists()


def test_creating_is_refused_while_another_edition_is_prepared(samr_staff):
    # Given the 2026 edition under research
    researching_edition(samr_staff, year=2026)
    # When staff try to create 2027
    with pytest.raises(DomainError) as exc:
        make_edition(samr_staff, year=2027)
    # Then it is refused, naming the edition in preparation
    assert exc.value.code == "edition_in_preparation"
    assert "2026" in str(exc.value.message)
    assert list(CatalogEdition.objects.values_list("year", flat=True)) == [2026]


def test_the_next_edition_may_be_created_once_the_previous_is_published(samr_staff):
    published_edition(samr_staff, year=2026)
    edition = make_edition(samr_staff, year=2027)
    assert reload(edition).state == EditionState.COLLECTING


def test_one_edition_per_year_and_years_in_order(samr_staff):
    published_edition(samr_staff, year=2026)
    with pytest.raises(DomainError) as exc:
        make_edition(samr_staff, year=2026)
    assert exc.value.code == "year_exists"
    with pytest.raises(DomainError) as exc:
        make_edition(samr_staff, year=2025)
    assert exc.value.code == "year_order"
    assert CatalogEdition.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "  "}, "title_required"),
        ({"target_count": 0}, "target"),
        ({"suggestion_deadline": "yesterday"}, "deadline_past"),
    ],
)
def test_bad_edition_input_is_refused(samr_staff, fields, code):
    values = {
        "year": 2026,
        "title": "目录",
        "description": "",
        "suggestion_deadline": today(),
        "target_count": 20,
    }
    values.update(fields)
    if values["suggestion_deadline"] == "yesterday":
        values["suggestion_deadline"] = today() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        services.edition_create(by=samr_staff, **values)
    assert exc.value.code == code
    assert not CatalogEdition.objects.exists()


# --- start research ---------------------------------------------------------------------------


def test_starting_research_notifies_alliance_institutions_only(samr_staff):
    # Given a collecting edition with a category, a member and a non-member institution
    edition = make_edition(samr_staff)
    make_category(edition, samr_staff)
    member_user = make_member(Role.INSTITUTION, make_alliance_institution())
    other_user = make_member(Role.INSTITUTION)

    # When staff start the research (before the suggestion deadline)
    result = services.edition_start_research(edition=edition, by=samr_staff)

    # Then the edition is under research
    assert result.state == EditionState.RESEARCHING
    assert reload(edition).state == EditionState.RESEARCHING
    [event] = _events(edition, TRANSITION)
    assert (event.from_state, event.to_state) == ("collecting", "researching")
    assert event.payload == {
        "closed_before_deadline": True,
        "categories": 1,
        "undecided_suggestions": 0,
    }
    # And only the alliance member's users are notified
    assert len(_notified(member_user, f"catalog.research_started:{edition.pk}")) == 1
    assert _notified(other_user, "catalog.") == []


def test_research_needs_a_category(samr_staff):
    edition = make_edition(samr_staff)
    with pytest.raises(DomainError) as exc:
        services.edition_start_research(edition=edition, by=samr_staff)
    assert exc.value.code == "no_category"
    assert reload(edition).state == EditionState.COLLECTING


@pytest.mark.parametrize("stage", ["researching", "consulting", "published"])
def test_research_cannot_start_from_another_stage(samr_staff, stage):
    edition = _edition_in(stage, samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.edition_start_research(edition=edition, by=samr_staff)
    assert reload(edition).state == stage


def test_only_staff_start_research(samr_staff, user_with_role):
    edition = make_edition(samr_staff)
    make_category(edition, samr_staff)
    with pytest.raises(PermissionDenied):
        services.edition_start_research(edition=edition, by=user_with_role(Role.AUDITOR))
    assert reload(edition).state == EditionState.COLLECTING
    assert _events(edition, TRANSITION) == []


# --- start consultation -------------------------------------------------------------------------


def test_starting_consultation_records_the_deadline_and_consulted_units(samr_staff):
    # Given an edition under research and two member units (one without a department user)
    edition, _category = researching_edition(samr_staff)
    department, department_user = make_department("东莞市工业和信息化局")
    from tests.factories.accounts import OrganisationFactory

    OrganisationFactory(kind="department", name="无用户的单位")
    deadline = today() + dt.timedelta(days=7)

    # When staff start the consultation
    result = services.edition_start_consultation(edition=edition, deadline=deadline, by=samr_staff)

    # Then the edition is in consultation until the deadline
    assert result.state == EditionState.CONSULTING
    edition = reload(edition)
    assert edition.consultation_deadline == deadline
    event = _events(edition, TRANSITION)[-1]
    assert (event.from_state, event.to_state) == ("researching", "consulting")
    assert event.payload == {"deadline": deadline.isoformat(), "departments": [department.pk]}
    # And the unit with a department user is consulted and notified
    assert list(ConsultedDepartment.objects.values_list("organisation", flat=True)) == [
        department.pk
    ]
    [note] = _notified(department_user, f"catalog.consultation_started:{edition.pk}")
    assert note.url == "/catalog/consultation/"


@pytest.mark.parametrize("days", [0, -1])
def test_the_consultation_deadline_must_be_after_today(samr_staff, days):
    edition, _category = researching_edition(samr_staff)
    with pytest.raises(DomainError) as exc:
        services.edition_start_consultation(
            edition=edition, deadline=today() + dt.timedelta(days=days), by=samr_staff
        )
    assert exc.value.code == "deadline_past"
    assert reload(edition).state == EditionState.RESEARCHING


def test_consultation_waits_for_every_suggestion_to_be_decided(samr_staff):
    edition = make_edition(samr_staff)
    make_suggestion(edition)
    make_category(edition, samr_staff)
    services.edition_start_research(edition=edition, by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.edition_start_consultation(
            edition=edition, deadline=today() + dt.timedelta(days=5), by=samr_staff
        )
    assert exc.value.code == "undecided_suggestions"
    assert reload(edition).state == EditionState.RESEARCHING


@pytest.mark.parametrize("stage", ["collecting", "consulting", "published"])
def test_consultation_cannot_start_from_another_stage(samr_staff, stage):
    edition = _edition_in(stage, samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.edition_start_consultation(
            edition=edition, deadline=today() + dt.timedelta(days=5), by=samr_staff
        )
    assert reload(edition).state == stage


def test_only_staff_start_consultation(samr_staff, user_with_role):
    edition, _category = researching_edition(samr_staff)
    with pytest.raises(PermissionDenied):
        services.edition_start_consultation(
            edition=edition,
            deadline=today() + dt.timedelta(days=5),
            by=user_with_role(Role.DEPARTMENT),
        )
    assert reload(edition).state == EditionState.RESEARCHING


# --- publish ----------------------------------------------------------------------------------


def test_publishing_after_the_deadline_announces_and_notifies(samr_staff):
    # Given an edition in consultation whose suggester and an alliance institution wait
    edition = make_edition(samr_staff)
    suggester = make_member(Role.ASSOCIATION)
    suggestion = make_suggestion(edition, suggester)
    institution_user = make_member(Role.INSTITUTION, make_alliance_institution())
    outsider = make_member(Role.ENTERPRISE)
    services.suggestion_adopt(
        suggestion=suggestion,
        code="2026-01",
        name="智能手机",
        industry=suggestion.industry,
        scope=suggestion.scope,
        standards_text=suggestion.product_standards,
        by=samr_staff,
    )
    services.edition_start_research(edition=edition, by=samr_staff)
    services.edition_start_consultation(
        edition=edition, deadline=today() + dt.timedelta(days=3), by=samr_staff
    )
    edition = end_consultation(edition)

    # When staff publish
    before = timezone.now()
    result = services.edition_publish(edition=edition, by=samr_staff)

    # Then it is published, with the time
    edition = reload(edition)
    assert result.state == edition.state == EditionState.PUBLISHED
    assert edition.published_at >= before
    event = _events(edition, TRANSITION)[-1]
    assert (event.from_state, event.to_state) == ("consulting", "published")
    assert event.payload == {"categories": 1, "supersedes": None}
    # And an announcement links to the public catalogue
    notice = PublicNotice.objects.get(kind=PublicNotice.Kind.ANNOUNCEMENT)
    assert "2026年东莞优品产品类别目录" in notice.title
    assert notice.link == "/catalogue/"
    # And the suggester and the alliance institution are notified, nobody else
    assert len(_notified(suggester, f"catalog.published:{edition.pk}")) == 1
    assert len(_notified(institution_user, f"catalog.published:{edition.pk}")) == 1
    assert _notified(outsider, "catalog.") == []


def test_publishing_supersedes_the_previous_edition_in_the_same_step(samr_staff):
    # Given the published 2026 catalogue and the 2027 edition at the end of its consultation
    old, _category = published_edition(samr_staff, year=2026)
    new, _category = consulting_edition(samr_staff, year=2027)
    new = end_consultation(new)

    # When staff publish 2027
    services.edition_publish(edition=new, by=samr_staff)

    # Then 2027 is published and 2026 superseded, each with its audit event
    assert reload(new).state == EditionState.PUBLISHED
    assert reload(old).state == EditionState.SUPERSEDED
    [superseded] = [e for e in _events(old, TRANSITION) if e.to_state == "superseded"]
    assert superseded.payload == {"superseded_by": 2027}
    assert _events(new, TRANSITION)[-1].payload == {"categories": 1, "supersedes": 2026}
    assert CatalogEdition.objects.filter(state=EditionState.PUBLISHED).count() == 1


def test_the_database_allows_only_one_published_edition(samr_staff):
    published_edition(samr_staff, year=2026)
    edition, _category = consulting_edition(samr_staff, year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypassing the services (and the protected state) on purpose.
        CatalogEdition.objects.filter(pk=edition.pk).update(state=EditionState.PUBLISHED)


def test_publishing_is_refused_without_a_category(samr_staff):
    edition, category = consulting_edition(samr_staff)
    services.category_remove(category=category, by=samr_staff)
    _assert_publish_refused(end_consultation(edition), samr_staff, ["no_category"])


def test_publishing_is_refused_while_a_category_has_no_standard(samr_staff):
    edition, category = consulting_edition(samr_staff)
    bare = make_category(edition, samr_staff, code="2026-99", name="荔枝", standards="")
    exc = _assert_publish_refused(
        end_consultation(edition), samr_staff, ["category_without_standard"]
    )
    assert "2026-99 荔枝" in str(exc.message)
    assert category.code not in str(exc.message)
    assert bare.pk


def test_publishing_is_refused_while_a_comment_is_unanswered(samr_staff):
    department, department_user = make_department()
    edition, _category = consulting_edition(samr_staff)
    make_comment(edition, department_user, department)
    exc = _assert_publish_refused(end_consultation(edition), samr_staff, ["unresolved_comments"])
    assert "1" in str(exc.message)


def test_publishing_before_the_deadline_is_refused_while_a_unit_has_not_answered(samr_staff):
    # Given two consulted units, one of which has answered
    first, first_user = make_department("东莞市工业和信息化局")
    make_department("东莞市商务局")
    edition, _category = consulting_edition(samr_staff)
    services.consultation_reply_no_comments(edition=edition, organisation=first, by=first_user)
    # When staff publish before the deadline, it is refused and says how many answered
    exc = _assert_publish_refused(edition, samr_staff, ["consultation_open"])
    assert "1" in str(exc.message)
    assert "2" in str(exc.message)


def test_publishing_before_the_deadline_is_refused_when_no_unit_was_consulted(samr_staff):
    edition, _category = consulting_edition(samr_staff)
    _assert_publish_refused(edition, samr_staff, ["consultation_open"])


def test_publishing_early_is_allowed_once_every_consulted_unit_has_answered(samr_staff):
    # Given two consulted units: one replies "no comments", the other comments and is answered
    first, first_user = make_department("东莞市工业和信息化局")
    second, second_user = make_department("东莞市商务局")
    edition, _category = consulting_edition(samr_staff)
    services.consultation_reply_no_comments(edition=edition, organisation=first, by=first_user)
    comment = make_comment(edition, second_user, second)
    services.comment_resolve(comment=comment, response="已采纳", by=samr_staff)
    # When staff publish before the deadline
    services.edition_publish(edition=edition, by=samr_staff)
    # Then it is published
    assert reload(edition).state == EditionState.PUBLISHED


def test_every_problem_is_named_at_once(samr_staff):
    department, department_user = make_department()
    make_department()  # consulted, has not answered
    edition, _category = consulting_edition(samr_staff)
    make_category(edition, samr_staff, code="2026-98", name="衬衫", standards="")
    make_comment(edition, department_user, department)
    _assert_publish_refused(
        edition,
        samr_staff,
        ["category_without_standard", "unresolved_comments", "consultation_open"],
    )


@pytest.mark.parametrize("stage", ["collecting", "researching", "published"])
def test_publishing_is_refused_from_another_stage(samr_staff, stage):
    edition = _edition_in(stage, samr_staff)
    with pytest.raises(TransitionNotAllowed):
        services.edition_publish(edition=edition, by=samr_staff)
    assert reload(edition).state == stage


def test_only_staff_publish(samr_staff, user_with_role):
    edition, _category = consulting_edition(samr_staff)
    edition = end_consultation(edition)
    with pytest.raises(PermissionDenied):
        services.edition_publish(edition=edition, by=user_with_role(Role.LEADING_GROUP))
    assert reload(edition).state == EditionState.CONSULTING
    assert not PublicNotice.objects.filter(kind=PublicNotice.Kind.ANNOUNCEMENT).exists()


# --- helpers ------------------------------------------------------------------------------------


def _assert_publish_refused(edition, staff, codes: list[str]):
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        services.edition_publish(edition=edition, by=staff)
    assert [p.code for p in exc.value.problems] == codes
    assert exc.value.code == codes[0]
    assert reload(edition).state == EditionState.CONSULTING
    assert AuditEvent.objects.count() == events
    assert not PublicNotice.objects.filter(kind=PublicNotice.Kind.ANNOUNCEMENT).exists()
    return exc.value


def _edition_in(stage: str, staff) -> CatalogEdition:
    if stage == "collecting":
        edition = make_edition(staff)
        make_category(edition, staff)
        return reload(edition)
    if stage == "researching":
        return researching_edition(staff)[0]
    if stage == "consulting":
        return consulting_edition(staff)[0]
    return published_edition(staff)[0]
