"""When the editor saved the draft and then the action (resubmit) was refused, the page shows
the saved version, so the next save is not refused as stale."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import ApplicationState, SupplementState
from applications.models import SupplementRequest
from tests.factories.applications import make_application, make_call, reload

pytestmark = pytest.mark.django_db


def test_a_refused_resubmit_re_renders_with_the_saved_version(client, enterprise, enterprise_user):
    # Given an application awaiting a supplement whose request was closed meanwhile
    make_call()
    app = make_application(
        state=ApplicationState.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user
    )
    SupplementRequest.objects.filter(application=app).update(state=SupplementState.CLOSED)
    client.force_login(enterprise_user)
    url = reverse("applications:edit", args=[app.pk])
    # When the enterprise posts the form with "resubmit"
    response = client.post(
        url, {"version": app.version, "action": "resubmit", "trademark": "新商标"}
    )
    # Then the draft was saved, the refusal is shown, and the form carries the new version
    saved = reload(app)
    assert response.status_code == 200
    assert saved.trademark == "新商标"
    form = response.context["form"]
    assert "No supplement is requested for this application." in form.non_field_errors()
    assert form["version"].value() == str(saved.version)
    assert saved.version == app.version + 1
    # And saving again from that page is accepted
    response = client.post(
        url, {"version": form["version"].value(), "action": "save", "trademark": "再改"}
    )
    assert response.status_code == 302
    assert reload(app).trademark == "再改"
