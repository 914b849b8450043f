"""Pages' query counts do not grow with the number of rows (pinned with N and 10N rows)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog import services
from tests.factories.catalog import (
    consulting_edition,
    end_consultation,
    make_category,
    make_edition,
    make_suggester,
    make_suggestion,
)

pytestmark = pytest.mark.django_db


def _queries(client, url, django_assert_max_num_queries, limit) -> int:
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_staff_suggestion_list(client, samr_staff, django_assert_max_num_queries, rows):
    edition = make_edition(samr_staff)
    make_category(edition, samr_staff)
    for i in range(rows):
        make_suggestion(edition, make_suggester(), name=f"建议{i}")
    client.force_login(samr_staff)
    url = reverse("catalog:suggestion_review_list", args=[edition.pk])
    _queries(client, url, django_assert_max_num_queries, 9)


@pytest.mark.parametrize("rows", [2, 20])
def test_public_catalogue(client, samr_staff, django_assert_max_num_queries, rows):
    edition, _category = consulting_edition(samr_staff)
    industries = ["furniture", "toys", "food", "textile"]
    for i in range(rows):
        make_category(
            edition,
            samr_staff,
            industry_code=industries[i % 4],
            standards=f"GB {1000 + i}-2020 标准{i}\nGB/T {2000 + i}-2021 标准{i}乙",
        )
    services.edition_publish(edition=end_consultation(edition), by=samr_staff)
    _queries(client, reverse("portal:catalog_current"), django_assert_max_num_queries, 5)


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_edition_page(client, samr_staff, django_assert_max_num_queries, rows):
    edition = make_edition(samr_staff)
    for _ in range(rows):
        make_category(edition, samr_staff)
    client.force_login(samr_staff)
    url = reverse("catalog:edition_detail", args=[edition.pk])
    _queries(client, url, django_assert_max_num_queries, 7)


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_edition_list(client, samr_staff, django_assert_max_num_queries, rows):
    from tests.factories.catalog import published_edition

    for year in range(2000, 2000 + rows):
        published_edition(samr_staff, year=year)
    client.force_login(samr_staff)
    _queries(client, reverse("catalog:edition_list"), django_assert_max_num_queries, 6)


@pytest.mark.parametrize("rows", [2, 20])
def test_suggester_list(client, samr_staff, django_assert_max_num_queries, rows):
    edition = make_edition(samr_staff)
    user = make_suggester()
    for i in range(rows):
        make_suggestion(edition, user, name=f"建议{i}")
    client.force_login(user)
    _queries(client, reverse("catalog:suggestion_list"), django_assert_max_num_queries, 9)
