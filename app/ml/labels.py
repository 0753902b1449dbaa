"""The sentiment label set shared by every model, the trainers and the evaluation."""

from typing import Final, Literal

__all__ = ["LABELS", "Label"]

Label = Literal["negative", "neutral", "positive"]

# Order matters: it is the column order of every model's probability output.
LABELS: Final[tuple[Label, ...]] = ("negative", "neutral", "positive")
