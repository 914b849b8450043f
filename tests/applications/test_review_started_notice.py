"""The enterprise is told when its application is accepted for the qualification review (受理)."""

from __future__ import annotations

import pytest

from applications import services
from applications.enums import ApplicationState
from dgyp.exceptions import DomainError
from dgyp.models import Notification
from tests.factories.applications import make_application, make_call

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_the_enterprise_is_told_when_the_review_starts(samr_staff, enterprise, enterprise_user):
    make_call()
    app = make_application(state=S.SUBMITTED, enterprise=enterprise, user=enterprise_user)
    services.application_start_review(application=app, by=samr_staff)
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.key == f"application.review_started:{app.pk}"
    assert note.title == f"{app.reference} has been accepted for the qualification review"
    assert note.url == f"/applications/{app.pk}/"


def test_no_notice_when_the_start_is_refused(samr_staff, enterprise, enterprise_user):
    make_call()
    app = make_application(state=S.QUALIFIED, enterprise=enterprise, user=enterprise_user)
    with pytest.raises(DomainError):
        services.application_start_review(application=app, by=samr_staff)
    assert not Notification.objects.filter(recipient=enterprise_user).exists()
