"""The science association's staff are told, once per batch, which applications were handed
over for the expert review."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from applications import services
from applications.enums import ApplicationState
from dgyp.models import Notification
from tests.factories import make_member
from tests.factories.applications import make_application, make_call

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_sast_staff_get_one_notification_listing_the_batch(samr_staff):
    make_call()
    sast = [make_member(Role.SAST_STAFF), make_member(Role.SAST_STAFF)]
    qualified = [make_application(state=S.QUALIFIED) for _ in range(2)]
    in_review = make_application(state=S.QUALIFICATION_REVIEW)
    done, _refused = services.applications_hand_over(
        applications=[*qualified, in_review], by=samr_staff
    )
    assert len(done) == 2
    ids = ",".join(str(a.pk) for a in sorted(qualified, key=lambda a: a.pk))
    for user in sast:
        note = Notification.objects.get(recipient=user)
        assert note.key == f"application.handed_over_batch:{ids}"
        assert note.title == "2 application(s) handed over for the expert review"
        for app in qualified:
            assert f"{app.reference} · {app.enterprise.name} · {app.product_name}" in note.body
        assert in_review.reference not in note.body
    assert not Notification.objects.filter(
        recipient=samr_staff, key__startswith="application.handed_over_batch"
    ).exists()


def test_nobody_is_told_when_nothing_was_handed_over(samr_staff):
    make_call()
    sast = make_member(Role.SAST_STAFF)
    app = make_application(state=S.QUALIFICATION_REVIEW)
    done, refused = services.applications_hand_over(applications=[app], by=samr_staff)
    assert (done, len(refused)) == ([], 1)
    assert not Notification.objects.filter(recipient=sast).exists()
