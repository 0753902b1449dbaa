"""A helpdesk ticket's state, computed from its messages' analyses (oldest first).

- current sentiment: the latest message's.
- trend: the latest score against the mean of up to three messages before it; a change of more than 0.3 (on the
  -1..1 score) is improving or worsening, anything smaller is steady. One message is steady.
- priority: points, each with the reason it is given, so agents can see why a ticket jumped the queue:
  negative now (+2), strongly negative (score <= -0.6, +1), worsening (+1), a negative trust or resolution theme
  in the latest message (+1: a broken promise or an unsolved problem), still negative after three or more
  messages (+1: the customer keeps having to come back). 0 -> low, 1-2 -> normal, 3 -> high, 4 or more -> urgent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["MessageSummary", "ticket_state"]

_TREND_DELTA: Final = 0.3
_TREND_HISTORY: Final = 3
_ESCALATING_THEMES: Final = ("trust", "resolution")


@dataclass(frozen=True, slots=True)
class MessageSummary:
    message_id: str
    label: str
    score: float
    themes: Sequence[dict[str, Any]]  # the stored result's "themes"
    topics: Sequence[dict[str, Any]]


def _trend(scores: Sequence[float]) -> str:
    if len(scores) < 2:
        return "steady"
    history = scores[-1 - _TREND_HISTORY : -1]
    delta = scores[-1] - sum(history) / len(history)
    if delta > _TREND_DELTA:
        return "improving"
    if delta < -_TREND_DELTA:
        return "worsening"
    return "steady"


def _priority(messages: Sequence[MessageSummary], trend: str) -> dict[str, Any]:
    latest = messages[-1]
    reasons: list[str] = []
    if latest.label == "negative":
        reasons.append("negative")
        if latest.score <= -0.6:
            reasons.append("strongly_negative")
    if trend == "worsening":
        reasons.append("worsening")
    if any(t["name"] in _ESCALATING_THEMES and t["sentiment"] == "negative" for t in latest.themes):
        reasons.append("trust_or_resolution_problem")
    if len(messages) >= 3 and latest.label == "negative":
        reasons.append("repeated_contact")
    points = sum(2 if reason == "negative" else 1 for reason in reasons)
    level = "low" if points == 0 else "normal" if points <= 2 else "high" if points == 3 else "urgent"
    return {"level": level, "points": points, "reasons": reasons}


def _union(groups: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each label once, with the sentiment of its latest mention."""
    latest: dict[str, dict[str, Any]] = {}
    for items in groups:
        for item in items:
            latest[item["name"]] = {"name": item["name"], "sentiment": item["sentiment"]}
    return sorted(latest.values(), key=lambda item: str(item["name"]))


def ticket_state(messages: Sequence[MessageSummary]) -> dict[str, Any]:
    if not messages:
        raise ValueError("a ticket state needs at least one message")
    trend = _trend([message.score for message in messages])
    latest = messages[-1]
    return {
        "message_count": len(messages),
        "current_sentiment": {"label": latest.label, "score": latest.score},
        "trend": trend,
        "themes": _union([message.themes for message in messages]),
        "topics": _union([message.topics for message in messages]),
        "priority": _priority(messages, trend),
    }
