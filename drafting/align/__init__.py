"""Alignment: which draft provisions implement which model provisions, and how sure we are.

    features  (drafting.align.features)   each unit's words, concepts, heading, parts, place
    evidence  (drafting.align.evidence)   named signals for every (draft unit, model unit) pair
    scoring   (drafting.align.scoring)    a logistic model: signals -> probability the link is right
    assign    (drafting.align.assign)     links over the whole act; gaps and national-only units

Every link keeps its probability (`confidence`, calibrated on the benchmark acts: see
`bench/align.py`), whether it is uncertain, and the reasons a reviewer can check. What stays
unlinked is a gap (model side) or national-only (draft side).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.align.assign import Decision
from drafting.align.evidence import PairEvidence, gather, unit_wordings
from drafting.align.features import UnitFeatures, describe, show_term, with_figure_kinds, within_vocabulary
from drafting.align.scoring import UNCERTAIN_BELOW, LinkModel, load_link_model
from drafting.language import RECOGNISED_ONLY, detect_document, same_script
from drafting.modelset import ModelSet
from drafting.tree import Document, Unit

__all__ = ["Alignment", "Link", "Match", "align", "not_read", "pair_evidence", "unit_wordings"]

# Links made by a rule rather than by the link model's probability take the share of such links
# that are right on the tuning acts and maps (bench/align.py's reliability table counts them):
# by the draft unit's wording ("commits an offence": penalties), 14 of 19;
BY_WORDING_CONFIDENCE = 0.7
# through one paragraph of a draft unit of several, 11 of 12: too few to claim more than 0.7.
BY_PARAGRAPH_CONFIDENCE = 0.7
# by a term the draft rule defines in passing: 3 of 3 on the tuning acts, too few to claim more.
IN_PASSING_CONFIDENCE = 0.7


@dataclass
class Link:
    draft: Unit
    score: float  # the probability that the link is right (same as `confidence`)
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.0
    uncertain: bool = False
    basis: str = ""  # "" (by the link model's probability) | wording | paragraph | in-passing | function | rescue: the rule that made the link


@dataclass
class Match:
    """A model unit and the draft units that implement it (none: a gap)."""

    model: Unit
    links: list[Link] = field(default_factory=list)

    @property
    def score(self) -> float:
        return max((link.score for link in self.links), default=0.0)

    @property
    def is_gap(self) -> bool:
        return not self.links


@dataclass
class Alignment:
    model: ModelSet
    draft: Document
    matches: list[Match]
    national_only: list[Unit]


def cross_lingual(model: ModelSet, draft: Document) -> bool:
    """Whether the draft is written in another language than the model."""
    return document_language(draft) != document_language(model.document)


def cross_script(model: ModelSet, draft: Document) -> bool:
    """Whether the draft is written in another script than the model (Russian or Arabic against English)."""
    return not same_script(document_language(draft), document_language(model.document))


def not_read(draft: Document) -> bool:
    """Whether the draft is in a language the comparison recognises but cannot read (Kazakh, Thai, Vietnamese)."""
    return document_language(draft) in RECOGNISED_ONLY


def document_language(document: Document) -> str:
    """The language a document is written in: the one it was set to, else the one detected."""
    if document.language:
        return document.language
    return detect_document([u.text() for u in document.units()[:60]]).code


def pair_evidence(model: ModelSet, draft: Document) -> tuple[UnitFeatures, UnitFeatures, PairEvidence]:
    """The features of both sides and the evidence for every pair (for training and tools)."""
    m, d = describe(model.units()), describe(draft.units())
    if cross_lingual(model, draft):
        m, d = with_figure_kinds(m), with_figure_kinds(d)
        d = within_vocabulary(d, m)
    return m, d, gather(model, m, d)


def align(model: ModelSet, draft: Document, link_model: LinkModel | None = None) -> Alignment:
    """Link every model unit to its draft counterparts (or none) and list draft-only units."""
    model_units, draft_units = model.units(), draft.units()
    if not model_units or not draft_units:
        return Alignment(model, draft, [Match(u) for u in model_units], list(draft_units))
    if not_read(draft):  # its words would be read as English: any link would be chance
        return Alignment(model, draft, [Match(u) for u in model_units], [])
    link_model = link_model or load_link_model(cross_lingual=cross_lingual(model, draft), cross_script=cross_script(model, draft))
    m, d, evidence = pair_evidence(model, draft)
    prob, is_first, decision = link_model.decide(evidence)
    matches = []
    for i, unit in enumerate(model_units):
        links = []
        for j, p in decision.links[i]:
            if (j, i) in decision.by_wording:
                p = max(p, BY_WORDING_CONFIDENCE)
            elif (j, i) in decision.by_paragraph:
                p = max(p, BY_PARAGRAPH_CONFIDENCE)
            elif (j, i) in decision.in_passing:
                p = max(p, IN_PASSING_CONFIDENCE)
            uncertain = p < UNCERTAIN_BELOW or (j, i) in decision.rescued or (j, i) in decision.by_function
            reasons = _reasons(i, j, m, d, evidence, link_model, decision, bool(is_first[j, i]))
            links.append(Link(draft_units[j], round(p, 3), reasons, round(p, 3), uncertain, _basis(decision, j, i)))
        matches.append(Match(unit, links))
    return Alignment(model, draft, matches, [draft_units[j] for j in decision.national])


def _basis(decision: Decision, j: int, i: int) -> str:
    """The rule of drafting.align.assign that made a link ("" for the link model's own)."""
    for basis, pairs in (("wording", decision.by_wording), ("paragraph", decision.by_paragraph), ("in-passing", decision.in_passing),
                         ("function", decision.by_function), ("rescue", decision.rescued)):
        if (j, i) in pairs:
            return basis
    return ""


SIGNAL_WORDS = {
    "text": "similar wording", "draft_part": "one subparagraph corresponds", "context": "similar articles",
    "concepts": "same subject matter", "heading": "similar headings", "same_term": "same defined term",
    "cites": "cites the model's source", "row_best": "best match of the draft provision",
    "col_best": "best match of the model provision", "coherence": "its article's other provisions match here",
    "neighbours": "neighbouring provisions match nearby", "row_rel": "close to the draft provision's best match",
    "col_rel": "close to the model provision's best match", "base": "overall similarity",
    "function": "same function (checklist element)", "residual": "matches what the first counterpart leaves out",
    "expanded": "similar once cross-references are followed", "covers": "contains most of the model provision's words",
}


def _reasons(i: int, j: int, m: UnitFeatures, d: UnitFeatures, evidence: PairEvidence, link_model: LinkModel,
             decision: Decision, first: bool) -> list[str]:
    out = list(evidence.reasons.get((j, i), []))
    if (j, i) in decision.by_paragraph:
        out.append("paired through one paragraph: this model provision is what a paragraph of the draft provision, "
                   "not accounted for by its other counterparts, is most like (uncertain)")
    if (j, i) in decision.by_wording:
        out.append("paired by function: its words say what it does (it makes something an offence, sets a penalty, says what "
                   "the act is for, what it is called or when it comes into force), as this model provision does (uncertain)")
    elif (j, i) in decision.by_function:
        out.append("paired by function: both serve the same element of the checklist, in different words (uncertain)")
    if (j, i) in decision.in_passing:
        out.append("paired by definition: the draft provision defines this term in passing, and no draft definition does")
    if (j, i) in decision.rescued:
        out.append("paired by function: neither provision has a better counterpart (uncertain)")
    shared = [t for t in m.bags[i] if t in d.bags[j] and not t.startswith(("V:", "R:"))]
    shared.sort(key=lambda t: -(m.bags[i][t] + d.bags[j][t]))
    words = [show_term(t) for t in shared[:6]]
    if words:
        out.append("shared terms: " + ", ".join(words))
    signals = [SIGNAL_WORDS[name] for name, _ in link_model.strongest(evidence, j, i, first) if name in SIGNAL_WORDS]
    if signals:
        out.append("signals: " + ", ".join(signals))
    out.append(f"text similarity {evidence['text'][j, i]:.2f}, article similarity {evidence['context'][j, i]:.2f}")
    return out
