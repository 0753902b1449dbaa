"""Time buckets in three calendars. Every bucket is a range of whole local days, so summaries aggregate per local
day in SQL and roll days up here.

- gregorian: weeks start on Monday (ISO 8601); keys 2026-03-21, 2026-W12, 2026-03, 2026-Q1, 2026.
- jalali (Solar Hijri, via jdatetime): weeks start on Saturday; months are Persian months (Farvardin = 1);
  quarters are seasons (Q1 = Farvardin-Khordad, spring); keys 1405-01-01, 1405-01-01/w (the week's Saturday),
  1405-01, 1405-Q1, 1405.
- hijri (Islamic, Umm al-Qura, via hijridate): weeks start on Sunday, as in Saudi Arabia and most of the Gulf;
  keys 1447-10-02, 1447-10-01/w, 1447-10, 1447-Q4, 1447. Umm al-Qura is the official tabular-observational
  calendar of Saudi Arabia; other countries' announced months can differ by a day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal, get_args

import jdatetime
from hijridate import Gregorian, Hijri

__all__ = ["CALENDARS", "INTERVALS", "Bucket", "CalendarName", "Interval", "bucket_of", "buckets_between"]

CalendarName = Literal["gregorian", "jalali", "hijri"]
Interval = Literal["day", "week", "month", "quarter", "year"]
CALENDARS: Final = get_args(CalendarName)
INTERVALS: Final = get_args(Interval)
# Python's date.weekday(): Monday is 0.
_WEEK_STARTS: Final = {"gregorian": 0, "jalali": 5, "hijri": 6}


@dataclass(frozen=True, slots=True, order=True)
class Bucket:
    start: date  # first local day, inclusive
    end: date  # first local day of the next bucket, exclusive
    key: str


def _ymd(day: date, calendar: CalendarName) -> tuple[int, int, int]:
    if calendar == "jalali":
        local = jdatetime.date.fromgregorian(date=day)
        return local.year, local.month, local.day
    if calendar == "hijri":
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        return hijri.year, hijri.month, hijri.day
    return day.year, day.month, day.day


def _to_gregorian(year: int, month: int, day: int, calendar: CalendarName) -> date:
    if calendar == "jalali":
        result: date = jdatetime.date(year, month, day).togregorian()
        return result
    if calendar == "hijri":
        converted = Hijri(year, month, day).to_gregorian()
        return date(converted.year, converted.month, converted.day)
    return date(year, month, day)


def _month_start(year: int, month: int, calendar: CalendarName) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return _to_gregorian(year, month, 1, calendar)


def _key(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def bucket_of(day: date, interval: Interval, calendar: CalendarName) -> Bucket:
    """The bucket holding local `day`."""
    if interval == "day":
        return Bucket(day, day + timedelta(days=1), _key(*_ymd(day, calendar)))
    if interval == "week":
        start = day - timedelta(days=(day.weekday() - _WEEK_STARTS[calendar]) % 7)
        if calendar == "gregorian":
            iso = start.isocalendar()
            key = f"{iso.year:04d}-W{iso.week:02d}"
        else:
            key = _key(*_ymd(start, calendar)) + "/w"
        return Bucket(start, start + timedelta(days=7), key)
    year, month, _ = _ymd(day, calendar)
    if interval == "month":
        start, end = _month_start(year, month, calendar), _month_start(year, month + 1, calendar)
        return Bucket(start, end, f"{year:04d}-{month:02d}")
    if interval == "quarter":
        first = (month - 1) // 3 * 3 + 1
        start, end = _month_start(year, first, calendar), _month_start(year, first + 3, calendar)
        return Bucket(start, end, f"{year:04d}-Q{(month - 1) // 3 + 1}")
    return Bucket(_month_start(year, 1, calendar), _month_start(year + 1, 1, calendar), f"{year:04d}")


def buckets_between(first: date, last: date, interval: Interval, calendar: CalendarName) -> Iterator[Bucket]:
    """Every bucket from the one holding `first` to the one holding `last`, in order (empty ones included)."""
    bucket = bucket_of(first, interval, calendar)
    while bucket.start <= last:
        yield bucket
        bucket = bucket_of(bucket.end, interval, calendar)
