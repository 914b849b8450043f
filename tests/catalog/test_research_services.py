"""研究意见: alliance institutions write one research note per category while the catalogue is
under research; other institutions are refused."""

from __future__ import annotations

import pytest

from accounts.enums import OrganisationKind, Role
from catalog import services
from catalog.enums import ResearchRecommendation
from catalog.models import ResearchNote
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent
from tests.factories import OrganisationFactory, make_member
from tests.factories.catalog import (
    consulting_edition,
    make_alliance_institution,
    make_category,
    make_edition,
    researching_edition,
)

pytestmark = pytest.mark.django_db


def _save(category, institution, user, **overrides):
    values = {
        "standard_advancedness": "执行标准关键指标达到国际先进水平。",
        "market": "国内外市场需求旺盛。",
        "dongguan_producers": 35,
        "recommendation": ResearchRecommendation.INCLUDE,
    }
    values.update(overrides)
    return services.research_note_save(
        category=category, institution=institution, by=user, **values
    )


def test_an_alliance_institution_writes_and_then_updates_its_note(samr_staff):
    edition, category = researching_edition(samr_staff)
    institution = make_alliance_institution(name="东莞市质量监督检测中心")
    user = make_member(Role.INSTITUTION, institution)

    note = _save(category, institution, user)
    _save(category, institution, user, dongguan_producers=40, recommendation="include_with_changes")

    note = ResearchNote.objects.get(pk=note.pk)
    assert ResearchNote.objects.count() == 1
    assert (note.dongguan_producers, note.recommendation) == (40, "include_with_changes")
    assert (note.author, note.institution, note.category) == (user, institution, category)
    events = list(
        AuditEvent.objects.filter(event_type=AuditEventType.CATALOG_RESEARCH_NOTE_SAVED).order_by(
            "id"
        )
    )
    assert [e.payload["created"] for e in events] == [True, False]
    assert events[0].actor_organisation == institution
    assert edition.pk


def test_two_institutions_each_write_their_own_note(samr_staff):
    _edition, category = researching_edition(samr_staff)
    for name in ("检测中心甲", "认证中心乙"):
        institution = make_alliance_institution(name=name)
        _save(category, institution, make_member(Role.INSTITUTION, institution))
    assert ResearchNote.objects.filter(category=category).count() == 2


def test_a_non_member_institution_is_refused(samr_staff):
    _edition, category = researching_edition(samr_staff)
    institution = OrganisationFactory(kind=OrganisationKind.INSTITUTION)
    with pytest.raises(PermissionDenied):
        _save(category, institution, make_member(Role.INSTITUTION, institution))
    assert not ResearchNote.objects.exists()


def test_a_user_cannot_write_for_an_institution_they_do_not_belong_to(samr_staff):
    _edition, category = researching_edition(samr_staff)
    member = make_alliance_institution()
    outsider = make_member(Role.INSTITUTION, make_alliance_institution())
    with pytest.raises(PermissionDenied):
        _save(category, member, outsider)
    with pytest.raises(PermissionDenied):
        _save(category, member, samr_staff)
    assert not ResearchNote.objects.exists()


@pytest.mark.parametrize("stage", ["collecting", "consulting"])
def test_notes_are_written_only_during_the_research(samr_staff, stage):
    if stage == "collecting":
        edition = make_edition(samr_staff)
        category = make_category(edition, samr_staff)
    else:
        edition, category = consulting_edition(samr_staff)
    institution = make_alliance_institution()
    with pytest.raises(DomainError) as exc:
        _save(category, institution, make_member(Role.INSTITUTION, institution))
    assert exc.value.code == "not_researching"
    assert not ResearchNote.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"standard_advancedness": " "}, "advancedness_required"),
        ({"market": ""}, "market_required"),
        ({"dongguan_producers": -1}, "producers"),
    ],
)
def test_an_incomplete_note_is_refused(samr_staff, overrides, code):
    _edition, category = researching_edition(samr_staff)
    institution = make_alliance_institution()
    with pytest.raises(DomainError) as exc:
        _save(category, institution, make_member(Role.INSTITUTION, institution), **overrides)
    assert exc.value.code == code
    assert not ResearchNote.objects.exists()
