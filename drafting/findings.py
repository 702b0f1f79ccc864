"""What a comparison finds: findings, their kinds, and the status of each model provision.

A `Finding` says how a draft differs from a model provision: its kind (see KIND_TITLES), its
severity, its direction (the draft is weaker, stricter or just different), a message a drafter
understands, and the words it is about in both texts (character spans in the model unit's and the
draft unit's text). Its id is stable across runs, so that reviewers' decisions stay attached.

A finding on a pairing the aligner is not sure of (less than 80% likely right) is *provisional*:
it is shown with the pairing marked uncertain, but it is not counted as a difference until a
reviewer confirms the pairing, because a difference found between two provisions that are not
counterparts means nothing. A pairing that is more likely wrong than right (below
`drafting.compare.COMPARE_BELOW`: typically a provision paired by its function, so that it is not
reported as missing while it sits in the draft in other words) is not compared word by word at
all: the pair gets one note saying so, and its status is not-assessable.

A model provision's status sums its asserted findings up:

    covered         a counterpart with nothing substantive to report (wording may differ)
    stricter        a counterpart that goes further than the model (longer penalties, a shorter
                    validity, "shall" for an option): correct to keep, but shown
    divergent       a counterpart that is weaker or different
    gap             no counterpart
    not-assessable  no counterpart in a text that says it is partial (the provision may sit in
                    the part that was not provided), or a counterpart too uncertain to compare
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SUBSTANTIVE_KINDS = ("gap", "omission", "modality", "number", "list", "actor", "trigger", "definition", "exemption", "reference")
KIND_TITLES = {
    "gap": "Missing provision",
    "omission": "Part of the provision missing",
    "modality": "Weaker or different obligation",
    "number": "Different period or figure",
    "list": "List items differ",
    "actor": "Fewer persons covered",
    "trigger": "Different trigger",
    "definition": "Definition narrower",
    "exemption": "Added exemption",
    "reference": "Broken cross-reference",
    "wording": "Wording only",
    "unassessed": "Not assessed",
}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
STATUSES = ("covered", "stricter", "divergent", "gap", "not-assessable")
STATUS_TEXT = {"covered": "✔ Covered", "stricter": "◎ Stricter", "divergent": "▲ Divergent", "gap": "✖ Gap",
               "not-assessable": "… Not assessable"}


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Finding:
    kind: str
    severity: str  # high | medium | low | info
    direction: str  # weaker | stricter | different | ""
    message: str
    model_id: str = ""
    draft_id: str = ""  # the draft unit the evidence is in ("" for a gap)
    model_span: Span | None = None  # offsets in the model unit's text
    draft_span: Span | None = None  # offsets in the draft unit's text
    key: str = ""  # what the finding is about, to tell two findings of one kind apart
    missing: tuple[str, ...] = ()  # the concepts the draft is said to lack (to look for them elsewhere in the draft)
    provisional: bool = False  # on a pairing the aligner is not sure of: shown, but asserted only once the pairing is confirmed

    @property
    def substantive(self) -> bool:
        """A difference in the law that the comparison asserts (not wording, not a provisional one)."""
        return self.kind in SUBSTANTIVE_KINDS and not self.provisional

    @property
    def id(self) -> str:
        """Stable across runs: the same difference in the same provisions keeps its id."""
        raw = f"{self.kind}|{self.model_id}|{self.draft_id}|{self.key}"
        return "f-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def status_of(findings: list[Finding], has_counterpart: bool, partial: bool = False) -> str:
    """A model provision's status from its findings (see the module docstring)."""
    if not has_counterpart:
        return "not-assessable" if partial else "gap"
    substantive = [f for f in findings if f.kind in SUBSTANTIVE_KINDS]  # provisional ones too: the pair shows them
    if any(f.direction in ("weaker", "different", "") for f in substantive):
        return "divergent"
    if substantive:
        return "stricter"
    return "covered"
