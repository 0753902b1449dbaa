"""The read-only dashboard: static files served by the app (no CDN). The page holds no data: it asks for a read
key and calls the summaries API with it, so everything it shows is behind the key."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.api.errors import ApiError

router = APIRouter(include_in_schema=False)

STATIC: Final = Path(__file__).resolve().parent.parent / "static" / "dashboard"
_TYPES: Final = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".woff2": "font/woff2"}


@router.get("/dashboard")
def dashboard_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/dashboard/assets/{name}")
def dashboard_asset(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC or path.suffix not in _TYPES or not path.is_file():
        raise ApiError(404, "not_found", "no such asset")
    return FileResponse(path, media_type=_TYPES[path.suffix])
