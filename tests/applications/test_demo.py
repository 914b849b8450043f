"""The demo data: an open 2026 call with applications in every state of this stage; loading it
twice adds nothing."""

from __future__ import annotations

import pytest

from accounts import demo as accounts_demo
from applications import demo
from applications.enums import ApplicationState
from applications.models import Application, Call

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_call_and_every_state_and_is_idempotent():
    base = accounts_demo.load_demo()
    demo.load_demo(base)
    call = Call.objects.get(title=demo.TITLE)
    assert call.is_open
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.QUALIFICATION_REVIEW,
        ApplicationState.SUPPLEMENT_REQUESTED,
        ApplicationState.REJECTED,
        ApplicationState.QUALIFIED,
        ApplicationState.EXPERT_REVIEW,
        ApplicationState.WITHDRAWN,
    }
    count = Application.objects.count()
    demo.load_demo(accounts_demo.load_demo())
    assert Application.objects.count() == count == len(demo.SCENARIOS)
    # the demo enterprise user sees its own applications
    mine = Application.objects.filter(enterprise__name="东莞演示电子科技有限公司")
    assert mine.count() == 3
    assert all(a.created_by.username == "enterprise" for a in mine)
