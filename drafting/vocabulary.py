"""The export-control vocabulary: concepts and the words that express them.

Loaded once from drafting/data/vocabulary.yaml. Used by the NLP stage (to find concepts in
text), by alignment (to treat "licence", "authorisation" and "permit" as one word) and by
model-set validation (requirements name concepts by id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafting.yaml_files import load_yaml

VOCABULARY_PATH = Path(__file__).resolve().parent / "data" / "vocabulary.yaml"


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    phrases: tuple[str, ...]
    broader: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def concepts() -> dict[str, Concept]:
    raw = load_yaml(VOCABULARY_PATH.read_text(encoding="utf-8"))
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


# --- other languages ----------------------------------------------------------------------------------

LANGUAGES_DIR = VOCABULARY_PATH.parent / "languages"


@dataclass(frozen=True)
class LanguageProfile:
    """What the pipeline needs to read one language other than English (drafting/data/languages/<code>.yaml):
    the words for each concept (with where they come from), modal verbs, numbers, units,
    qualifiers of figures, words that cite provisions, and how definitions read."""

    code: str
    name: str
    concept_phrases: dict[str, tuple[str, ...]]
    concept_sources: dict[str, str]
    modality: dict[str, tuple[str, ...]]  # obligation | permission | prohibition | hedge | negation
    numbers: dict[str, float]
    duals: dict[str, str]  # a word that is "two <unit>" (Arabic dual)
    units: dict[str, str]
    currency: tuple[str, ...]
    qualifiers: dict[str, tuple[str, ...]]  # up-to | at-least
    references: dict[str, tuple[str, ...]]  # target kind -> words
    definitions: tuple[str, ...]
    stop_words: frozenset[str]
    sources: dict[str, str]
    exceptions: tuple[str, ...] = ()  # the words of an exception clause ("ne s'applique pas", "лицензия не требуется")
    glossary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # English word -> its words in the language
    wordings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # what a clause does, by its words (drafting.align.evidence.WORDINGS)


@lru_cache(maxsize=8)
def profile(code: str) -> LanguageProfile | None:
    """The profile of a language (None for English, which vocabulary.yaml covers, and for a
    language without a profile)."""
    path = LANGUAGES_DIR / f"{code}.yaml"
    if code == "en" or not path.exists():
        return None
    raw = load_yaml(path.read_text(encoding="utf-8"))
    known = concepts()
    phrases, sources = {}, {}
    for cid, entry in (raw.get("concepts") or {}).items():
        if cid not in known:
            raise ValueError(f"{path.name}: concept '{cid}' is not in vocabulary.yaml")
        phrases[cid] = tuple(str(p) for p in entry.get("phrases", []))
        sources[cid] = str(entry.get("source", ""))

    def words(section: str) -> dict[str, tuple[str, ...]]:
        return {k: tuple(str(w) for w in v) for k, v in (raw.get(section) or {}).items()}

    return LanguageProfile(
        code=code, name=str(raw.get("name", code)), concept_phrases=phrases, concept_sources=sources,
        modality=words("modality"), numbers={str(k): float(v) for k, v in (raw.get("numbers") or {}).items()},
        duals={str(k): str(v) for k, v in (raw.get("duals") or {}).items()},
        units={str(k): str(v) for k, v in (raw.get("units") or {}).items()},
        currency=tuple(str(c) for c in raw.get("currency", [])), qualifiers=words("qualifiers"),
        references=words("references"), definitions=tuple(str(d) for d in raw.get("definitions", [])),
        stop_words=frozenset(str(w) for w in raw.get("stop_words", [])), sources=dict(raw.get("sources") or {}),
        exceptions=tuple(str(w) for w in raw.get("exceptions", [])),
        glossary={str(k): tuple(str(w) for w in v) for k, v in (raw.get("glossary") or {}).items()},
        wordings=words("wordings"),
    )


def lexicon_size() -> dict[str, int]:
    """Phrases per language in the bilingual lexicon (for the README and the closing figures)."""
    out = {"en": sum(len(c.phrases) for c in concepts().values())}
    for path in sorted(LANGUAGES_DIR.glob("*.yaml")):
        p = profile(path.stem)
        if p is not None:
            out[p.code] = sum(len(v) for v in p.concept_phrases.values())
    return out
