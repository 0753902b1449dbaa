"""Survey metrics with 95% confidence intervals, from additive counts (so day rows can be summed into buckets).

- NPS = %promoters (9-10) - %detractors (0-6) over answered responses. Its interval treats each answer as +1/0/-1
  (a multinomial mean): var = (p + d - (p - d)^2) / n, and NPS ± 1.96·sqrt(var), in points, clipped to ±100.
- CSAT = % of 4-5 among answered 1-5, with a Wilson score interval (sound near 0% and 100% and for small n).
- CES = the mean per declared scale (5- and 7-point answers are never mixed), with a Student-t interval; on the
  7-point scale also the top-2-box share (6-7) with a Wilson interval.
Below `min_n` answers a value is still returned, flagged `"insufficient_sample": true`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Final

from scipy.stats import t as student_t

__all__ = ["Counts", "ces_summary", "csat_summary", "nps_summary", "sentiment_summary", "wilson"]

_Z: Final = 1.959963984540054  # two-sided 95%


@dataclass(slots=True)
class Counts:
    """Everything the summaries need, for one (bucket, group); all fields add up across days."""

    count: int = 0
    negative: int = 0
    neutral: int = 0
    positive: int = 0
    score_sum: float = 0.0
    nps_n: int = 0
    promoters: int = 0
    detractors: int = 0
    csat_n: int = 0
    csat_satisfied: int = 0
    ces5_n: int = 0
    ces5_sum: float = 0.0
    ces5_sq: float = 0.0
    ces7_n: int = 0
    ces7_sum: float = 0.0
    ces7_sq: float = 0.0
    ces7_top2: int = 0

    def add(self, other: Counts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def wilson(successes: int, n: int) -> tuple[float, float] | None:
    """95% Wilson interval for a proportion, as fractions."""
    if n == 0:
        return None
    p = successes / n
    denominator = 1 + _Z**2 / n
    centre = (p + _Z**2 / (2 * n)) / denominator
    half = _Z * math.sqrt(p * (1 - p) / n + _Z**2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def sentiment_summary(counts: Counts) -> dict[str, Any]:
    n = counts.count
    labels = {"negative": counts.negative, "neutral": counts.neutral, "positive": counts.positive}
    shares = {label: _round(100 * value / n) if n else None for label, value in labels.items()}
    return {
        "count": n,
        "counts": labels,
        "shares": shares,
        "net_sentiment": _round(100 * (counts.positive - counts.negative) / n) if n else None,
        "mean_score": _round(counts.score_sum / n, 4) if n else None,
    }


def nps_summary(promoters: int, detractors: int, n: int, min_n: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "n": n,
        "promoters": promoters,
        "passives": n - promoters - detractors,
        "detractors": detractors,
        "value": None,
        "ci": None,
        "insufficient_sample": n < min_n,
    }
    if n:
        p, d = promoters / n, detractors / n
        value = 100 * (p - d)
        half = 100 * _Z * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
        body["value"] = _round(value)
        body["ci"] = [_round(max(-100.0, value - half)), _round(min(100.0, value + half))]
    return body


def csat_summary(satisfied: int, n: int, min_n: int) -> dict[str, Any]:
    interval = wilson(satisfied, n)
    return {
        "n": n,
        "satisfied": satisfied,
        "value": _round(100 * satisfied / n) if n else None,
        "ci": [_round(100 * interval[0]), _round(100 * interval[1])] if interval else None,
        "insufficient_sample": n < min_n,
    }


def _mean_ci(n: int, total: float, squares: float) -> tuple[float | None, list[float | None] | None]:
    if n == 0:
        return None, None
    mean = total / n
    if n == 1:
        return mean, None
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = float(student_t.ppf(0.975, n - 1)) * math.sqrt(variance / n)
    return mean, [_round(mean - half, 3), _round(mean + half, 3)]


def ces_summary(counts: Counts, min_n: int) -> dict[str, Any]:
    five_mean, five_ci = _mean_ci(counts.ces5_n, counts.ces5_sum, counts.ces5_sq)
    seven_mean, seven_ci = _mean_ci(counts.ces7_n, counts.ces7_sum, counts.ces7_sq)
    top2 = wilson(counts.ces7_top2, counts.ces7_n)
    return {
        "scale_5": {
            "n": counts.ces5_n,
            "mean": _round(five_mean, 3),
            "ci": five_ci,
            "insufficient_sample": counts.ces5_n < min_n,
        },
        "scale_7": {
            "n": counts.ces7_n,
            "mean": _round(seven_mean, 3),
            "ci": seven_ci,
            "top2box": {
                "value": _round(100 * counts.ces7_top2 / counts.ces7_n) if counts.ces7_n else None,
                "ci": [_round(100 * top2[0]), _round(100 * top2[1])] if top2 else None,
            },
            "insufficient_sample": counts.ces7_n < min_n,
        },
    }
