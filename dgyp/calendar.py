"""Working days (工作日) per the State Council holiday schedule, with 调休, from the calendar table.

A date in a year the table does not cover raises CalendarDataMissing: never guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import CalendarDay, CalendarYear
from dgyp.roles import Role

PUBLICITY_WORKING_DAYS = 5


class CalendarDataMissing(Exception):
    """The working-day calendar has no data for a year a computation needs."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar has no data for %(year)s. Staff must enter that year's "
                "State Council holiday schedule before this date can be computed."
            )
            % {"year": year}
        )


class NotAWorkingDay(ValueError):
    pass


class _Year:
    """One year's exceptions to the Monday–Friday rule, loaded in one query."""

    __slots__ = ("holidays", "workdays")

    def __init__(self, year: int):
        if not CalendarYear.objects.filter(year=year).exists():
            raise CalendarDataMissing(year)
        self.holidays: set[dt.date] = set()
        self.workdays: set[dt.date] = set()
        for date, kind in CalendarDay.objects.filter(calendar_year__year=year).values_list(
            "date", "kind"
        ):
            (self.holidays if kind == CalendarDay.Kind.HOLIDAY else self.workdays).add(date)

    def is_working_day(self, date: dt.date) -> bool:
        if date in self.holidays:
            return False
        if date in self.workdays:
            return True
        return date.weekday() < 5


class WorkingDayCalendar:
    """Answers for many dates with one query per year touched (a fresh instance per computation,
    so staff edits are seen at once)."""

    def __init__(self) -> None:
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            self._years[year] = _Year(year)
        return self._years[year]

    def is_working_day(self, date: dt.date) -> bool:
        return self._year(date.year).is_working_day(date)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        if n < 0:
            raise ValueError("n must not be negative")
        self._year(start.year)  # a start in an unknown year is refused even for n == 0
        date, counted = start, 0
        while counted < n:
            date += dt.timedelta(days=1)
            if self.is_working_day(date):
                counted += 1
        return date

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, date = 0, start
        while date < end:
            date += dt.timedelta(days=1)
            if self.is_working_day(date):
                count += 1
        return count


def is_working_day(date: dt.date) -> bool:
    return WorkingDayCalendar().is_working_day(date)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date n working days after `start` (start not counted, 民法典 art. 201)."""
    return WorkingDayCalendar().add_working_days(start, n)


def publicity_end(start: dt.date) -> dt.date:
    """Last day of a 5-working-day publicity (公示) beginning on the working day `start` (day 1)."""
    calendar = WorkingDayCalendar()
    if not calendar.is_working_day(start):
        raise NotAWorkingDay(
            _("A publicity must begin on a working day; %(date)s is not one.") % {"date": start}
        )
    return calendar.add_working_days(start, PUBLICITY_WORKING_DAYS - 1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return WorkingDayCalendar().working_days_between(start, end)


def covered_years() -> list[int]:
    return list(CalendarYear.objects.values_list("year", flat=True))


def package_schedule(year: int) -> Iterable[tuple[dt.date, str, str]]:
    """(date, kind, name) from the chinese-calendar package for `year`, or nothing if unknown."""
    import chinese_calendar

    for date, name in sorted(chinese_calendar.holidays.items()):
        if date.year == year:
            yield date, CalendarDay.Kind.HOLIDAY, str(name or "")
    for date, name in sorted(chinese_calendar.workdays.items()):
        if date.year == year:
            yield date, CalendarDay.Kind.WORKDAY, str(name or "")


def package_years() -> list[int]:
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays})


# --- Staff edits (services). Each writes one audit event. ---------------------------------


def _require_calendar_editor(by) -> None:
    """SAMR staff edit the calendar; `by=None` is the system (a management command)."""
    if by is not None and not by.has_role(Role.SAMR_STAFF):
        raise PermissionDenied()


def calendar_year_import(*, year: int, by=None) -> CalendarYear:
    """Create or refresh `year` from the chinese-calendar package (staff entries for that year
    are replaced). Refuses a year the package does not know."""
    _require_calendar_editor(by)

    days = list(package_schedule(year))
    if not days:
        raise DomainError(
            _(
                "The chinese-calendar package has no schedule for %(year)s. Enter the year by "
                "hand from the State Council notice."
            )
            % {"year": year}
        )
    with transaction.atomic():
        cal_year, _created = CalendarYear.objects.select_for_update().get_or_create(
            year=year, defaults={"source": CalendarYear.Source.PACKAGE, "updated_by": by}
        )
        cal_year.source = CalendarYear.Source.PACKAGE
        cal_year.updated_by = by
        cal_year.save()
        cal_year.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=d, kind=k, name=n, calendar_year=cal_year) for d, k, n in days
        )
        audit_record(
            event_type=AuditEventType.CALENDAR_YEAR_IMPORTED,
            actor=by,
            target=cal_year,
            payload={"year": year, "days": len(days)},
        )
    return cal_year


def calendar_year_create(*, year: int, notice: str, by) -> CalendarYear:
    """Open a year entered by staff from the State Council notice (then add its days)."""
    _require_calendar_editor(by)

    try:
        with transaction.atomic():
            cal_year = CalendarYear.objects.create(
                year=year, source=CalendarYear.Source.MANUAL, notice=notice, updated_by=by
            )
            audit_record(
                event_type=AuditEventType.CALENDAR_YEAR_CONFIRMED,
                actor=by,
                target=cal_year,
                payload={"year": year, "notice": notice},
            )
    except IntegrityError as exc:
        raise DomainError(_("The calendar already covers %(year)s.") % {"year": year}) from exc
    return cal_year


def calendar_day_set(*, date: dt.date, kind: str, name: str, by) -> CalendarDay:
    """Mark `date` as a holiday or an adjusted working day (its year must be covered)."""
    _require_calendar_editor(by)

    with transaction.atomic():
        try:
            cal_year = CalendarYear.objects.select_for_update().get(year=date.year)
        except CalendarYear.DoesNotExist as exc:
            raise CalendarDataMissing(date.year) from exc
        day, _created = CalendarDay.objects.update_or_create(
            date=date, defaults={"kind": kind, "name": name, "calendar_year": cal_year}
        )
        cal_year.updated_by = by
        cal_year.save(update_fields=["updated_by", "updated_at"])
        audit_record(
            event_type=AuditEventType.CALENDAR_DAY_SET,
            actor=by,
            target=cal_year,
            payload={"date": date, "kind": kind, "name": name},
        )
    return day


def calendar_day_remove(*, date: dt.date, by) -> None:
    """Return `date` to the Monday–Friday rule."""
    _require_calendar_editor(by)

    with transaction.atomic():
        day = CalendarDay.objects.select_related("calendar_year").filter(date=date).first()
        if day is None:
            return
        cal_year = day.calendar_year
        day.delete()
        audit_record(
            event_type=AuditEventType.CALENDAR_DAY_REMOVED,
            actor=by,
            target=cal_year,
            payload={"date": date},
        )
