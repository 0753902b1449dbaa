"""The one settings object: typed, validated at start-up, read from NAZAR_* environment variables or `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SENTIMENT_MODEL = PROJECT_ROOT / "models" / "sentiment"
DEFAULT_THEMES_MODEL = PROJECT_ROOT / "models" / "themes"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'nazar.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NAZAR_", env_file=".env", extra="ignore", populate_by_name=True)

    # A folder written by `nazar train sentiment`, or any local Hugging Face sequence-classification checkpoint.
    sentiment_model: Path = DEFAULT_SENTIMENT_MODEL
    # For a Hugging Face checkpoint whose id2label is not negative/neutral/positive: its label -> ours,
    # e.g. {"LABEL_0": "negative", "LABEL_1": "positive"}.
    sentiment_label_map: dict[str, str] | None = None
    # A folder written by `nazar train themes`; an empty value turns themes off (results carry "themes": []).
    themes_model: Path | None = DEFAULT_THEMES_MODEL
    max_text_chars: int = Field(default=20_000, ge=1, le=1_000_000)
    batch_size: int = Field(default=256, ge=1, le=10_000)
    # Threads for torch inference. One: the n-gram model's work is small gathers, and on the 2-core machines a
    # second thread made batch analysis 3x slower (BENCHMARKS.md). Scale out with processes instead.
    torch_threads: int = Field(default=1, ge=1, le=64)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "INFO"

    # The service's database. SQLite (a file, WAL mode) by default; PostgreSQL with postgresql+psycopg://...
    # The bare DATABASE_URL variable is honoured too: it is what platforms and compose files set.
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL, validation_alias=AliasChoices("NAZAR_DATABASE_URL", "DATABASE_URL")
    )
    # Run Alembic migrations to head when the service starts (one process at a time: PostgreSQL takes a lock).
    auto_migrate: bool = True
    # Keep the submitted text. Off: only the redacted text is stored, and re-analysis works from it.
    store_raw_text: bool = True
    max_batch_items: int = Field(default=1_000, ge=1, le=100_000)
    # Whole request bodies; a full batch of long texts in Arabic script is about 2 bytes per character.
    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    # Idempotency-Key records are kept this long, then a retry counts as a new request.
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    # Summaries: the default time zone for day/week/month buckets, and the answers a survey metric needs before
    # it is reported without the insufficient_sample flag.
    summary_timezone: str = "Asia/Tehran"
    summary_min_sample: int = Field(default=30, ge=1)
    # Re-analysis jobs. Without a broker they run in a thread of the service; with CELERY_BROKER_URL (Redis) on
    # `nazar worker` processes. A chunk whose worker stops renewing nothing for lease seconds is taken over.
    celery_broker_url: str | None = Field(
        default=None, validation_alias=AliasChoices("NAZAR_CELERY_BROKER_URL", "CELERY_BROKER_URL")
    )
    job_chunk_size: int = Field(default=500, ge=1, le=100_000)
    job_lease_seconds: int = Field(default=120, ge=1)
    job_poll_seconds: float = Field(default=1.0, gt=0)
    # Drain tasks queued per job on Celery: at least the number of worker processes you run.
    celery_tasks_per_job: int = Field(default=8, ge=1, le=1000)

    @field_validator("themes_model", mode="before")
    @classmethod
    def _empty_means_off(cls, value: object) -> object:
        # NAZAR_THEMES_MODEL= (empty) turns themes off; Path("") would silently mean the current folder.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("sentiment_model", "themes_model")
    @classmethod
    def _model_folder_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"no model folder at {value}: train one with `nazar train` or fix the path")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
