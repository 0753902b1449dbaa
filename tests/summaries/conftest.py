"""The service fixtures (real app, SQLite file and PostgreSQL) for the summaries tests."""

from tests.service.conftest import database_url, service, shipped_analyzer

__all__ = ["database_url", "service", "shipped_analyzer"]
