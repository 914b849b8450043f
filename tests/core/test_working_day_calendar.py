"""Working days (工作日) with statutory holidays and 调休, and the staff edits of the calendar.

2026 per the State Council schedule (seeded from chinese-calendar): New Year Jan 1–3, Sun Jan 4
worked; Spring Festival Feb 15–23, Sat Feb 14 and Sat Feb 28 worked; May Day May 1–5, Sat May 9
worked; Mid-autumn Sep 25–27 and National Day Oct 1–7, Sun Sep 20 and Sat Oct 10 worked.
2027 is not in the calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dgyp.calendar import (
    CalendarDataMissing,
    NotAWorkingDay,
    add_working_days,
    calendar_day_remove,
    calendar_day_set,
    calendar_year_create,
    calendar_year_import,
    covered_years,
    is_working_day,
    publicity_end,
    working_days_between,
)
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent, CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

D = dt.date


def test_calendar_is_seeded_for_2020_to_2026_and_not_2027():
    assert covered_years() == [2020, 2021, 2022, 2023, 2024, 2025, 2026]


@pytest.mark.parametrize(
    ("date", "working"),
    [
        (D(2026, 2, 13), True),  # Fri before the Spring Festival
        (D(2026, 2, 14), True),  # Sat, adjusted working day
        (D(2026, 2, 15), False),  # Sun, first day of the holiday
        (D(2026, 2, 16), False),  # Mon in the holiday
        (D(2026, 2, 23), False),  # Mon, last day of the holiday
        (D(2026, 2, 24), True),  # Tue, back at work
        (D(2026, 2, 28), True),  # Sat, adjusted working day
        (D(2026, 3, 1), False),  # ordinary Sunday
        (D(2026, 5, 4), False),  # Mon in May Day
        (D(2026, 5, 9), True),  # Sat, adjusted working day
        (D(2026, 9, 20), True),  # Sun, adjusted working day
        (D(2026, 9, 25), False),  # Fri, Mid-autumn
        (D(2026, 10, 7), False),  # Wed, last day of National Day
        (D(2026, 10, 10), True),  # Sat, adjusted working day
        (D(2026, 10, 11), False),  # ordinary Sunday
        (D(2026, 1, 4), True),  # Sun, adjusted working day of New Year
        (D(2026, 3, 11), True),  # ordinary Wednesday
    ],
)
def test_is_working_day_follows_the_2026_schedule(date, working):
    assert is_working_day(date) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Ordinary weeks (March 2026 has no holiday)
        (D(2026, 3, 9), 1, D(2026, 3, 10)),  # Mon → Tue
        (D(2026, 3, 13), 1, D(2026, 3, 16)),  # Fri → Mon
        (D(2026, 3, 14), 1, D(2026, 3, 16)),  # Sat → Mon
        (D(2026, 3, 15), 1, D(2026, 3, 16)),  # Sun → Mon
        (D(2026, 3, 9), 5, D(2026, 3, 16)),  # Mon + 5 → next Mon
        (D(2026, 3, 11), 10, D(2026, 3, 25)),  # Wed + 10 → Wed two weeks on
        # Spring Festival
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Fri → the adjusted Saturday
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # …then the holiday Feb 15–23 is skipped
        (D(2026, 2, 12), 3, D(2026, 2, 24)),  # Feb 13, Feb 14, Feb 24
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 18), 1, D(2026, 2, 24)),  # from inside the holiday
        (D(2026, 2, 14), 5, D(2026, 2, 28)),  # Feb 24, 25, 26, 27, Sat 28
        (D(2026, 2, 14), 6, D(2026, 3, 2)),  # Sun Mar 1 is not worked
        # May Day
        (D(2026, 4, 30), 1, D(2026, 5, 6)),  # Thu → Wed after May 1–5
        (D(2026, 4, 30), 4, D(2026, 5, 9)),  # May 6, 7, 8, Sat 9
        (D(2026, 4, 30), 5, D(2026, 5, 11)),  # Sun May 10 is not worked
        # Mid-autumn and National Day
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Fri → the adjusted Sunday
        (D(2026, 9, 18), 2, D(2026, 9, 21)),
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # Thu → Mon after Sep 25–27
        (D(2026, 9, 24), 4, D(2026, 10, 8)),  # Sep 28, 29, 30, then Oct 8
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Oct 8, 9, Sat 10
        (D(2026, 9, 30), 4, D(2026, 10, 12)),  # Sun Oct 11 is not worked
        # Year boundary 2025 → 2026 (Jan 1–3 closed, Sun Jan 4 worked)
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        (D(2025, 12, 30), 2, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),
        # Up to, but not into, 2027
        (D(2026, 12, 30), 1, D(2026, 12, 31)),
    ],
)
def test_add_working_days_counts_working_days_after_the_start(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize("start", [D(2026, 3, 11), D(2026, 3, 14), D(2026, 10, 1), D(2026, 2, 14)])
def test_add_zero_working_days_is_the_start_itself(start):
    assert add_working_days(start, 0) == start


def test_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="n must not be negative"):
        add_working_days(D(2026, 3, 11), -1)


@pytest.mark.parametrize(
    "compute",
    [
        pytest.param(lambda: add_working_days(D(2026, 12, 31), 1), id="Dec 31 + 1"),
        pytest.param(lambda: add_working_days(D(2026, 12, 30), 2), id="Dec 30 + 2"),
        pytest.param(lambda: add_working_days(D(2026, 12, 1), 30), id="Dec 1 + 30"),
        pytest.param(lambda: add_working_days(D(2027, 1, 4), 0), id="start in 2027, n=0"),
        pytest.param(lambda: add_working_days(D(2027, 3, 1), 1), id="start in 2027"),
        pytest.param(lambda: is_working_day(D(2027, 1, 4)), id="is_working_day 2027"),
        pytest.param(lambda: publicity_end(D(2026, 12, 30)), id="publicity Dec 30"),
        pytest.param(lambda: publicity_end(D(2027, 1, 4)), id="publicity in 2027"),
        pytest.param(lambda: working_days_between(D(2026, 12, 28), D(2027, 1, 5)), id="between"),
    ],
)
def test_computation_reaching_2027_fails_loudly(compute):
    with pytest.raises(CalendarDataMissing) as excinfo:
        compute()
    assert excinfo.value.year == 2027
    assert "2027" in str(excinfo.value)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 3, 9), D(2026, 3, 13)),  # Mon → Fri of an ordinary week
        (D(2026, 3, 12), D(2026, 3, 18)),  # Thu, Fri, Mon, Tue, Wed
        (D(2026, 9, 28), D(2026, 10, 9)),  # Sep 28, 29, 30, Oct 8, 9
        (D(2026, 9, 24), D(2026, 10, 8)),  # Sep 24, 28, 29, 30, Oct 8
        (D(2026, 9, 20), D(2026, 9, 24)),  # adjusted Sunday is day 1: Sep 20, 21, 22, 23, 24
        (D(2026, 2, 14), D(2026, 2, 27)),  # adjusted Saturday: Feb 14, 24, 25, 26, 27
        (D(2026, 2, 24), D(2026, 2, 28)),  # Feb 24, 25, 26, 27, Sat 28
        (D(2026, 4, 30), D(2026, 5, 9)),  # Apr 30, May 6, 7, 8, Sat 9
        (D(2025, 12, 29), D(2026, 1, 5)),  # Dec 29, 30, 31, Sun Jan 4, Mon Jan 5
    ],
)
def test_publicity_of_five_working_days_counts_its_first_day(start, end):
    assert publicity_end(start) == end


@pytest.mark.parametrize(
    "start",
    [
        D(2026, 3, 14),  # ordinary Saturday
        D(2026, 3, 15),  # ordinary Sunday
        D(2026, 10, 1),  # National Day (Thursday)
        D(2026, 2, 16),  # Spring Festival (Monday)
        D(2026, 1, 2),  # New Year (Friday)
    ],
)
def test_publicity_cannot_begin_on_a_non_working_day(start):
    with pytest.raises(NotAWorkingDay):
        publicity_end(start)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 3, 9), D(2026, 3, 16), 5),
        (D(2026, 9, 24), D(2026, 10, 9), 5),  # Sep 28, 29, 30, Oct 8, 9
        (D(2026, 2, 13), D(2026, 2, 28), 6),  # Feb 14, 24, 25, 26, 27, 28
        (D(2025, 12, 31), D(2026, 1, 4), 1),
        (D(2026, 3, 16), D(2026, 3, 16), 0),
        (D(2026, 3, 16), D(2026, 3, 9), 0),
    ],
)
def test_working_days_between_counts_after_start_up_to_end(start, end, count):
    assert working_days_between(start, end) == count


# --- staff edits ----------------------------------------------------------------------------


def _events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("id"))


def test_staff_marking_a_monday_as_holiday_shifts_the_result_at_once(samr_staff):
    # Given Fri 2026-03-13 + 1 working day is Mon 2026-03-16
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)
    # When staff mark that Monday as a holiday
    day = calendar_day_set(
        date=D(2026, 3, 16), kind=CalendarDay.Kind.HOLIDAY, name="测试", by=samr_staff
    )
    # Then the next computation skips it
    assert day.calendar_year.year == 2026
    assert is_working_day(D(2026, 3, 16)) is False
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 17)
    assert publicity_end(D(2026, 3, 12)) == D(2026, 3, 19)
    # And one audit event records the edit
    [event] = _events(AuditEventType.CALENDAR_DAY_SET)
    assert event.actor == samr_staff
    assert event.target_id == str(day.calendar_year.pk)
    assert event.payload == {"date": "2026-03-16", "kind": "holiday", "name": "测试"}


def test_staff_removing_a_day_restores_the_weekday_rule(samr_staff):
    # Given a Monday marked as holiday
    calendar_day_set(date=D(2026, 3, 16), kind=CalendarDay.Kind.HOLIDAY, name="", by=samr_staff)
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 17)
    # When staff remove the entry
    calendar_day_remove(date=D(2026, 3, 16), by=samr_staff)
    # Then the Monday is a working day again
    assert not CalendarDay.objects.filter(date=D(2026, 3, 16)).exists()
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)
    [event] = _events(AuditEventType.CALENDAR_DAY_REMOVED)
    assert event.actor == samr_staff
    assert event.payload == {"date": "2026-03-16"}


def test_staff_removing_a_seeded_holiday_makes_it_a_working_day(samr_staff):
    # Given Mon 2026-10-05 is a National Day holiday
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    # When staff remove it
    calendar_day_remove(date=D(2026, 10, 5), by=samr_staff)
    # Then it counts
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 5)


def test_removing_a_date_without_an_entry_changes_nothing_and_records_nothing(samr_staff):
    before = AuditEvent.objects.count()
    calendar_day_remove(date=D(2026, 3, 18), by=samr_staff)
    assert AuditEvent.objects.count() == before
    assert is_working_day(D(2026, 3, 18)) is True


def test_staff_marking_a_saturday_as_working_day_counts_it(samr_staff):
    calendar_day_set(date=D(2026, 3, 14), kind=CalendarDay.Kind.WORKDAY, name="调休", by=samr_staff)
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    assert CalendarDay.objects.get(date=D(2026, 3, 14)).kind == CalendarDay.Kind.WORKDAY


def test_staff_changing_an_existing_entry_updates_it(samr_staff):
    # Given Sat 2026-02-28 is an adjusted working day
    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 2, 28)
    # When staff set it to a holiday
    calendar_day_set(date=D(2026, 2, 28), kind=CalendarDay.Kind.HOLIDAY, name="", by=samr_staff)
    # Then there is still one entry for the date, now a holiday
    assert CalendarDay.objects.filter(date=D(2026, 2, 28)).count() == 1
    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 3, 2)


def test_setting_a_day_in_an_uncovered_year_fails_and_records_nothing(samr_staff):
    before = AuditEvent.objects.count()
    with pytest.raises(CalendarDataMissing) as excinfo:
        calendar_day_set(
            date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦", by=samr_staff
        )
    assert excinfo.value.year == 2027
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert AuditEvent.objects.count() == before


def test_staff_opening_2027_makes_it_computable_by_the_weekday_rule(samr_staff):
    # Given 2027 is unknown
    with pytest.raises(CalendarDataMissing):
        add_working_days(D(2026, 12, 31), 1)
    # When staff open it from the State Council notice
    cal_year = calendar_year_create(year=2027, notice="国办发明电〔2026〕1号", by=samr_staff)
    # Then 2027 follows the Monday–Friday rule (Jan 1, 2027 is a Friday)
    assert cal_year.source == CalendarYear.Source.MANUAL
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 4)
    assert publicity_end(D(2026, 12, 30)) == D(2027, 1, 5)  # Dec 30, 31, Jan 1, 4, 5
    # And the year's holidays can be entered
    calendar_day_set(date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦", by=samr_staff)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    [event] = _events(AuditEventType.CALENDAR_YEAR_CONFIRMED)
    assert event.actor == samr_staff
    assert event.target_id == str(cal_year.pk)
    assert event.payload == {"year": 2027, "notice": "国办发明电〔2026〕1号"}


def test_opening_a_year_already_covered_is_refused(samr_staff):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        calendar_year_create(year=2026, notice="重复", by=samr_staff)
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.PACKAGE
    assert AuditEvent.objects.count() == before


def test_import_from_the_package_replaces_staff_entries_of_that_year(samr_staff):
    # Given staff made Mon 2026-03-16 a holiday
    calendar_day_set(date=D(2026, 3, 16), kind=CalendarDay.Kind.HOLIDAY, name="", by=samr_staff)
    # When the year is imported again from chinese-calendar
    cal_year = calendar_year_import(year=2026, by=samr_staff)
    # Then the package's 33 holidays and 6 adjusted working days are the year's entries
    assert cal_year.source == CalendarYear.Source.PACKAGE
    assert cal_year.days.filter(kind=CalendarDay.Kind.HOLIDAY).count() == 33
    assert cal_year.days.filter(kind=CalendarDay.Kind.WORKDAY).count() == 6
    assert is_working_day(D(2026, 3, 16)) is True
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    [event] = _events(AuditEventType.CALENDAR_YEAR_IMPORTED)
    assert event.actor == samr_staff
    assert event.payload == {"year": 2026, "days": 39}


def test_import_of_a_year_the_package_does_not_know_is_refused(samr_staff):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        calendar_year_import(year=2027, by=samr_staff)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["enterprise", "auditor", "department"])
def test_only_samr_staff_may_edit_the_calendar_through_the_services(user_with_role, role):
    user = user_with_role(role)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        calendar_day_set(date=D(2026, 12, 7), kind=CalendarDay.Kind.HOLIDAY, name="x", by=user)
    with pytest.raises(PermissionDenied):
        calendar_year_create(year=2027, notice="x", by=user)
    assert not CalendarDay.objects.filter(date=D(2026, 12, 7)).exists()
    assert AuditEvent.objects.count() == events
