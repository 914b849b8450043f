"""The alliance's list pages run a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance import services
from tests.factories.alliance import (
    association_with_user,
    established_alliance,
    make_application,
    make_call,
)

pytestmark = pytest.mark.django_db


def _queries(client, url, django_assert_max_num_queries, limit) -> int:
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_application_queue(client, samr_staff, django_assert_max_num_queries, rows):
    call = make_call(by=samr_staff)
    association, _user = association_with_user()
    for n in range(rows):
        application = make_application(call=call, industries=["food", "toys"])
        if n % 2:
            application = services.application_accept(application=application, by=samr_staff)
            services.screening_assign(
                application=application, associations=[association], by=samr_staff
            )
    client.force_login(samr_staff)
    _queries(
        client,
        reverse("alliance:application_queue", args=[call.pk]),
        django_assert_max_num_queries,
        10,
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_public_member_list(client, samr_staff, django_assert_max_num_queries, rows):
    _call, members = established_alliance(rows, by=samr_staff, industries=["food", "toys"])
    services.member_disqualify(member=members[0], reason="违规", by=samr_staff)
    _queries(client, reverse("portal:alliance_members"), django_assert_max_num_queries, 4)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_staff_member_list(client, samr_staff, django_assert_max_num_queries, rows):
    _call, _members = established_alliance(rows, by=samr_staff)
    client.force_login(samr_staff)
    _queries(client, reverse("alliance:member_list"), django_assert_max_num_queries, 7)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_screening_list(client, samr_staff, django_assert_max_num_queries, rows):
    call = make_call(by=samr_staff)
    association, user = association_with_user()
    for _n in range(rows):
        application = services.application_accept(
            application=make_application(call=call), by=samr_staff
        )
        services.screening_assign(
            application=application, associations=[association], by=samr_staff
        )
    client.force_login(user)
    _queries(client, reverse("alliance:screening_list"), django_assert_max_num_queries, 7)
