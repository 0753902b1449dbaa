"""Bearer API keys with scopes. `admin` includes every other scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.errors import ApiError
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey
from app.service.keys import authenticate

__all__ = ["ANY_SCOPE", "require_scope"]

ANY_SCOPE = "any"
_bearer = HTTPBearer(auto_error=False, description="An API key from `nazar keys create`.")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require_scope(scope: str) -> Callable[..., ApiKey]:
    def dependency(
        state: Annotated[ServiceState, Depends(get_state)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiKey:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise ApiError(401, "unauthorized", "send an API key as 'Authorization: Bearer <key>'").with_headers(
                _CHALLENGE
            )
        key = authenticate(state.engine, credentials.credentials)
        if key is None:
            raise ApiError(401, "unauthorized", "the API key is unknown or revoked").with_headers(_CHALLENGE)
        scopes = key.scopes.split()
        if scope != ANY_SCOPE and scope not in scopes and "admin" not in scopes:
            raise ApiError(403, "forbidden", f"this API key lacks the '{scope}' scope", {"required": scope})
        return key

    return dependency
