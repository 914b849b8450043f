"""Seed the working-day calendar from the pinned chinese-calendar package, 2020 onwards."""

from django.db import migrations

FIRST_YEAR = 2020


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years = sorted({d.year for d in chinese_calendar.holidays if d.year >= FIRST_YEAR})
    for year in years:
        cal_year, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"source": "package"}
        )
        if not created:
            continue
        days = [
            CalendarDay(date=d, kind="holiday", name=str(n or ""), calendar_year=cal_year)
            for d, n in chinese_calendar.holidays.items() if d.year == year
        ] + [
            CalendarDay(date=d, kind="workday", name=str(n or ""), calendar_year=cal_year)
            for d, n in chinese_calendar.workdays.items() if d.year == year
        ]
        CalendarDay.objects.bulk_create(days)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
