"""Train the Persian-vs-Arabic n-gram model shipped as `app/text/data/langid_fa_ar.json` (deterministic).

    .venv/bin/python -m bench.train_langid [--data-dir ../shared/datasets/unified] [--out app/text/data/...]

Reads only the TRAIN splits of `unified/sentiment/*.jsonl` (gold language = the row's dataset language).
The sentiment folder holds no non-commercial dataset, so the weights may ship; several sources state no
licence, which `docs/langid.md` records. Counts are exact, the vocabulary is pruned by frequency, weights
are rounded and keys written sorted, so two runs give byte-identical files. `--check-words` prints how often
each marker word of `app/text/langid_words.py` occurs in each language's training texts instead.
"""

from __future__ import annotations

import argparse
import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from app.text.langid_ngram import (
    MODEL_PATH,
    NGRAM_ORDERS,
    fold_word,
    keyboard_evidence,
    ngrams,
    script_words,
    strip_noise,
)
from app.text.langid_words import ARABIC_MARKERS, PERSIAN_MARKERS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "unified"
LANGUAGES = ("fa", "ar")


def read_texts(data_dir: Path, split: str) -> Iterator[tuple[str, str]]:
    """(language, text) for every fa/ar row of the sentiment files of one split, in file-name order."""
    for path in sorted((data_dir / "sentiment").glob(f"*.{split}*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if row["lang"] in LANGUAGES:
                    yield row["lang"], row["text"]


def count(data_dir: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], Counter[str]]:
    grams: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
    keyboards: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
    texts: Counter[str] = Counter()
    for lang, text in read_texts(data_dir, "train"):
        text = strip_noise(unicodedata.normalize("NFKC", text))
        texts[lang] += 1
        keyboards[lang][keyboard_evidence(text) or "none"] += 1
        for word in script_words(text):
            grams[lang].update(ngrams(word))
    return grams, keyboards, texts


def train(data_dir: Path, alpha: float, min_count: int, max_features: int) -> dict[str, object]:
    grams, keyboards, texts = count(data_dir)
    total = grams["fa"] + grams["ar"]
    # Most frequent first, ties broken by the n-gram itself, so the cut is deterministic.
    vocabulary = sorted((g for g, c in total.items() if c >= min_count), key=lambda g: (-total[g], g))
    vocabulary = vocabulary[:max_features]
    size = len(vocabulary)
    mass = {lang: sum(grams[lang][g] for g in vocabulary) for lang in LANGUAGES}
    weights = {}
    for gram in vocabulary:
        p_fa = (grams["fa"][gram] + alpha) / (mass["fa"] + alpha * size)
        p_ar = (grams["ar"][gram] + alpha) / (mass["ar"] + alpha * size)
        # Every character takes part in one n-gram of each order, so the raw ratios count the same evidence
        # len(NGRAM_ORDERS) times; dividing keeps text scores on the scale of the once-per-text keyboard
        # weight. A whole-word feature (" word ", longer than any n-gram) is one observation and keeps its
        # full ratio.
        whole_word = len(gram) > NGRAM_ORDERS[-1]
        ratio = math.log(p_fa / p_ar)
        weight = round(ratio, 2) if whole_word else round(ratio / len(NGRAM_ORDERS), 3)
        if weight:
            weights[gram] = weight
    keyboard = {}
    for name in ("persian", "arabic"):
        p_fa = (keyboards["fa"][name] + 1) / (texts["fa"] + 3)
        p_ar = (keyboards["ar"][name] + 1) / (texts["ar"] + 3)
        keyboard[name] = round(math.log(p_fa / p_ar), 2)
    return {
        "about": (
            "log P(g|fa) - log P(g|ar) per character n-gram (divided by the number of orders) or whole word"
            " (' word '); built by bench/train_langid.py"
        ),
        "orders": list(NGRAM_ORDERS),
        "alpha": alpha,
        "train_texts": dict(sorted(texts.items())),
        "bias": 0.0,  # equal priors: the service sees either language, whatever the corpus proportions were
        "keyboard": keyboard,
        "weights": dict(sorted(weights.items())),
    }


def check_words(data_dir: Path) -> None:
    """Print, per marker word, the share of training texts of each language that contain it."""
    markers = {"fa": PERSIAN_MARKERS, "ar": ARABIC_MARKERS}
    folded = {lang: {fold_word(word): word for word in words} for lang, words in markers.items()}
    seen: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
    texts: Counter[str] = Counter()
    for lang, text in read_texts(data_dir, "train"):
        texts[lang] += 1
        seen[lang].update(set(script_words(strip_noise(unicodedata.normalize("NFKC", text)))))
    for own, other in (("fa", "ar"), ("ar", "fa")):
        print(f"{own} markers: word, texts per 1,000 in {own}, in {other}, ratio (flag: ratio > 0.02)")
        for word, written in sorted(folded[own].items(), key=lambda item: item[1]):
            own_rate = 1000 * seen[own][word] / texts[own]
            other_rate = 1000 * seen[other][word] / texts[other]
            ratio = other_rate / max(own_rate, 1e-9)
            flag = "  <-- shared" if ratio > 0.02 else ""
            print(f"  {written}\t{own_rate:.2f}\t{other_rate:.2f}\t{ratio:.3f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-features", type=int, default=100_000)
    parser.add_argument("--check-words", action="store_true", help="print marker-word counts; train nothing")
    args = parser.parse_args()
    if args.check_words:
        check_words(args.data_dir)
        return
    model = train(args.data_dir, args.alpha, args.min_count, args.max_features)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    weights = model["weights"]
    assert isinstance(weights, dict)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(weights)} features)")


if __name__ == "__main__":
    main()
