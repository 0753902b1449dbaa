"""Strict request bodies: valid UTF-8, no lone surrogates, and a size limit, all with the contract's error shape."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import ApiError, error_response

__all__ = ["BodySizeLimit", "StrictJsonRoute"]


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ApiError(422, "invalid_utf8", f"the body is not valid UTF-8 (byte {error.start})") from error
            try:
                # orjson also refuses \ud800-style escapes of lone surrogates, which json.loads lets through.
                self._json = orjson.loads(body)
            except orjson.JSONDecodeError as error:
                if "surrogate" in error.msg:
                    raise ApiError(
                        422, "invalid_text", "a string holds a lone surrogate (not valid Unicode)"
                    ) from error
                raise ApiError(400, "invalid_json", f"the body is not valid JSON: {error.msg}") from error
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


class BodySizeLimit:
    """Refuse bodies over `limit` bytes with 413, by Content-Length up front or while the body streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(scope, receive, send)
                return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Raised inside the route's body read, so the app's error handlers render it.
                    raise ApiError(413, "body_too_large", self._message)
            return message

        await self.app(scope, counting_receive, send)

    @property
    def _message(self) -> str:
        return f"the request body is over the limit of {self.limit} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "body_too_large", self._message)
        await response(scope, receive, send)
