"""Staff edit the working-day calendar in the browser; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dgyp.calendar import add_working_days, covered_years
from dgyp.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_the_overview_lists_the_covered_years_and_warns_about_the_next(client, samr_staff):
    client.force_login(samr_staff)
    response = client.get(reverse("core:calendar"))
    years = [y.year for y in response.context["years"]]
    assert years == list(range(2020, 2027))
    assert response.context["next_year"] == 2027 or response.context["next_year_covered"]


def test_staff_make_a_monday_a_holiday_and_deadlines_move(client, samr_staff):
    client.force_login(samr_staff)
    assert add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)
    response = client.post(
        reverse("core:calendar_day_set", args=[2026]),
        {"date": "2026-12-07", "kind": "holiday", "name": "临时休假"},
    )
    assert response.status_code == 302
    assert add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 8)
    client.post(reverse("core:calendar_day_remove", args=[2026]), {"date": "2026-12-07"})
    assert add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)


def test_a_date_outside_the_year_is_refused(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("core:calendar_day_set", args=[2026]),
        {"date": "2025-12-07", "kind": "holiday", "name": "错年"},
    )
    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    assert not CalendarDay.objects.filter(date="2025-12-07", name="错年").exists()


def test_an_invalid_kind_is_refused(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("core:calendar_day_set", args=[2026]), {"date": "2026-12-07", "kind": "maybe"}
    )
    assert response.status_code == 400
    assert not CalendarDay.objects.filter(date="2026-12-07").exists()


def test_staff_open_the_next_year_by_hand(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("core:calendar_year_add"),
        {"action": "create", "year": "2027", "notice": "国办发明电〔2026〕X号"},
    )
    assert response.status_code == 302
    assert 2027 in covered_years()
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.MANUAL


def test_opening_a_covered_year_again_is_refused(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("core:calendar_year_add"),
        {"action": "create", "year": "2026", "notice": "x"},
        follow=True,
    )
    assert CalendarYear.objects.filter(year=2026).count() == 1
    assert any("2026" in str(m) for m in response.context["messages"])


def test_importing_a_year_the_package_does_not_know_is_refused(client, samr_staff):
    client.force_login(samr_staff)
    response = client.post(
        reverse("core:calendar_year_add"), {"action": "import", "year": "2031"}, follow=True
    )
    assert not CalendarYear.objects.filter(year=2031).exists()
    assert any("2031" in str(m) for m in response.context["messages"])
