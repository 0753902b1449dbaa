"""Tagged issues: every negative theme or topic mention becomes a tag, and tags are grouped into issue records.

Grouping. A complaint is described by *what went wrong* (a CX pillar: effort, trust, ...) and *where* (an
operational topic: delivery, pricing, ...). A text's negative pillar mentions and negative topic mentions are
paired: each negative pillar is grouped with the text's most confident negative topic, and each negative topic with
its most confident negative pillar. "سه هفته‌ست منتظر پیکم" (effort, delivery) lands in the issue *effort × delivery*
with both of its tags; a hidden fee lands in *trust × pricing_billing*. A mention with no partner forms the issue of
its label alone (*effort × —*). Issues are kept per language, because the quotes an analyst reads must be in one.
A custom topic mention in negative feedback is grouped under that custom topic alone.

The group key is deterministic, so concurrent writers agree on the issue: it is created with INSERT .. ON CONFLICT
DO NOTHING and then read back. Counts, first/last seen, trend and examples are computed from the tags when read, so
erasure and re-analysis never leave stale counters behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Select, case, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from app.analysis.result import AnalysisResult, Theme
from app.db.models import Feedback, Issue, IssueTag, utc_now
from app.text.pii import redact

__all__ = [
    "ISSUE_STATUSES",
    "IssueStats",
    "PlannedTag",
    "ensure_issue",
    "plan_tags",
    "stats_query",
    "trend_of",
]

ISSUE_STATUSES: Final = ("open", "acknowledged", "resolved")
_QUOTE_CHARS: Final = 300


@dataclass(frozen=True, slots=True)
class PlannedTag:
    group_key: str
    theme: str | None
    topic: str | None
    language: str
    kind: str  # theme | topic | custom
    name: str
    confidence: float
    quote: str


def _strongest(items: Sequence[Theme]) -> Theme | None:
    return max(items, key=lambda item: item.confidence, default=None)


def _quote(result: AnalysisResult, item: Theme) -> str:
    """The evidence (or the whole text), with personal data redacted. The analysis already located the text's
    personal data, so only a quote that overlaps one of those spans needs the redactor again."""
    if not item.evidence:
        return result.redacted_text[:_QUOTE_CHARS]
    touches_pii = any(span.start < pii.end and pii.start < span.end for span in item.evidence for pii in result.pii)
    quote = " … ".join(span.text for span in item.evidence)[:_QUOTE_CHARS]
    return redact(quote)[0] if touches_pii else quote


def plan_tags(result: AnalysisResult) -> list[PlannedTag]:
    """The issue tags one analysis raises (see the module docstring)."""
    language = result.language
    pillars = [item for item in result.themes if item.sentiment == "negative"]
    topics = [item for item in result.topics if item.sentiment == "negative"]
    top_pillar, top_topic = _strongest(pillars), _strongest(topics)
    tags = []
    for item in pillars:
        topic = top_topic.name if top_topic else None
        tags.append(_tag(result, item.name, topic, "theme", item))
    for item in topics:
        theme = top_pillar.name if top_pillar else None
        tags.append(_tag(result, theme, item.name, "topic", item))
    if result.sentiment.label == "negative":
        for item in result.custom_topics or ():
            key = f"{language}|custom|{item.name}"
            tags.append(PlannedTag(key, None, item.name, language, "custom", item.name, 1.0, _quote(result, item)))
    return tags


def _tag(result: AnalysisResult, theme: str | None, topic: str | None, kind: str, item: Theme) -> PlannedTag:
    language = result.language
    key = f"{language}|{theme or '-'}|{topic or '-'}"
    return PlannedTag(key, theme, topic, language, kind, item.name, item.confidence, _quote(result, item))


# (database URL, group key) -> issue id, only for issues read back as committed rows: issues are never deleted, so
# these never go stale, and the common case (the issue exists) costs no statement at all.
_COMMITTED_ISSUES: dict[tuple[str, str], int] = {}


def ensure_issue(session: Session, tag: PlannedTag) -> int:
    """The id of the issue for `tag`'s group, creating it if needed (safe under concurrent writers)."""
    cache_key = (str(session.get_bind().engine.url), tag.group_key)
    if cache_key in _COMMITTED_ISSUES:
        return _COMMITTED_ISSUES[cache_key]
    found = session.exec(select(Issue.id).where(Issue.group_key == tag.group_key)).first()
    if found is not None:
        _COMMITTED_ISSUES[cache_key] = found
        return found
    title = " × ".join(part or "—" for part in (tag.theme, tag.topic))
    values: dict[str, Any] = {
        "group_key": tag.group_key,
        "theme": tag.theme,
        "topic": tag.topic,
        "language": tag.language,
        "status": "open",
        "title": title,
        "created_at": utc_now(),
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(Issue).values(**values).on_conflict_do_nothing(index_elements=["group_key"]))
    issue_id = session.exec(select(Issue.id).where(Issue.group_key == tag.group_key)).one()
    assert issue_id is not None
    return issue_id


@dataclass(frozen=True, slots=True)
class IssueStats:
    count: int  # distinct feedback items
    mentions: int
    first_seen: datetime | None
    last_seen: datetime | None
    recent: int  # mentions in the last `window`
    previous: int  # mentions in the window before it

    @classmethod
    def from_row(cls, row: Any) -> IssueStats:
        """From a row of `stats_query`."""
        return cls(
            row.item_count, row.mentions, row.first_seen, row.last_seen, int(row.recent or 0), int(row.previous or 0)
        )

    @property
    def growth(self) -> int:
        return self.recent - self.previous


def trend_of(recent: int, previous: int) -> str:
    """rising / falling / steady: a change of at least 2 mentions and 20% between two equal windows."""
    change = recent - previous
    if abs(change) < max(2, 0.2 * previous):
        return "steady"
    return "rising" if change > 0 else "falling"


def stats_query(now: datetime, window: timedelta) -> Select[Any]:
    """Per-issue aggregates over the tags, one grouped query (no per-issue round trips)."""
    recent_start, previous_start = now - window, now - 2 * window
    seen = col(IssueTag.seen_at)
    query = (
        select(  # type: ignore[call-overload]
            IssueTag.issue_id,
            func.count(func.distinct(IssueTag.feedback_id)).label("item_count"),
            func.count().label("mentions"),
            func.min(seen).label("first_seen"),
            func.max(seen).label("last_seen"),
            func.sum(case((seen >= recent_start, 1), else_=0)).label("recent"),
            func.sum(case(((seen >= previous_start) & (seen < recent_start), 1), else_=0)).label("previous"),
        )
        .join(
            # Tags of current analyses only: re-analysis writes new tags before it switches (app.jobs.work).
            Feedback,
            col(Feedback.current_analysis_id) == col(IssueTag.analysis_id),
        )
        .group_by(IssueTag.issue_id)
    )
    return query  # type: ignore[no-any-return]
