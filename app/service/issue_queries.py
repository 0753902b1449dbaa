"""Reading and triaging issue records (see `app.service.issues` for how tags are grouped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db.models import AuditEntry, Feedback, Issue, IssueTag, utc_now
from app.db.types import as_utc
from app.service.feedback_queries import with_analyses
from app.service.issues import IssueStats, stats_query, trend_of

__all__ = ["IssueFilter", "get_issue", "list_issues", "set_issue_status"]

_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class IssueFilter:
    theme: str | None = None
    topic: str | None = None
    status: str | None = None
    language: str | None = None
    seen_from: datetime | None = None  # only mentions in [seen_from, seen_to) count
    seen_to: datetime | None = None
    window_days: int = 7  # the trend compares the last window with the one before


def _issue_view(issue: Issue, stats: IssueStats, examples: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": issue.id,
        "title": issue.title,
        "theme": issue.theme,
        "topic": issue.topic,
        "language": issue.language,
        "status": issue.status,
        "count": stats.count,
        "mentions": stats.mentions,
        "first_seen": stats.first_seen.isoformat() if stats.first_seen else None,
        "last_seen": stats.last_seen.isoformat() if stats.last_seen else None,
        "recent": stats.recent,
        "previous": stats.previous,
        "growth": stats.growth,
        "trend": trend_of(stats.recent, stats.previous),
        "examples": examples,
        "status_changed_at": issue.status_changed_at.isoformat() if issue.status_changed_at else None,
    }


def _examples(session: Session, issue_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The latest quotes per issue. One query per page of issues would need window functions on both engines;
    a bounded scan of recent tags is simpler and enough for a page."""
    examples: dict[int, list[dict[str, Any]]] = {issue_id: [] for issue_id in issue_ids}
    if not issue_ids:
        return examples
    query = (
        select(IssueTag.issue_id, IssueTag.feedback_id, IssueTag.quote, IssueTag.seen_at)
        .join(Feedback, col(Feedback.current_analysis_id) == col(IssueTag.analysis_id))
        .where(col(IssueTag.issue_id).in_(issue_ids))
        .order_by(col(IssueTag.seen_at).desc(), col(IssueTag.id).desc())
        .limit(200 * len(issue_ids))
    )
    for issue_id, feedback_id, quote, seen_at in session.exec(query):
        bucket = examples[issue_id]
        if len(bucket) < _EXAMPLES and all(item["feedback_id"] != feedback_id for item in bucket):
            bucket.append({"feedback_id": feedback_id, "quote": quote, "seen_at": seen_at.isoformat()})
    return examples


def list_issues(
    engine: Engine, spec: IssueFilter, sort: Literal["count", "growth", "last_seen"], limit: int
) -> list[dict[str, Any]]:
    now = utc_now()
    query = stats_query(now, timedelta(days=spec.window_days)).join(Issue, col(Issue.id) == col(IssueTag.issue_id))
    for column, value in ((Issue.theme, spec.theme), (Issue.topic, spec.topic), (Issue.status, spec.status)):
        if value is not None:
            query = query.where(col(column) == value)
    if spec.language is not None:
        query = query.where(col(Issue.language) == spec.language)
    if spec.seen_from is not None:
        query = query.where(col(IssueTag.seen_at) >= as_utc(spec.seen_from))
    if spec.seen_to is not None:
        query = query.where(col(IssueTag.seen_at) < as_utc(spec.seen_to))
    with Session(engine) as session:
        stats = {row.issue_id: IssueStats.from_row(row) for row in session.execute(query)}
        issues = {issue.id: issue for issue in session.exec(select(Issue).where(col(Issue.id).in_(list(stats))))}

        def key(issue_id: int) -> tuple[Any, ...]:
            item = stats[issue_id]
            primary = {"count": item.count, "growth": item.growth, "last_seen": item.last_seen}[sort]
            return (primary, item.count, -issue_id)

        chosen = sorted(stats, key=key, reverse=True)[:limit]
        examples = _examples(session, chosen)
        return [_issue_view(issues[i], stats[i], examples[i]) for i in chosen]


def get_issue(engine: Engine, issue_id: int, feedback_limit: int = 20, window_days: int = 7) -> dict[str, Any] | None:
    now = utc_now()
    with Session(engine) as session:
        issue = session.get(Issue, issue_id)
        if issue is None:
            return None
        row = session.execute(
            stats_query(now, timedelta(days=window_days)).where(col(IssueTag.issue_id) == issue_id)
        ).first()
        stats = IssueStats.from_row(row) if row else IssueStats(0, 0, None, None, 0, 0)
        view = _issue_view(issue, stats, _examples(session, [issue_id])[issue_id])
        linked = (
            select(Feedback)
            .where(
                col(Feedback.current_analysis_id).in_(select(IssueTag.analysis_id).where(IssueTag.issue_id == issue_id))
            )
            .order_by(col(Feedback.created_at).desc(), col(Feedback.id).desc())
            .limit(feedback_limit)
        )
        view["feedback"] = with_analyses(session, list(session.exec(linked)))
        return view


def set_issue_status(engine: Engine, issue_id: int, status: str, api_key_id: int | None) -> bool:
    with Session(engine) as session:
        issue = session.get(Issue, issue_id)
        if issue is None:
            return False
        if issue.status != status:
            session.add(
                AuditEntry(
                    action="issue.status",
                    target=f"issue:{issue_id}",
                    api_key_id=api_key_id,
                    detail={"from": issue.status, "to": status},
                )
            )
            issue.status = status
            issue.status_changed_at = utc_now()
            session.add(issue)
            session.commit()
        return True
