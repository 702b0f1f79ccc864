"""Which pairs become links, decided over the whole act at once.

The probabilities already weigh each pair against its rivals (how it ranks among the draft
unit's candidates and the model unit's, whether it only echoes a look-alike) and against its
surroundings (the article's other units, the neighbours in document order). Assignment then:

1. links each draft unit to its most likely model unit when that is at least `Levels.first`
   likely, and to any other model unit at least `Levels.further` likely (one draft unit may
   implement several model units; one model unit may be spread over several draft units) — but
   not to an echo: a further model unit must resemble the draft unit more than it resembles the
   draft unit's closest model unit, or the likeness is only inherited from a look-alike;
2. follows citations: a draft unit that cites the article of the act a model unit is drawn from
   ("the duties laid down in Article 27 of Regulation (EU) 2021/821 apply") is linked to it;
3. links the paragraphs of a draft unit that its links do not account for (a Nordic section of
   unnumbered paragraphs implements several model provisions, one paragraph each) to the model
   unit each is clearly most like, or less clearly when that unit is in an article the draft unit
   is already linked to;
4. pairs by wording: a draft unit whose wording says what it does is linked (uncertain) to the
   model unit doing the same that it is most like: an offence clause ("commits an offence and shall
   be liable on conviction") left without a counterpart, or paired only with penalty provisions,
   implements the model's penalty provisions (the one making an offence, the one setting the
   penalty, where the model words them apart), unless it enforces only draft rules that have no
   model counterpart ("contravenes subsection (1)", a national-only rule); a statement of purpose
   ("The purposes of this Act are") the model's Article 1; a short title ("These rules may be
   called") and a commencement ("This Act shall come into force") the model's own, and never each
   other;
5. pairs by function: a draft unit whose main element (see drafting.align.functions) is served by
   a model unit with the same function at least `Levels.function_floor` (its closest among the model
   units of that element) is linked to it even when their words differ ("commits an offence and
   shall be liable on conviction" and "lay down the penalties applicable to infringements");
6. links a rule that defines a model term in passing ("to export unlisted cyber-surveillance items,
   meaning dual-use items built specially to ...") to the model's definition of that term, when no
   draft definition defines it (a Nordic act defines where it first needs a term);
7. rescues functions: a model unit left without a link and a draft unit left national-only that
   are each other's most likely partner (and at least `rescue` likely) are linked, marked
   uncertain, rather than one reported as a gap while the other sits unexplained.

A draft unit with no text at all (a subsection the text marks as not retrieved) is never linked:
its heading or its neighbours are no evidence of what it says. Nor are two clauses of opposite
kinds, whichever step proposes them: a short title and a commencement, an exception ("does not
apply to") and an extension ("also applies to") (drafting.align.evidence.EXCLUSIVE_CLAUSES).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from drafting.align.evidence import PairEvidence


@dataclass(frozen=True)
class Levels:
    """The levels assignment works with, fitted with the link model (bench/train_align.py)."""

    first: float  # the draft unit's most likely model unit is a link from this probability
    further: float  # another model unit is a link too from this probability
    rescue: float = 1.01  # a gap and a national-only unit this likely to belong together are linked, as uncertain
    function_floor: float = 1.01  # a draft unit and the closest model unit of its main element are linked from this agreement
    definition_floor: float = 0.0  # a definition and a rule (not a definition) are linked from this probability
    paragraph_match: float = 0.3  # a paragraph no link accounts for, this like a model unit ...
    paragraph_probability: float = 0.1  # ... whose pair is at least this likely, is linked to it
    sibling_match: float = 1.01  # ... or this like a model unit of the article of one of the unit's links


@dataclass
class Decision:
    links: dict[int, list[tuple[int, float]]]  # model unit -> [(draft unit, probability)], most likely first
    national: list[int]  # draft units with no link
    rescued: set[tuple[int, int]]  # (draft, model) pairs linked by the rescue rule
    by_function: set[tuple[int, int]]  # (draft, model) pairs linked by function (by wording among them)
    by_wording: set[tuple[int, int]]  # (draft, model) pairs linked because the draft unit's wording says what it does
    by_paragraph: set[tuple[int, int]]  # (draft, model) pairs linked through one paragraph of the draft unit
    in_passing: set[tuple[int, int]]  # (draft, model) pairs linked because the draft rule defines the model's term in passing


def assign(prob: np.ndarray, is_first: np.ndarray, levels: Levels, evidence: PairEvidence) -> Decision:
    """The links, from each pair's probability and the evidence (drafting.align.evidence)."""
    function, element_best, echo = evidence["function"], evidence["element_best"], evidence.echo()
    cites, definition_mismatch, different_terms = evidence["cites"], evidence["definition_mismatch"], evidence["other_term"]
    worded_best = evidence["worded_best"]
    n_draft, n_model = prob.shape
    further = (prob >= levels.further) & (echo <= 0)
    chosen = np.where(is_first, prob >= levels.first, further)
    # a definition and a rule are counterparts only from the definition floor (for drafts in the
    # model's language even odds: on the tuning acts and maps 3 of the 15 such links under 0.5 were right)
    chosen &= ~((definition_mismatch > 0) & (prob < levels.definition_floor))
    cited = cites >= 1  # the article the model provision is first drawn from
    cited &= definition_mismatch == 0  # a citation does not make a rule define a term, nor one term another
    chosen |= cited
    chosen &= different_terms == 0  # two definitions of different terms are never counterparts
    chosen &= evidence["clause_mismatch"] == 0  # nor a short title and a commencement, an exception and an extension
    paragraphs = _paragraph_links(prob, chosen, evidence, levels) & (different_terms == 0)
    chosen |= paragraphs
    by_wording: set[tuple[int, int]] = set()
    free = ~chosen.any(axis=1)
    # an offence clause linked only to penalty provisions ("shall be liable on conviction") also
    # implements the one making the offence it states, and the other way round
    only_penalties = chosen.any(axis=1) & ~(chosen & ~evidence.on_penalties[None, :]).any(axis=1)
    open_row = free | only_penalties
    for j, i in zip(*np.nonzero(((worded_best > 0) & open_row[:, None] | (worded_best > 1)) & ~chosen)):
        if worded_best[j, i] == 1 and _enforces_only_national(evidence.draft_enforced[j], chosen):
            continue
        chosen[j, i] = True
        by_wording.add((int(j), int(i)))
    by_function: set[tuple[int, int]] = set(by_wording)
    if levels.function_floor <= 1.0:
        for j, i in zip(*np.nonzero((element_best > 0) & (function >= levels.function_floor) & ~chosen)):
            chosen[j, i] = True
            by_function.add((int(j), int(i)))
    in_passing = (evidence["in_passing"] > 0) & ~chosen
    chosen |= in_passing
    rescued: set[tuple[int, int]] = set()
    if n_draft and n_model and levels.rescue <= 1.0:
        free_drafts = np.flatnonzero(~chosen.any(axis=1))
        gaps = np.flatnonzero(~chosen.any(axis=0))
        if len(free_drafts) and len(gaps):
            sub = prob[np.ix_(free_drafts, gaps)]
            best_gap = sub.argmax(axis=1)
            best_draft = sub.argmax(axis=0)
            for a, j in enumerate(free_drafts):
                b = best_gap[a]
                if best_draft[b] == a and sub[a, b] >= levels.rescue:
                    chosen[j, gaps[b]] = True
                    rescued.add((int(j), int(gaps[b])))
    chosen[evidence.empty_drafts] = False  # a unit with no text (not retrieved) implements nothing we can see
    chosen &= evidence["clause_mismatch"] == 0  # whichever step proposed it
    links = {i: sorted(((int(j), float(prob[j, i])) for j in np.flatnonzero(chosen[:, i])), key=lambda x: (-x[1], x[0]))
             for i in range(n_model)}
    national = [j for j in range(n_draft) if not chosen[j].any()]
    by_paragraph = {(int(j), int(i)) for j, i in zip(*np.nonzero(paragraphs))}
    passing = {(int(j), int(i)) for j, i in zip(*np.nonzero(in_passing & chosen))}
    return Decision(links, national, rescued, by_function, by_wording, by_paragraph, passing)


