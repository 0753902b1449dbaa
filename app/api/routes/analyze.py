"""POST /v1/analyze: the stateless analysis of CONTRACT.md."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from app.analysis.pipeline import AnalysisRequest
from app.analysis.validation import InvalidInputError
from app.api.auth import ANY_SCOPE, require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import input_error
from app.api.schemas import AnalyzeIn
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey

router = APIRouter(prefix="/v1", tags=["analysis"], route_class=StrictJsonRoute)


@router.post("/analyze", summary="Analyse one text; nothing is stored (any valid key)")
def analyze(
    body: AnalyzeIn,
    state: Annotated[ServiceState, Depends(get_state)],
    _: Annotated[ApiKey, Depends(require_scope(ANY_SCOPE))],
) -> dict[str, Any]:
    request = AnalysisRequest(text=body.text, id=body.id, channel=body.channel, language=body.language)
    try:
        (result,) = state.ingestor.analyze([request])
    except InvalidInputError as error:
        raise input_error(error) from error
    state.metrics.count_analyses([(result.language, result.sentiment.label)])
    return result.to_json()
