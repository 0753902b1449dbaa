"""JSON views of stored rows: what the API returns for feedback and issues."""

from __future__ import annotations

from typing import Any

from app.db.models import Analysis, Feedback

__all__ = ["feedback_view"]


def feedback_view(feedback: Feedback, analysis: Analysis | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": feedback.id,
        "source": feedback.source,
        "external_id": feedback.external_id,
        "channel": feedback.channel,
        "created_at": feedback.created_at.isoformat(),
        "received_at": feedback.received_at.isoformat(),
        "customer_ref": feedback.customer_ref,
        "language_hint": feedback.language_hint,
        "metadata": feedback.metadata_,
        "survey": {"nps": feedback.nps, "csat": feedback.csat, "ces": feedback.ces, "ces_scale": feedback.ces_scale},
        "text": feedback.text,
        "redacted_text": feedback.redacted_text,
        "analysis": None,
    }
    if feedback.ticket_id is not None:
        body["ticket_id"] = feedback.ticket_id
        body["message_id"] = feedback.message_id
    if analysis is not None:
        body["analysis"] = {
            **analysis.result,
            "analysis_id": analysis.id,
            "analyzed_at": analysis.created_at.isoformat(),
        }
    return body
