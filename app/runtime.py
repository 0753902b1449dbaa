"""Building the long-lived objects (analyzer and its models) from settings, once per process."""

from __future__ import annotations

from pathlib import Path

import torch

from app.analysis.pipeline import Analyzer
from app.config import get_settings
from app.ml.loading import load_sentiment_model
from app.ml.themes import ThemesModel

__all__ = ["build_analyzer"]


def build_analyzer(model_folder: Path | None = None) -> Analyzer:
    settings = get_settings()
    # No global `set_grad_enabled(False)`: every inference path runs under `torch.inference_mode()`, and a global
    # switch would silently break training later in the same process (a worker that analyses, then retrains).
    torch.set_num_threads(settings.torch_threads)
    model = load_sentiment_model(model_folder or settings.sentiment_model, settings.sentiment_label_map)
    themes = ThemesModel.load(settings.themes_model) if settings.themes_model is not None else None
    return Analyzer(model, max_text_chars=settings.max_text_chars, themes_model=themes)
