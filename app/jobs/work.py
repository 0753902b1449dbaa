"""Processing a claimed chunk, and finishing a job.

A chunk is idempotent: it analyses only items that have no analysis for the job's model version yet, and writes
the new analyses, their labels and issue tags, and the chunk's counts in ONE transaction that also checks the
chunk is still leased to this worker. Run twice (a retry, or a slow worker whose lease expired while another took
the chunk over), it writes the rows once: the second run finds them, or loses on the unique (feedback, model
version) constraint and rolls back.

When the current analysis switches: at the end of the job, for all its items at once, in the transaction that
marks the job done. Until then readers (summaries, filters, issues) see the old analyses everywhere; after it,
the new ones everywhere. A per-chunk switch would show a mix of two model versions for the whole length of a long
job, and the diff report could not compare a consistent "before" with a consistent "after". A cancelled job never
switches: its new analyses stay in the history.
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.analysis.pipeline import AnalysisRequest
from app.analysis.result import AnalysisResult
from app.analysis.validation import InvalidInputError
from app.db.engine import id_in
from app.db.models import (
    ANALYSIS_TABLE,
    FEEDBACK_TABLE,
    LABEL_TABLE,
    TAG_TABLE,
    Job,
    JobChunk,
    utc_now,
)
from app.jobs.report import build_report
from app.jobs.store import Claim
from app.service.ingest import Ingestor, allocate_ids, label_rows, prepare_issues, tag_rows

__all__ = ["finish_job_if_complete", "process_chunk"]

log = structlog.get_logger("nazar.jobs")
_F = FEEDBACK_TABLE.c
_A = ANALYSIS_TABLE.c
_ANALYSIS = ANALYSIS_TABLE
_LABEL = LABEL_TABLE
_TAG = TAG_TABLE
_FEEDBACK = FEEDBACK_TABLE


def _analyse(ingestor: Ingestor, requests: Sequence[AnalysisRequest]) -> list[AnalysisResult | None]:
    """Results in order; None where an item cannot be analysed (it counts as failed, the chunk goes on)."""
    try:
        return list(ingestor.analyze(requests))
    except InvalidInputError:
        results: list[AnalysisResult | None] = []
        for request in requests:
            try:
                results.append(ingestor.analyze([request])[0])
            except InvalidInputError:
                results.append(None)
        return results


def process_chunk(engine: Engine, ingestor: Ingestor, claim: Claim, worker: str) -> bool:
    """Analyse and store one chunk. False when the lease was lost (another worker finished it)."""
    ids = claim.feedback_ids
    with Session(engine) as session:
        rows = list(
            session.execute(
                select(_F.id, _F.text, _F.redacted_text, _F.channel, _F.language_hint, _F.created_at).where(
                    id_in(_F.id, ids, engine.dialect.name)
                )
            )
        )
        have = set(
            session.execute(
                select(_A.feedback_id).where(
                    id_in(_A.feedback_id, ids, engine.dialect.name), _A.model_version == claim.model_version
                )
            ).scalars()
        )
    todo = [row for row in rows if row.id not in have]
    # The raw text when it was kept, else the redacted text (settings.store_raw_text).
    requests = [
        AnalysisRequest(text=row.text or row.redacted_text, channel=row.channel, language=row.language_hint)
        for row in todo
    ]
    results = _analyse(ingestor, requests) if requests else []
    failed = sum(result is None for result in results)
    missing = len(ids) - len(rows)  # erased since the job started: nothing left to analyse, counted as done
    now = utc_now()
    issue_ids = prepare_issues(engine, [result for result in results if result is not None])
    with Session(engine) as session:
        try:
            written = [(row, result) for row, result in zip(todo, results, strict=True) if result is not None]
            analysis_ids = allocate_ids(session, _ANALYSIS, len(written))
            analyses, labels, tags = [], [], []
            for (row, result), analysis_id in zip(written, analysis_ids, strict=True):
                analyses.append(
                    {
                        "id": analysis_id,
                        "feedback_id": row.id,
                        "model_version": result.model_version,
                        "normalization_version": result.normalization_version,
                        "language": result.language,
                        "sentiment_label": result.sentiment.label,
                        "sentiment_score": result.sentiment.score,
                        "sentiment_confidence": result.sentiment.confidence,
                        "result": ingestor.stored_result(result),
                        "created_at": now,
                        "job_id": claim.job_id,
                    }
                )
                labels.extend(label_rows(row.id, analysis_id, result))
                tags.extend(tag_rows(issue_ids, row.id, analysis_id, result, row.created_at))
            for table, values in ((_ANALYSIS, analyses), (_LABEL, labels), (_TAG, tags)):
                if values:
                    session.execute(insert(table), values)
            finished = session.execute(
                update(JobChunk)
                .where(col(JobChunk.id) == claim.chunk_id, col(JobChunk.worker) == worker)
                .values(state="done", done_count=len(ids) - failed, failed_count=failed, finished_at=now)
            )
            if finished.rowcount != 1:  # type: ignore[attr-defined]
                session.rollback()
                return False
            session.commit()
        except IntegrityError:
            # Another worker wrote these analyses first (our lease had expired): its chunk row says done.
            session.rollback()
            return False
    if missing:
        log.info("chunk_missing_items", job=claim.job_id, chunk=claim.chunk_id, missing=missing)
    return True


def finish_job_if_complete(engine: Engine, job_id: int) -> bool:
    """When every chunk is done: report, switch the current analyses, mark the job done (one transaction)."""
    with Session(engine) as session:
        unfinished = session.execute(
            select(func.count())
            .select_from(JobChunk)
            .where(col(JobChunk.job_id) == job_id, col(JobChunk.state) != "done")
        ).scalar_one()
        if unfinished:
            return False
        # Claim the finish first: the row lock makes a concurrent finisher wait, then match nothing.
        claimed = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == "running")
            .values(state="done", finished_at=utc_now())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            return False
        job = session.get(Job, job_id)
        assert job is not None
        chunks = [
            list(ids)
            for ids in session.execute(
                select(col(JobChunk.feedback_ids)).where(col(JobChunk.job_id) == job_id)
            ).scalars()
        ]
        item_ids = [feedback_id for ids in chunks for feedback_id in ids]
        report = build_report(session, item_ids, job.model_version)
        switched = 0
        dialect = engine.dialect.name
        for start in range(0, len(item_ids), 5000):
            batch = item_ids[start : start + 5000]
            # One UPDATE .. FROM per batch (PostgreSQL and SQLite >= 3.33): the database joins each item to its
            # analysis by the job's model version.
            result = session.execute(
                update(_FEEDBACK)
                .where(
                    _F.id == _A.feedback_id,
                    _A.model_version == job.model_version,
                    # Both sides restricted to the batch, so each side is an index lookup: with the feedback side
                    # only, PostgreSQL scanned the analysis history once per item (minutes for 100k items).
                    id_in(_F.id, batch, dialect),
                    id_in(_A.feedback_id, batch, dialect),
                )
                .values(
                    current_analysis_id=_A.id,
                    language=_A.language,
                    sentiment_label=_A.sentiment_label,
                    sentiment_score=_A.sentiment_score,
                )
            )
            switched += int(result.rowcount)  # type: ignore[attr-defined]
        job.report = {**report, "switched": switched}  # a new object: JSON columns do not track mutation
        session.add(job)
        session.commit()
    log.info("job_done", job=job_id, switched=switched)
    return True
