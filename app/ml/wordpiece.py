"""Learns a WordPiece vocabulary deterministically and wraps it in a `tokenizers` WordPiece tokenizer.

Why not `tokenizers.trainers.WordPieceTrainer`: it breaks ties between equally frequent merges by Rust hash
order, which changes from process to process, so two runs on the same texts give different vocabularies (a
few tokens out of 8,000 differed, and most ids moved). Here ties go to the alphabetically first pair and ids
follow a fixed order, so the same texts always give the same tokenizer.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

__all__ = ["SPECIAL_TOKENS", "train_wordpiece"]

SPECIAL_TOKENS: Final = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
_PREFIX: Final = "##"
# Longer "words" (URLs, runs of emoji) become [UNK] at inference anyway; counting them only costs time.
_MAX_WORD_CHARS: Final = 100

_Pair = tuple[str, str]


def train_wordpiece(texts: Iterable[str], vocab_size: int, min_frequency: int = 2) -> Tokenizer:
    """A BERT-style tokenizer ([CLS] text [SEP]) whose vocabulary is learned from `texts` by pair merges.

    Texts should arrive normalised (`app.text.normalize`): no normaliser runs here, since BERT's would strip
    the ZWNJ that Persian words need. Digits are split one by one so that numbers do not fill the vocabulary.
    """
    pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.BertPreTokenizer(), pre_tokenizers.Digits(individual_digits=True)]
    )
    words: Counter[str] = Counter()
    for text in texts:
        words.update(word for word, _ in pre_tokenizer.pre_tokenize_str(text) if len(word) <= _MAX_WORD_CHARS)
    vocabulary = [*SPECIAL_TOKENS, *_learn(words, vocab_size - len(SPECIAL_TOKENS), min_frequency)]

    tokenizer = Tokenizer(
        models.WordPiece(
            {token: index for index, token in enumerate(vocabulary)},
            unk_token="[UNK]",
            max_input_chars_per_word=_MAX_WORD_CHARS,
        )
    )
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", vocabulary.index("[CLS]")), ("[SEP]", vocabulary.index("[SEP]"))],
    )
    tokenizer.decoder = decoders.WordPiece(prefix=_PREFIX)
    return tokenizer


def _learn(words: Counter[str], size: int, min_frequency: int) -> list[str]:
    """The alphabet (each character alone and as a continuation), then merged pieces, most frequent first."""
    entries = [([word[0], *(_PREFIX + char for char in word[1:])], count) for word, count in sorted(words.items())]
    characters = sorted({char for word in words for char in word})
    tokens = [*characters, *(_PREFIX + char for char in characters)]
    known = set(tokens)

    pair_counts: defaultdict[_Pair, int] = defaultdict(int)
    where: defaultdict[_Pair, set[int]] = defaultdict(set)
    for index, (symbols, count) in enumerate(entries):
        for pair in itertools.pairwise(symbols):
            pair_counts[pair] += count
            where[pair].add(index)
    # Max-heap by count; among equal counts the smaller pair (string order) wins, whatever the process.
    heap = [(-count, pair) for pair, count in pair_counts.items()]
    heapq.heapify(heap)

    while len(tokens) < size and heap:
        negative_count, pair = heapq.heappop(heap)
        if pair_counts.get(pair) != -negative_count:
            continue  # a stale entry: the pair's count changed after it was pushed
        if -negative_count < min_frequency:
            break
        merged = pair[0] + pair[1].removeprefix(_PREFIX)
        if merged not in known:  # ("a", "##bc") and ("ab", "##c") make the same piece
            known.add(merged)
            tokens.append(merged)
        touched: set[_Pair] = set()
        for index in where.pop(pair):
            symbols, count = entries[index]
            old_pairs = list(itertools.pairwise(symbols))
            for old in old_pairs:
                pair_counts[old] -= count
                where[old].discard(index)
            symbols = _merge(symbols, pair, merged)
            entries[index] = (symbols, count)
            new_pairs = list(itertools.pairwise(symbols))
            for new in new_pairs:
                pair_counts[new] += count
                where[new].add(index)
            touched.update(old_pairs, new_pairs)
        del pair_counts[pair]
        touched.discard(pair)
        for changed in sorted(touched):
            if pair_counts[changed] > 0:
                heapq.heappush(heap, (-pair_counts[changed], changed))
            else:
                del pair_counts[changed]
                where.pop(changed, None)
    return tokens


def _merge(symbols: Sequence[str], pair: _Pair, merged: str) -> list[str]:
    result: list[str] = []
    position = 0
    while position < len(symbols):
        if position + 1 < len(symbols) and (symbols[position], symbols[position + 1]) == pair:
            result.append(merged)
            position += 2
        else:
            result.append(symbols[position])
            position += 1
    return result
