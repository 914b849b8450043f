"""征求意见: member units comment on the draft (as a whole or per category) or reply that they
have no comments, until the deadline; staff answer each comment."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from catalog import services
from catalog.models import CatalogEdition, ConsultationComment, ConsultedDepartment
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent, Notification
from tests.factories import make_member
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    make_category,
    make_comment,
    make_department,
    published_edition,
    researching_edition,
    today,
)

pytestmark = pytest.mark.django_db


def test_a_department_comments_on_a_category_and_on_the_whole(samr_staff):
    department, user = make_department("东莞市商务局")
    edition, category = consulting_edition(samr_staff)

    on_category = make_comment(edition, user, department, category=category, body="建议细化范围")
    on_whole = make_comment(edition, user, department, body="建议增加农产品类别")

    assert ConsultationComment.objects.get(pk=on_category.pk).category == category
    assert ConsultationComment.objects.get(pk=on_whole.pk).category is None
    answer = ConsultedDepartment.objects.get(edition=edition, organisation=department)
    assert answer.answered_at is not None
    assert answer.no_comments is False
    events = AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_COMMENT_SUBMITTED)
    assert sorted(e.payload["category"] or "" for e in events) == ["", category.code]


def test_a_department_replies_no_comments(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)

    services.consultation_reply_no_comments(edition=edition, organisation=department, by=user)

    answer = ConsultedDepartment.objects.get(edition=edition, organisation=department)
    assert answer.no_comments is True
    assert answer.answered_at is not None
    event = AuditEvent.objects.get(event_type=AuditEventType.CATALOG_COMMENT_SUBMITTED)
    assert event.payload == {"edition": 2026, "no_comments": True}


def test_no_comments_after_commenting_is_refused_and_commenting_after_no_comments_is_not(
    samr_staff,
):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    services.consultation_reply_no_comments(edition=edition, organisation=department, by=user)
    make_comment(edition, user, department)
    assert ConsultedDepartment.objects.get(organisation=department).no_comments is False
    with pytest.raises(DomainError) as exc:
        services.consultation_reply_no_comments(edition=edition, organisation=department, by=user)
    assert exc.value.code == "already_commented"


def test_comments_are_accepted_until_the_deadline_inclusive(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    CatalogEdition.objects.filter(pk=edition.pk).update(consultation_deadline=today())
    make_comment(edition, user, department)
    edition = end_consultation(edition)
    with pytest.raises(DomainError) as exc:
        make_comment(edition, user, department)
    assert exc.value.code == "deadline_passed"
    with pytest.raises(DomainError):
        services.consultation_reply_no_comments(edition=edition, organisation=department, by=user)
    assert ConsultationComment.objects.count() == 1


@pytest.mark.parametrize("stage", ["researching", "published"])
def test_comments_are_refused_outside_the_consultation(samr_staff, stage):
    department, user = make_department()
    edition = (
        researching_edition(samr_staff)[0]
        if stage == "researching"
        else published_edition(samr_staff)[0]
    )
    with pytest.raises(DomainError) as exc:
        make_comment(edition, user, department)
    assert exc.value.code == "not_consulting"
    assert not ConsultationComment.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.DEPARTMENT])
def test_only_department_users_comment(samr_staff, role):
    department, _user = make_department()
    edition, _category = consulting_edition(samr_staff)
    with pytest.raises(PermissionDenied):
        make_comment(edition, make_member(role), department)
    assert not ConsultationComment.objects.exists()


def test_a_department_user_cannot_comment_for_another_unit(samr_staff):
    department, _user = make_department()
    _other, other_user = make_department()
    edition, _category = consulting_edition(samr_staff)
    with pytest.raises(PermissionDenied):
        make_comment(edition, other_user, department)


def test_an_empty_comment_or_another_editions_category_is_refused(samr_staff):
    department, user = make_department()
    _old, old_category = published_edition(samr_staff, year=2025)
    edition, _category = consulting_edition(samr_staff, year=2026)
    with pytest.raises(DomainError) as exc:
        make_comment(edition, user, department, body="  ")
    assert exc.value.code == "body_required"
    with pytest.raises(DomainError) as exc:
        make_comment(edition, user, department, category=old_category)
    assert exc.value.code == "other_edition"
    assert not ConsultationComment.objects.exists()


def test_staff_answer_a_comment_and_the_commenter_is_told(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, user, department)

    services.comment_resolve(comment=comment, response=" 已在范围中补充 ", by=samr_staff)

    comment = ConsultationComment.objects.get(pk=comment.pk)
    assert comment.response == "已在范围中补充"
    assert comment.resolved_by == samr_staff
    assert comment.is_resolved
    event = AuditEvent.objects.get(event_type=AuditEventType.CATALOG_COMMENT_RESOLVED)
    assert event.actor == samr_staff
    [note] = Notification.objects.filter(
        recipient=user, key=f"catalog.comment_resolved:{comment.pk}"
    )
    assert note.body == "已在范围中补充"
    assert note.url == "/catalog/consultation/"


def test_a_comment_is_answered_once_and_with_a_response(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, user, department)
    with pytest.raises(DomainError) as exc:
        services.comment_resolve(comment=comment, response="", by=samr_staff)
    assert exc.value.code == "response_required"
    services.comment_resolve(comment=comment, response="已采纳", by=samr_staff)
    with pytest.raises(DomainError) as exc:
        services.comment_resolve(comment=comment, response="再次答复", by=samr_staff)
    assert exc.value.code == "resolved"
    assert ConsultationComment.objects.get(pk=comment.pk).response == "已采纳"


def test_staff_may_answer_after_the_deadline(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, user, department)
    end_consultation(edition)
    services.comment_resolve(comment=comment, response="已采纳", by=samr_staff)
    assert ConsultationComment.objects.get(pk=comment.pk).is_resolved


def test_only_staff_answer(samr_staff):
    department, user = make_department()
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, user, department)
    with pytest.raises(PermissionDenied):
        services.comment_resolve(comment=comment, response="好", by=user)
    assert not ConsultationComment.objects.get(pk=comment.pk).is_resolved


def test_a_department_created_during_the_consultation_may_still_comment(samr_staff):
    edition, _category = consulting_edition(samr_staff)
    department, user = make_department()
    make_comment(edition, user, department)
    assert ConsultedDepartment.objects.filter(edition=edition, organisation=department).exists()
    make_category(edition, samr_staff)  # the draft stays editable during the consultation


def test_staff_are_told_in_their_inbox_when_a_department_comments(samr_staff):
    from dgyp.models import Notification

    department, user = make_department("东莞市商务局")
    edition, _category = consulting_edition(samr_staff)
    comment = make_comment(edition, user, department, body="建议增加农产品类别")
    note = Notification.objects.get(
        recipient=samr_staff, key=f"catalog.comment_submitted:{comment.pk}"
    )
    assert "东莞市商务局" in note.title
