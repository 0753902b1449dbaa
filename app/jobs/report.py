"""The diff report of a finished re-analysis job: what changed between each item's current analysis before the
switch and its analysis by the job's model version.

- `sentiment`: old -> new confusion counts over the items that have both, and how many changed.
- `labels`: for every theme and topic, the share of items carrying it before and after, and the change in points.
- `nps_drivers`: for every theme and topic, NPS of the answered items carrying it, before and after.
- `examples`: up to 10 items whose sentiment label changed (id, labels, redacted text cut to 200 characters).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlmodel import Session

from app.db.engine import id_in
from app.db.models import ANALYSIS_TABLE, FEEDBACK_TABLE, LABEL_TABLE

__all__ = ["build_report"]

_F = FEEDBACK_TABLE.c
_A = ANALYSIS_TABLE.c
_L = LABEL_TABLE.c
_LABELS: Final = ("negative", "neutral", "positive")
_BATCH: Final = 5000


def _nps(values: Sequence[int]) -> float | None:
    if not values:
        return None
    promoters = sum(value >= 9 for value in values)
    detractors = sum(value <= 6 for value in values)
    return round(100 * (promoters - detractors) / len(values), 2)


def build_report(session: Session, item_ids: Sequence[int], model_version: str) -> dict[str, Any]:
    dialect = session.get_bind().dialect.name
    old: dict[int, tuple[int | None, str | None]] = {}  # feedback -> (old analysis id, old label)
    nps: dict[int, int] = {}
    texts: dict[int, str] = {}
    new: dict[int, tuple[int, str]] = {}  # feedback -> (new analysis id, new label)
    for start in range(0, len(item_ids), _BATCH):
        batch = list(item_ids[start : start + _BATCH])
        for row in session.execute(
            select(_F.id, _F.current_analysis_id, _F.sentiment_label, _F.nps, _F.redacted_text).where(
                id_in(_F.id, batch, dialect)
            )
        ):
            old[row.id] = (row.current_analysis_id, row.sentiment_label)
            texts[row.id] = row.redacted_text
            if row.nps is not None:
                nps[row.id] = row.nps
        for row in session.execute(
            select(_A.feedback_id, _A.id, _A.sentiment_label).where(
                id_in(_A.feedback_id, batch, dialect), _A.model_version == model_version
            )
        ):
            new[row.feedback_id] = (row.id, row.sentiment_label)
    labels_of = _labels(session, [a for a, _ in old.values() if a is not None] + [a for a, _ in new.values()])
    both = [item for item in new if item in old]
    confusion = Counter((old[item][1], new[item][1]) for item in both)
    changed = [item for item in both if old[item][1] != new[item][1]]
    before = {item: labels_of.get(old[item][0] or -1, set()) for item in both}
    after = {item: labels_of.get(new[item][0], set()) for item in both}
    names: list[tuple[str, str]] = sorted(set().union(*before.values(), *after.values())) if both else []
    return {
        "model_version": model_version,
        "total": len(item_ids),
        "compared": len(both),
        "sentiment": {
            "changed": len(changed),
            "confusion": {
                f"{a}->{b}": confusion.get((a, b), 0)
                for a in (*_LABELS, None)
                for b in _LABELS
                if confusion.get((a, b))
            },
        },
        "labels": [
            {
                "kind": kind,
                "name": name,
                "share_before": _share(sum((kind, name) in found for found in before.values()), len(both)),
                "share_after": _share(sum((kind, name) in found for found in after.values()), len(both)),
            }
            for kind, name in names
        ],
        "nps_drivers": [
            {
                "kind": kind,
                "name": name,
                "nps_before": _nps([nps[item] for item in both if item in nps and (kind, name) in before[item]]),
                "nps_after": _nps([nps[item] for item in both if item in nps and (kind, name) in after[item]]),
            }
            for kind, name in names
        ],
        "examples": [
            {"id": item, "before": old[item][1], "after": new[item][1], "text": texts[item][:200]}
            for item in changed[:10]
        ],
    }


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 2) if total else None


def _labels(session: Session, analysis_ids: Sequence[int]) -> dict[int, set[tuple[str, str]]]:
    dialect = session.get_bind().dialect.name
    found: dict[int, set[tuple[str, str]]] = {}
    for start in range(0, len(analysis_ids), _BATCH):
        batch = list(analysis_ids[start : start + _BATCH])
        for row in session.execute(
            select(_L.analysis_id, _L.kind, _L.name).where(id_in(_L.analysis_id, batch, dialect))
        ):
            found.setdefault(row.analysis_id, set()).add((row.kind, row.name))
    return found
