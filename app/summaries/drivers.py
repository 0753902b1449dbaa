"""NPS and CSAT drivers: for each theme and topic, how it splits detractors from promoters and what it costs.

For a label L over the answered, filtered responses: its share among detractors and among promoters, the NPS of
responses with L and of those without it, and its impact = NPS(all) - NPS(without L), in points. A negative impact
is what L costs the score (removing those responses would raise it); a positive one is what it wins. CSAT the same
way with satisfied (4-5) and dissatisfied (1-3). Drivers are sorted by impact, the costliest first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, case, func, select

from app.db.engine import read_connection
from app.db.models import FEEDBACK_TABLE, LABEL_TABLE, Feedback, FeedbackLabel
from app.service.feedback_queries import FeedbackFilter, filter_conditions
from app.summaries.stats import csat_summary, nps_summary

__all__ = ["drivers"]

_F = FEEDBACK_TABLE.c
_L = LABEL_TABLE.c


def _score(good: int, bad: int, n: int, *, net: bool) -> float | None:
    if n == 0:
        return None
    return round(100 * (good - bad) / n, 2) if net else round(100 * good / n, 2)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _metric(engine: Engine, spec: FeedbackFilter, metric: str, min_n: int) -> dict[str, Any]:
    column = _F[metric]
    good = column >= (9 if metric == "nps" else 4)
    bad = column <= (6 if metric == "nps" else 3)
    answered = [*filter_conditions(spec), column.is_not(None)]
    measures = (
        func.count().label("n"),
        func.coalesce(func.sum(case((good, 1), else_=0)), 0).label("good"),
        func.coalesce(func.sum(case((bad, 1), else_=0)), 0).label("bad"),
    )
    labelled = (
        select(_L.kind, _L.name, *measures)
        .select_from(Feedback)
        .join(FeedbackLabel, _L.analysis_id == _F.current_analysis_id)
        .where(and_(*answered))
        .group_by(_L.kind, _L.name)
    )
    with read_connection(engine) as connection:
        total = connection.execute(select(*measures).select_from(Feedback).where(and_(*answered))).one()
        rows = list(connection.execute(labelled))
    net = metric == "nps"
    overall = _score(total.good, total.bad, total.n, net=net)
    items = []
    for row in rows:
        rest = (total.good - row.good, total.bad - row.bad, total.n - row.n)
        without = _score(*rest, net=net)
        item = {
            "kind": row.kind,
            "name": row.name,
            "n": row.n,
            f"{metric}_with": _score(row.good, row.bad, row.n, net=net),
            f"{metric}_without": without,
            "impact": round(overall - without, 2) if overall is not None and without is not None else None,
            "insufficient_sample": row.n < min_n,
        }
        if net:
            item["share_among_detractors"] = _share(row.bad, total.bad)
            item["share_among_promoters"] = _share(row.good, total.good)
        else:
            item["share_among_dissatisfied"] = _share(row.bad, total.bad)
            item["share_among_satisfied"] = _share(row.good, total.good)
        items.append(item)
    items.sort(key=lambda item: (item["impact"] if item["impact"] is not None else 0.0, str(item["name"])))
    summary = nps_summary(total.good, total.bad, total.n, min_n) if net else csat_summary(total.good, total.n, min_n)
    return {"overall": summary, "drivers": items}


def drivers(engine: Engine, spec: FeedbackFilter, min_n: int) -> dict[str, Any]:
    return {"nps": _metric(engine, spec, "nps", min_n), "csat": _metric(engine, spec, "csat", min_n)}