def _enforces_only_national(enforced: frozenset[int], chosen: np.ndarray) -> bool:
    """Whether an offence clause enforces only draft rules with no model counterpart ("A person who
    contravenes subsection (1) commits an offence", where subsection (1) is national-only): it
    implements the draft's own rule, not the model's penalties for infringing the model's."""
    return bool(enforced) and not any(chosen[t].any() for t in enforced)


def _paragraph_links(prob: np.ndarray, chosen: np.ndarray, evidence: PairEvidence, levels: Levels) -> np.ndarray:
    """Further links for draft units of several paragraphs (a Nordic section: "A licence is required
    to export ...", then "The Government shall issue regulations on the control list"): a paragraph
    that none of the unit's links accounts for is linked to the model unit it is most like, when it
    is clearly like it (`levels.paragraph_match`, `levels.paragraph_probability`; in the model's
    language set on the tuning acts, where 11 of the 12 such links on the tuning acts and maps were right),
    or, less clearly, when that model unit is in the article of one of the unit's links
    (`levels.sibling_match`): "The Inspectorate may require any person to provide information",
    then "has access to the premises of exporters", for Article 28's points (a) and (b)."""
    draft_part, part_of = evidence["draft_part"], evidence["part_of"]
    best, best_of = evidence["paragraph_best"], evidence["paragraph_best_of"]
    out = np.zeros_like(chosen)
    for j in np.flatnonzero(chosen.any(axis=1) & (part_of.max(axis=1) >= 1)):
        explained = {int(part_of[j, i]) for i in np.flatnonzero(chosen[j])}
        linked_articles = set(evidence.model_articles[chosen[j]].tolist())
        for k in range(int(max(part_of[j].max(), best_of[j].max())) + 1):
            if k in explained:
                continue
            candidates = np.flatnonzero((part_of[j] == k) & ~chosen[j])
            if len(candidates):
                i = candidates[draft_part[j, candidates].argmax()]
                if draft_part[j, i] >= levels.paragraph_match and prob[j, i] >= levels.paragraph_probability:
                    out[j, i] = True
                    continue
            for i in np.flatnonzero((best_of[j] == k) & ~chosen[j]):
                if (evidence.model_articles[i] in linked_articles and best[j, i] >= levels.sibling_match
                        and prob[j, i] >= levels.paragraph_probability):
                    out[j, i] = True
    return out
