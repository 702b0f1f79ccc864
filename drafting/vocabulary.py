"""The export-control vocabulary: concepts and the words that express them.

Loaded once from drafting/data/vocabulary.yaml. Used by the NLP stage (to find concepts in
text), by alignment (to treat "licence", "authorisation" and "permit" as one word) and by
model-set validation (requirements name concepts by id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

VOCABULARY_PATH = Path(__file__).resolve().parent / "data" / "vocabulary.yaml"


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    phrases: tuple[str, ...]
    broader: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def concepts() -> dict[str, Concept]:
    raw = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))
    out: dict[str, Concept] = {}
    for cid, entry in (raw.get("concepts") or {}).items():
        out[cid] = Concept(
            id=cid,
            kind=str(entry.get("kind", "term")),
            phrases=tuple(str(p) for p in entry.get("phrases", [])),
            broader=tuple(entry.get("broader", []) or []),
        )
    return out


def concept_ids() -> set[str]:
    return set(concepts())
