"""Check CX corpus files against GUIDE.md: fields, allowed values, evidence spans that occur in the text, unique ids.

    python data/cx/validate.py data/cx/fa/*.jsonl data/cx/ar/*.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

CHANNELS = {"survey", "nps_comment", "csat_comment", "email", "ticket", "chat", "social", "review"}
DOMAINS = {"ecommerce", "food_delivery", "banking", "telecom", "airline", "insurance", "government", "ride_hailing",
           "healthcare", "education"}
REGISTERS = {"fa": {"formal", "informal"}, "ar": {"msa", "egyptian", "gulf", "levantine", "maghrebi"}}
SENTIMENTS = {"negative", "neutral", "positive"}
PILLARS = {"trust", "effort", "empathy", "personalization", "expectations", "resolution"}
TOPICS = {"delivery", "pricing_billing", "product_quality", "customer_support", "payment_checkout", "app_website",
          "account_security", "returns_refunds"}


def problems(record: dict[str, object]) -> list[str]:
    found = []
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ["text missing or empty"]
    lang = record.get("lang")
    if lang not in REGISTERS:
        found.append(f"lang {lang!r}")
    if record.get("channel") not in CHANNELS:
        found.append(f"channel {record.get('channel')!r}")
    if record.get("domain") not in DOMAINS:
        found.append(f"domain {record.get('domain')!r}")
    if lang in REGISTERS and record.get("register") not in REGISTERS[str(lang)]:
        found.append(f"register {record.get('register')!r}")
    if record.get("sentiment") not in SENTIMENTS:
        found.append(f"sentiment {record.get('sentiment')!r}")
    for key, allowed in (("pillars", PILLARS), ("topics", TOPICS)):
        items = record.get(key)
        if not isinstance(items, list):
            found.append(f"{key} is not a list")
            continue
        names = [item.get("name") for item in items if isinstance(item, dict)]
        if len(names) != len(set(names)) or len(names) != len(items):
            found.append(f"{key}: duplicate or malformed entries")
        for item in items:
            if not isinstance(item, dict):
                continue
            if item.get("name") not in allowed:
                found.append(f"{key}: unknown name {item.get('name')!r}")
            if item.get("sentiment") not in SENTIMENTS:
                found.append(f"{key}: sentiment {item.get('sentiment')!r}")
            if key == "pillars":
                evidence = item.get("evidence")
                if not isinstance(evidence, list) or not evidence:
                    found.append(f"pillar {item.get('name')}: no evidence")
                else:
                    for span in evidence:
                        if not isinstance(span, str) or not span.strip() or span not in text:
                            found.append(f"pillar {item.get('name')}: evidence not in text: {span!r}")
    return found


def main(paths: list[str]) -> int:
    ids: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    bad = 0
    total = 0
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            total += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{path}:{number}: invalid JSON: {error}")
                bad += 1
                continue
            ids[str(record.get("id"))] += 1
            texts[" ".join(str(record.get("text", "")).split())] += 1
            for problem in problems(record):
                print(f"{path}:{number}: {problem}")
                bad += 1
    for duplicate, count in ids.items():
        if count > 1:
            print(f"duplicate id {duplicate} ({count}x)")
            bad += 1
    for duplicate, count in texts.items():
        if count > 1:
            print(f"duplicate text ({count}x): {duplicate[:60]}")
            bad += 1
    print(f"{total} records, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
