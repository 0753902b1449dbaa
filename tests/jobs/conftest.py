"""Service fixtures (real app on SQLite and PostgreSQL) and seeding for the re-analysis tests."""

from __future__ import annotations

from tests.service.conftest import database_url, service, shipped_analyzer

__all__ = ["database_url", "service", "shipped_analyzer"]
