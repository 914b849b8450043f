"""During a supplement: no edits after the deadline, and staff see the last submitted content
(never the enterprise's unsubmitted edits)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications import services
from applications.enums import ApplicationState
from dgyp.exceptions import DomainError
from tests.factories.applications import make_application, make_call, reload
from tests.factories.core import make_pdf_upload

pytestmark = pytest.mark.django_db

S = ApplicationState


@pytest.fixture
def supplement_app(enterprise, enterprise_user):
    make_call()
    return make_application(
        state=S.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user
    )


def _after_deadline(app):
    return app.supplements.get().deadline + dt.timedelta(days=1)


def test_saving_after_the_supplement_deadline_is_refused(supplement_app, enterprise_user):
    app = supplement_app
    with pytest.raises(DomainError) as info:
        services.application_save_draft(
            application=app,
            by=enterprise_user,
            data={"trademark": "新商标"},
            version=app.version,
            today=_after_deadline(app),
        )
    assert info.value.message.startswith("The deadline (")
    assert "has passed. Contact the programme office." in info.value.message
    after = reload(app)
    assert (after.trademark, after.version) == ("莞品", app.version)


def test_saving_on_the_deadline_day_is_accepted(supplement_app, enterprise_user):
    app = supplement_app
    services.application_save_draft(
        application=app,
        by=enterprise_user,
        data={"trademark": "新商标"},
        version=app.version,
        today=app.supplements.get().deadline,
    )
    assert reload(app).trademark == "新商标"


def test_attaching_after_the_supplement_deadline_is_refused(supplement_app, enterprise_user):
    app = supplement_app
    count = app.materials.count()
    with pytest.raises(DomainError) as info:
        services.application_attach_material(
            application=app,
            code="test_reports",
            upload=make_pdf_upload("新报告.pdf"),
            by=enterprise_user,
            today=_after_deadline(app),
        )
    assert "has passed" in info.value.message
    assert app.materials.count() == count


def test_removing_after_the_supplement_deadline_is_refused(supplement_app, enterprise_user):
    app = supplement_app
    material = app.materials.get(code="commitment")
    with pytest.raises(DomainError) as info:
        services.application_remove_material(
            material=material, by=enterprise_user, today=_after_deadline(app)
        )
    assert "has passed" in info.value.message
    material.refresh_from_db()
    assert material.removed_at is None


def test_a_draft_has_no_supplement_deadline(enterprise, enterprise_user):
    make_call()
    app = make_application(enterprise=enterprise, user=enterprise_user)
    services.application_save_draft(
        application=app,
        by=enterprise_user,
        data={"trademark": "新商标"},
        version=app.version,
        today=dt.date(2099, 1, 1),
    )
    assert reload(app).trademark == "新商标"


def test_staff_see_the_last_submitted_content_during_a_supplement(
    client, samr_staff, supplement_app, enterprise_user
):
    # Given the enterprise edited a field and replaced a file but has not resubmitted
    app = supplement_app
    old_file = app.materials.get(code="test_reports").attachment.original_name
    services.application_save_draft(
        application=app, by=enterprise_user, data={"trademark": "未提交商标"}, version=app.version
    )
    services.application_attach_material(
        application=app,
        code="test_reports",
        upload=make_pdf_upload("未提交.pdf"),
        by=enterprise_user,
    )
    # When staff open the review page
    client.force_login(samr_staff)
    response = client.get(reverse("applications:review", args=[app.pk]))
    # Then they see the submitted version, with the note
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-last-submitted" in body
    assert "The enterprise is supplying materials; below is the content last submitted." in body
    assert "未提交商标" not in body
    assert "未提交.pdf" not in body
    assert "莞品" in body
    assert old_file in body


def test_staff_see_the_live_content_outside_a_supplement(client, samr_staff):
    make_call()
    app = make_application(state=S.QUALIFICATION_REVIEW, reviewer=samr_staff)
    client.force_login(samr_staff)
    body = client.get(reverse("applications:review", args=[app.pk])).content.decode()
    assert "data-last-submitted" not in body
    assert "莞品" in body
