"""The one error shape of CONTRACT.md: {"error": {"code", "message", "details"}}, for every 4xx and 5xx."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.analysis.validation import InvalidInputError

__all__ = [
    "ApiError",
    "error_response",
    "input_error",
    "install_error_handlers",
    "validation_details",
    "validation_error_code",
]

log = structlog.get_logger("nazar.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


class ApiError(HTTPException):
    """Raise anywhere in a request: becomes the error shape with this status and code."""

    def __init__(self, status_code: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(status_code=status_code, detail=message)
        self.code = code
        self.message = message
        self.details = details

    def with_headers(self, headers: dict[str, str]) -> ApiError:
        self.headers = headers
        return self


def error_response(status_code: int, code: str, message: str, details: Any = None) -> JSONResponse:
    return JSONResponse(
        status_code=status_code, content={"error": {"code": code, "message": message, "details": details}}
    )


def validation_details(errors: Any) -> list[dict[str, Any]]:
    # The offending input is left out on purpose: it may be customer text, and it can be megabytes.
    return [{"loc": list(error.get("loc", ())), "type": error.get("type"), "msg": error.get("msg")} for error in errors]


def validation_error_code(errors: list[dict[str, Any]]) -> tuple[int, str, str]:
    types = {error["type"] for error in errors}
    if "json_invalid" in types:
        return 400, "invalid_json", "the request body is not valid JSON"
    if types == {"extra_forbidden"}:
        fields = ", ".join(str(error["loc"][-1]) for error in errors)
        return 422, "unknown_field", f"unknown field(s): {fields}"
    if "invalid_text" in types:
        return 422, "invalid_text", "a string contains a NUL character"
    if any(error["loc"][-1:] == ["channel"] for error in errors):
        return 422, "invalid_channel", "channel must be one of survey, email, social, ticket, chat, review, other"
    if types == {"missing"}:
        fields = ", ".join(str(error["loc"][-1]) for error in errors)
        return 422, "missing_field", f"missing field(s): {fields}"
    if all(str(kind).endswith("_type") for kind in types):
        return 422, "invalid_type", "a field has the wrong type (see details)"
    return 422, "validation_error", "the request does not match the schema (see details)"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        response = error_response(error.status_code, error.code, error.message, error.details)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        details = validation_details(error.errors())
        status, code, message = validation_error_code(details)
        return error_response(status, code, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        return error_response(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> JSONResponse:
        log.error("unhandled_error", path=request.url.path, error_type=type(error).__name__, exc_info=error)
        return error_response(500, "internal_error", "the server failed to handle this request")


def input_error(error: InvalidInputError) -> ApiError:
    """A text or channel the analyzer refused: 413 for a text over the limit, 422 for the rest."""
    return ApiError(413 if error.code == "text_too_long" else 422, error.code, error.message)
