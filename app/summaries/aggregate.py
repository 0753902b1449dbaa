"""Summaries in two steps: SQL aggregates per (local day, group) over the filtered feedback, then Python rolls the
days up into calendar buckets. Every bucket of every calendar is a range of whole local days and every count is
additive, so the roll-up is exact, and the database returns at most days × groups rows, whatever the row count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, and_, func, literal, select

from app.db.engine import read_connection
from app.db.models import FEEDBACK_TABLE, LABEL_TABLE, Feedback, FeedbackLabel
from app.service.feedback_queries import FeedbackFilter, filter_conditions
from app.summaries.calendars import Bucket, CalendarName, Interval, bucket_of, buckets_between
from app.summaries.stats import Counts

__all__ = ["GROUP_BYS", "BucketGroup", "GroupBy", "day_counts", "ensure_local_day_statistics", "roll_up"]

# Core columns (not ORM attributes): these queries build SQL expressions only.
_F = FEEDBACK_TABLE.c
_L = LABEL_TABLE.c

GroupBy = Literal["channel", "source", "language", "theme", "topic"]
GROUP_BYS = get_args(GroupBy)


@dataclass(frozen=True, slots=True)
class BucketGroup:
    bucket: Bucket | None  # None: the whole range as one bucket
    group: str | None
    counts: Counts


def _local_day(engine: Engine, timezone: str) -> ColumnElement[Any]:
    if engine.dialect.name == "postgresql":
        # The zone is written into the SQL (it is a validated IANA name), not bound: then the expression is the
        # one `ensure_local_day_statistics` created statistics for, the planner knows it has a few hundred distinct
        # values instead of guessing a million, and it aggregates in parallel (measured: 627 -> 308 ms on 1M rows).
        return func.date(func.timezone(literal(timezone, literal_execute=True), _F.created_at))
    return func.nazar_local_day(_F.created_at, timezone)


def ensure_local_day_statistics(engine: Engine, timezone: str) -> None:
    """PostgreSQL: extended statistics on the local-day expression of `timezone` (filled by the next ANALYZE,
    which autovacuum runs); summaries in other zones work too, only without this planning help."""
    if engine.dialect.name != "postgresql":
        return
    name = "nazar_local_day_" + "".join(char if char.isalnum() else "_" for char in timezone.lower())
    quoted = timezone.replace("'", "''")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"CREATE STATISTICS IF NOT EXISTS {name} ON (date(timezone('{quoted}', created_at))) FROM feedback"
        )


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    # COUNT(*) FILTER (WHERE ...): about 10% cheaper than SUM(CASE ...) on PostgreSQL; SQLite has it since 3.30.
    return func.count().filter(condition)


def _sum_if(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(value).filter(condition), 0)


def _measures() -> list[ColumnElement[Any]]:
    label, nps, csat, ces, scale = _F.sentiment_label, _F.nps, _F.csat, _F.ces, _F.ces_scale
    return [
        func.count().label("count"),
        _count_if(label == "negative").label("negative"),
        _count_if(label == "neutral").label("neutral"),
        _count_if(label == "positive").label("positive"),
        func.coalesce(func.sum(_F.sentiment_score), 0).label("score_sum"),
        _count_if(nps.is_not(None)).label("nps_n"),
        _count_if(nps >= 9).label("promoters"),
        _count_if(nps <= 6).label("detractors"),
        _count_if(csat.is_not(None)).label("csat_n"),
        _count_if(csat >= 4).label("csat_satisfied"),
        _count_if(scale == 5).label("ces5_n"),
        _sum_if(scale == 5, ces).label("ces5_sum"),
        _sum_if(scale == 5, ces * ces).label("ces5_sq"),
        _count_if(scale == 7).label("ces7_n"),
        _sum_if(scale == 7, ces).label("ces7_sum"),
        _sum_if(scale == 7, ces * ces).label("ces7_sq"),
        _count_if(and_(scale == 7, ces >= 6)).label("ces7_top2"),
    ]


def day_counts(
    engine: Engine, spec: FeedbackFilter, timezone: str, group_by: GroupBy | None
) -> list[tuple[date, str | None, Counts]]:
    """(local day, group, counts) rows. Grouping by theme or topic counts an item once per label it has."""
    day = _local_day(engine, timezone).label("day")
    if group_by in ("theme", "topic"):
        group: ColumnElement[Any] = _L.name
    elif group_by is not None:
        group = _F[group_by]
    else:
        group = literal(None)
    query = select(day, group.label("grp"), *_measures()).select_from(Feedback)
    if group_by in ("theme", "topic"):
        kinds = ("theme",) if group_by == "theme" else ("topic", "custom")
        query = query.join(
            FeedbackLabel,
            and_(
                _L.analysis_id == _F.current_analysis_id,
                _L.kind.in_(kinds),
            ),
        )
    query = query.where(*filter_conditions(spec)).group_by(day, group)
    names = [column.name for column in _measures()]
    rows = []
    with read_connection(engine) as connection:
        for row in connection.execute(query):
            counts = Counts(**{name: getattr(row, name) for name in names})
            local = row.day if isinstance(row.day, date) else date.fromisoformat(str(row.day))
            rows.append((local, None if row.grp is None else str(row.grp), counts))
    return rows


def _local_date(moment: datetime | None, timezone: str) -> date | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(ZoneInfo(timezone)).date()


def roll_up(
    rows: Sequence[tuple[date, str | None, Counts]],
    interval: Interval | None,
    calendar: CalendarName,
    timezone: str,
    spec: FeedbackFilter,
) -> list[BucketGroup]:
    """Buckets in time order, each with every group seen in the range (empty ones as zero counts), so series
    line up. With filter bounds the buckets span them; otherwise they span the data."""
    groups = sorted({group for _, group, _ in rows}, key=lambda name: (name is None, name or ""))
    if interval is None:
        totals = {group: Counts() for group in groups}
        for _, group, counts in rows:
            totals[group].add(counts)
        return [BucketGroup(None, group, totals[group]) for group in groups]
    days = [day for day, _, _ in rows]
    first = _local_date(spec.created_from, timezone) or (min(days) if days else None)
    last_moment = spec.created_to
    last = _local_date(last_moment, timezone) if last_moment else (max(days) if days else None)
    if first is None or last is None:
        return []
    if spec.created_to is not None and last_moment is not None:
        # created_to is exclusive: midnight local time belongs to the day before.
        local_end = last_moment.astimezone(ZoneInfo(timezone))
        if (local_end.hour, local_end.minute, local_end.second, local_end.microsecond) == (0, 0, 0, 0):
            last = date.fromordinal(last.toordinal() - 1)
    buckets = list(buckets_between(first, last, interval, calendar))
    table = {(bucket.key, group): Counts() for bucket in buckets for group in groups}
    for day, group, counts in rows:
        key = bucket_of(day, interval, calendar).key
        if (key, group) in table:
            table[(key, group)].add(counts)
    return [BucketGroup(bucket, group, table[(bucket.key, group)]) for bucket in buckets for group in groups]
