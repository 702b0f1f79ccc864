"""From evidence to the probability that a link is right.

Two logistic models over the named signals of `drafting.align.evidence`, fitted by
`bench/train_align.py` on the benchmark acts marked `tuning` (never on the final test set) and
stored in `drafting/data/alignment.yaml` with what they were fitted on:

- `first`: how likely a model unit is the counterpart of a draft unit; each draft unit's most
  likely model unit is its first link when this is at least `first_threshold` (`Levels.first`);
- `further`: how likely *another* model unit is a counterpart too, fitted only on pairs that are
  not the draft unit's most likely one (a section that implements a licence requirement and its
  offence, a definitions section with many terms): this is where the words left once the first
  counterpart has explained its own (the `residual` signal) count most.

Their outputs are probabilities: `bench/align.py` prints how often links in each band are right
(the reliability table), and links below `UNCERTAIN_BELOW` are shown as uncertain.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from drafting.yaml_files import load_yaml

from drafting.align.assign import Levels, assign
from drafting.align.evidence import FEATURES, PairEvidence

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "alignment.yaml"
UNCERTAIN_BELOW = 0.8  # a link less likely than this to be right is shown as uncertain


@dataclass(frozen=True)
class Logistic:
    weights: dict[str, float]
    bias: float

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(name, 0.0) for name in FEATURES], dtype=np.float32)

    def probabilities(self, stacked: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(stacked @ self.vector() + self.bias)))


@dataclass(frozen=True)
class LinkModel:
    first: Logistic
    further: Logistic
    levels: Levels  # the thresholds and floors assignment works with

    def probabilities(self, evidence: PairEvidence) -> np.ndarray:
        """Each pair's probability: the first model's for each draft unit's most likely model unit,
        the further model's for the others."""
        stacked = evidence.stack()
        first = self.first.probabilities(stacked)
        further = self.further.probabilities(stacked)
        is_first = np.zeros(first.shape, dtype=bool)
        if first.size:
            is_first[np.arange(first.shape[0]), first.argmax(axis=1)] = True
        return np.where(is_first, first, further), is_first

    def decide(self, evidence: PairEvidence):
        """The probabilities, which pairs are first links, and the assignment."""
        prob, is_first = self.probabilities(evidence)
        decision = assign(prob, is_first, self.levels, evidence)
        return prob, is_first, decision

    def strongest(self, evidence: PairEvidence, j: int, i: int, first: bool, n: int = 3) -> list[tuple[str, float]]:
        """The signals that raised this pair's score most (name, contribution to the logit)."""
        weights = (self.first if first else self.further).weights
        parts = [(name, float(evidence[name][j, i]) * weights.get(name, 0.0)) for name in FEATURES]
        return sorted((p for p in parts if p[1] > 0.05), key=lambda p: -p[1])[:n]


@lru_cache(maxsize=8)
def load_link_model(path: str = str(WEIGHTS_PATH), cross_lingual: bool = False, cross_script: bool = False) -> LinkModel:
    """The link model for texts in the same language, or (`cross_lingual`) for a draft in another
    language than the model's, where words cannot match and concepts, figures and citations carry
    the evidence; and (`cross_script`) for one in another script too (Russian, Arabic against
    English), where not even names and borrowed words are shared. Each fitted apart, on translated
    benchmark acts (see bench/train_align.py); a file without a cross-script model uses the
    cross-lingual one."""
    raw = load_yaml(Path(path).read_text(encoding="utf-8"))
    if cross_lingual and cross_script and raw.get("cross_script"):
        raw = raw["cross_script"]
    elif cross_lingual and raw.get("cross_lingual"):
        raw = raw["cross_lingual"]

    def logistic(entry: dict) -> Logistic:
        return Logistic({str(k): float(v) for k, v in entry["weights"].items()}, float(entry["bias"]))

    return LinkModel(logistic(raw["first"]), logistic(raw["further"]), levels_of(raw))


LEVEL_KEYS = {"first": "first_threshold", "further": "further_threshold"}  # the names of two levels in alignment.yaml


def levels_of(raw: dict) -> Levels:
    """The levels written in alignment.yaml: the two thresholds must be there; a level left out
    (the file was written before it existed) keeps its default."""
    thresholds = {name: float(raw[key]) for name, key in LEVEL_KEYS.items()}
    others = {f.name: float(raw[f.name]) for f in fields(Levels) if f.name not in LEVEL_KEYS and f.name in raw}
    return replace(Levels(**thresholds), **others)


def levels_as_yaml(levels: Levels) -> dict:
    return {LEVEL_KEYS.get(f.name, f.name): getattr(levels, f.name) for f in fields(Levels)}
