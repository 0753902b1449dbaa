"""Prometheus metrics (prometheus_client), one registry per app so that tests can build many apps."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["Metrics"]

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.request_seconds = Histogram(
            "nazar_http_request_duration_seconds",
            "HTTP request latency by route template, method and status.",
            ("route", "method", "status"),
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.analyses = Counter(
            "nazar_analyses",
            "Texts analysed, by detected language and sentiment label.",
            ("language", "label"),
            registry=self.registry,
        )
        self.ingested = Counter(
            "nazar_feedback_ingested",
            "Feedback items by outcome (created, duplicate, error).",
            ("outcome",),
            registry=self.registry,
        )

    def watch_queue(self, depth: Callable[[], int]) -> None:
        """Re-analysis queue depth (unfinished chunks of running jobs), read from the database at scrape time."""
        gauge = Gauge(
            "nazar_job_chunks_pending", "Unfinished chunks of running re-analysis jobs.", registry=self.registry
        )
        gauge.set_function(lambda: float(depth()))

    def count_analyses(self, pairs: list[tuple[str, str]]) -> None:
        for language, label in pairs:
            self.analyses.labels(language, label).inc()
