"""The demo data: an established 2025–2026 alliance of four labs, loaded twice without change."""

from __future__ import annotations

import pytest

from accounts.demo import load_demo as load_base
from alliance.demo import load_demo
from alliance.enums import ApplicationState, CallState, MemberState
from alliance.models import AllianceCall, AllianceMember, InstitutionApplication, ListComment
from dgyp.audit import audit_verify
from dgyp.models import PublicNotice

pytestmark = pytest.mark.django_db


def test_the_demo_is_an_established_alliance_and_loads_idempotently():
    base = load_base()
    load_demo(base)
    load_demo(load_base())
    call = AllianceCall.objects.get()
    assert (call.state, call.year) == (CallState.ESTABLISHED, 2025)
    members = AllianceMember.objects.filter(state=MemberState.ACTIVE)
    assert members.count() == 4
    assert "东莞演示产品质量检测中心" in {m.institution.name for m in members}
    assert all(m.institution.is_alliance_member for m in members)
    assert InstitutionApplication.objects.filter(state=ApplicationState.NOT_PROPOSED).count() == 1
    assert set(ListComment.objects.values_list("resolution", flat=True)) == {"noted"}
    kinds = sorted(PublicNotice.objects.values_list("kind", flat=True))
    assert kinds == ["announcement", "call", "consultation"]
    assert audit_verify() is None
