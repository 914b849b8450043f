"""A call whose catalogue edition was superseded: no new application, no submission."""

from __future__ import annotations

import uuid

import pytest

from applications import services
from applications.enums import ApplicationState
from applications.models import Application
from catalog.models import CatalogEdition
from dgyp.exceptions import DomainError
from tests.factories.applications import make_application, make_call, reload

pytestmark = pytest.mark.django_db

MESSAGE = (
    "The category's catalogue edition is no longer the published one; applications for it "
    "are closed."
)


def _supersede(edition):
    # Set up directly (the catalogue's own service supersedes an edition when the next one is
    # published).
    CatalogEdition.objects.filter(pk=edition.pk).update(state="superseded")


def test_a_complete_draft_of_a_superseded_edition_cannot_be_submitted(enterprise, enterprise_user):
    call = make_call()
    app = make_application(enterprise=enterprise, user=enterprise_user, call=call)
    assert services.eligibility_problems(app) == []
    _supersede(call.edition)
    app = reload(app)
    assert services.eligibility_problems(app) == [MESSAGE]
    with pytest.raises(services.SubmitRefused) as info:
        services.application_submit(application=app, by=enterprise_user)
    assert info.value.problems == [MESSAGE]
    assert reload(app).state == ApplicationState.DRAFT


def test_starting_in_a_call_of_a_superseded_edition_is_refused(enterprise, enterprise_user):
    call = make_call()
    _supersede(call.edition)
    call.refresh_from_db()
    with pytest.raises(DomainError) as info:
        services.application_start(
            call=call,
            enterprise=enterprise,
            category=call.edition.categories.first(),
            by=enterprise_user,
            client_key=uuid.uuid4(),
        )
    assert info.value.message == MESSAGE
    assert Application.objects.count() == 0
