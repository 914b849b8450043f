"""The enterprise's list names its "next step" column with its own msgid (not pagination's
"Next")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.applications import make_application, make_call

pytestmark = pytest.mark.django_db


def test_the_next_step_column_has_its_own_msgid(client, enterprise, enterprise_user):
    make_call()
    make_application(enterprise=enterprise, user=enterprise_user)
    client.force_login(enterprise_user)
    body = client.get(reverse("applications:mine")).content.decode()
    assert '<th scope="col">Next step</th>' in body
    assert '<th scope="col">Next</th>' not in body
