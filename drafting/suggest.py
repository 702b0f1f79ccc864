"""Suggested wording: for a finding with a fix, the draft words to delete and the words to insert.

The exported draft carries each suggestion as a tracked change (see `drafting.export.word`), so
that the drafters accept or reject it in Word. A suggestion is worked out from the finding's
evidence only; the comparison itself is not changed:

    modality  the draft's modal ("may") replaced by the model's ("shall")
    number    the draft's figure ("three years") replaced by the model's ("at least five years")
    list      the missing items inserted into the draft's own enumeration, beside their
              neighbour in the model's list
    gap       the model provision's wording as new paragraphs after the draft provision that
              implements its nearest neighbour (before the first one when none precedes it)

Findings where the draft is stricter than the model get no suggestion: a reviewer does not ask
the drafters to weaken their text. A reviewer's own wording replaces the computed one
(`Suggestion.with_wording`), and gives a suggestion to a finding that has none by replacing the
draft words the finding points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from drafting.compare import SUBSTANTIVE_KINDS, Comparison, Finding, PairResult
from drafting.nlp import analyse
from drafting.tree import Unit
from drafting.vocabulary import concepts

QUALIFIER = re.compile(r"(at least|not less than|no less than|a minimum of|not more than|no more than|up to|a maximum of|at most)\s+$", re.I)
# Words before a draft's figure that already bound it ("not exceeding five years").
BOUND = re.compile(r"\b(least|less|more|minimum|maximum|most|up to|exceed\w*|within|over|under|beyond)\s+(a\s+|the\s+)?(period\s+of\s+)?$", re.I)
HEDGE = re.compile(r"\s+(endeavour|endeavor|seek|try|strive|aim)\s+to\b", re.I)  # after "shall": "shall endeavour to"
LIST_SEPARATOR_MAX = 40  # longer stretches between two items end the enumeration
TRACKED = "(tracked in the text)"
NOT_TRACKED = "(not in the text: the words could not be placed)"


@dataclass(frozen=True)
class Suggestion:
    """One change to the draft.

    kind "replace": `delete` (the draft words at [start, end) of unit `unit_id`) becomes `insert`;
    kind "insert": `insert` goes at offset `start` (= `end`) of the unit's text;
    kind "paragraphs": `insert` holds new paragraphs (one per line, `heading` first if any),
    placed after unit `unit_id` (before it when `before` is set).
    """

    finding_id: str
    kind: str
    unit_id: str
    start: int
    end: int
    delete: str
    insert: str
    heading: str = ""
    before: bool = False
    source: str = ""  # the model provision the new wording comes from ("Section 24(1)")

    def with_wording(self, text: str) -> "Suggestion":
        """The same change with the reviewer's wording."""
        return replace(self, insert=text.strip("\n") if self.kind == "paragraphs" else text)

    def lines(self) -> list[str]:
        """New paragraphs, heading first (kind "paragraphs")."""
        body = [line for line in self.insert.split("\n") if line.strip()]
        return ([self.heading] if self.heading else []) + body

    def describe(self) -> str:
        """One line for the finding's comment."""
        if self.kind == "replace":
            return f"Suggested change {TRACKED}: “{self.delete}” → “{self.insert}”."
        if self.kind == "insert":
            return f"Suggested change {TRACKED}: insert “{self.insert.strip(', ')}”."
        where = "before" if self.before else "after"
        origin = f" from {self.source} of the model" if self.source else ""
        return f"Suggested change {TRACKED}: a new provision {where} this one{origin}; number it in the draft's sequence."


def suggestion_for(finding: Finding, pair: PairResult | None, comparison: Comparison | None = None) -> Suggestion | None:
    """The computed suggestion for one finding, or None when it has no mechanical fix."""
    if finding.direction == "stricter" or pair is None:
        return None
    if finding.kind == "modality":
        return _modality(finding, pair)
    if finding.kind == "number":
        return _number(finding, pair)
    if finding.kind == "list" and ":-" in finding.key:
        return _list_items(finding, pair)
    if finding.kind == "gap" and comparison is not None:
        return _new_provision(finding, pair, comparison)
    return None


def suggestions_for(comparison: Comparison, wording: dict[str, str] | None = None, computed: bool = True,
                    skip: set[str] | None = None) -> dict[str, Suggestion]:
    """Suggestions by finding id: the computed ones (when `computed`) for every substantive
    finding (provisional ones too: they reach the drafters once a reviewer confirms them), with
    the reviewer's `wording` (by finding id) taking precedence."""
    wording, skip = wording or {}, skip or set()
    out: dict[str, Suggestion] = {}
    for pair in comparison.pairs:
        for f in pair.findings:
            if f.id in skip or not (f.kind in SUBSTANTIVE_KINDS or f.id in wording):
                continue
            found = suggestion_for(f, pair, comparison) if computed or f.id in wording else None
            if f.id in wording and wording[f.id].strip():
                found = found.with_wording(wording[f.id]) if found else _reviewer_only(f, pair, comparison, wording[f.id])
            if found is not None:
                out[f.id] = found
    for n in comparison.national_only:
        for f in n.findings:
            if f.id in wording and wording[f.id].strip() and f.draft_span is not None and f.id not in skip:
                out[f.id] = Suggestion(f.id, "replace", n.unit.id, f.draft_span.start, f.draft_span.end, f.draft_span.text, wording[f.id])
    return out


def _reviewer_only(f: Finding, pair: PairResult, comparison: Comparison, text: str) -> Suggestion | None:
    """A reviewer's wording for a finding without a computed fix: it replaces the words the
    finding points at, or (for a gap) becomes a new provision."""
    if f.kind == "gap":
        anchor = nearest_implemented(comparison).get(pair.model.id)
        if anchor is None:
            return None
        return Suggestion(f.id, "paragraphs", anchor[0], 0, 0, "", text.strip("\n"), before=anchor[1], source=pair.model.label)
    if f.draft_span is None or not f.draft_id:
        return None
    return Suggestion(f.id, "replace", f.draft_id, f.draft_span.start, f.draft_span.end, f.draft_span.text, text)


# --- modality and numbers: the draft's words replaced by the model's -------------------------------------


def _draft_unit(pair: PairResult, unit_id: str) -> Unit | None:
    return next((u for u in pair.drafts if u.id == unit_id), None)


def _modality(f: Finding, pair: PairResult) -> Suggestion | None:
    unit = _draft_unit(pair, f.draft_id)
    if unit is None or f.draft_span is None or f.model_span is None:
        return None
    text = unit.text()
    start, end = f.draft_span.start, f.draft_span.end
    hedge = HEDGE.match(text, end)
    if hedge:
        end = hedge.end()  # "shall endeavour to keep" -> "shall keep"
    new = _same_case(f.model_span.text, text[start:end])
    if new.lower() == text[start:end].lower():
        return None  # the force differs through a hedge elsewhere in the sentence ("where practicable")
    return Suggestion(f.id, "replace", unit.id, start, end, text[start:end], new)


def _number(f: Finding, pair: PairResult) -> Suggestion | None:
    unit = _draft_unit(pair, f.draft_id)
    if unit is None or f.draft_span is None or f.model_span is None:
        return None
    text, model_text = unit.text(), pair.model.text()
    new = f.model_span.text
    qualifier = QUALIFIER.search(model_text[:f.model_span.start])
    if qualifier and not BOUND.search(text[:f.draft_span.start]):
        new = f"{qualifier.group(1)} {new}"  # "for three years" -> "for at least five years"
    if new == f.draft_span.text:
        return None
    return Suggestion(f.id, "replace", unit.id, f.draft_span.start, f.draft_span.end, f.draft_span.text, new)


def _same_case(new: str, old: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


# --- list items: inserted into the draft's own enumeration ---------------------------------------------


def _first_hits(doc) -> dict[str, tuple[int, int]]:
    """Where each concept (and the broader concepts it implies) is first named."""
    out: dict[str, tuple[int, int]] = {}
    for h in doc._.concepts:
        out.setdefault(h.id, (h.start_char, h.end_char))
        for broader in concepts()[h.id].broader:
            out.setdefault(broader, (h.start_char, h.end_char))
    return out


def _list_items(f: Finding, pair: PairResult) -> Suggestion | None:
    requires = getattr(pair.model.provision, "requires", None)
    name = f.key.split(":-", 1)[0]
    lst = next((x for x in (requires.lists if requires else []) if x.name == name), None)
    if lst is None or not pair.drafts:
        return None
    draft_text, model_text = pair.draft_text(), pair.model.text()
    d_doc = analyse(draft_text)
    d_has, m_has = _first_hits(d_doc), _first_hits(analyse(model_text))
    missing = [i for i in lst.items if i not in d_has]
    if not missing:
        return None
    present = _items_in_busiest_sentence(d_doc, {i: d_has[i] for i in lst.items if i in d_has})
    if not present:
        return None
    phrases = [model_text[m_has[i][0]:m_has[i][1]] if i in m_has else _phrase(i) for i in missing]
    at, words = _insertion_point(lst.items, missing[0], present, draft_text, phrases, _conjunction(model_text, m_has, lst.items))
    unit, local = _unit_at(pair.drafts, at)
    return Suggestion(f.id, "insert", unit.id, local, local, "", words)


def _phrase(concept_id: str) -> str:
    c = concepts().get(concept_id)
    return c.phrases[0] if c and c.phrases else concept_id.replace("-", " ")


def _items_in_busiest_sentence(doc, spans: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The list items named in the draft sentence that names most of them."""
    best: dict[str, tuple[int, int]] = {}
    for sent in doc.sents:
        here = {i: s for i, s in spans.items() if sent.start_char <= s[0] < sent.end_char}
        if len(here) > len(best):
            best = here
    return best


def _conjunction(model_text: str, m_has: dict, items: list[str]) -> str:
    """'or' when the model's list ends with 'or' ("modify or revoke"), else 'and'."""
    named = sorted(m_has[i] for i in items if i in m_has)
    if len(named) >= 2 and re.search(r"\bor\b", model_text[named[-2][1]:named[-1][0]]):
        return "or"
    return "and"


def _clusters(present: dict[str, tuple[int, int]], text: str) -> list[list[tuple[int, int]]]:
    """Present items grouped into enumerations: two items belong together when only a short
    separator (", ", " and ", " of goods, the ") stands between them."""
    spans = sorted(present.values())
    groups: list[list[tuple[int, int]]] = []
    for span in spans:
        if groups and len(text[groups[-1][-1][1]:span[0]]) <= LIST_SEPARATOR_MAX and not re.search(r"[.;:]", text[groups[-1][-1][1]:span[0]]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _insertion_point(items: list[str], first_missing: str, present: dict[str, tuple[int, int]], text: str,
                     phrases: list[str], conj: str) -> tuple[int, str]:
    """Where the missing items go and the words to insert, so that the list still reads:
    after the item that precedes them in the model ("transit, brokering services and transhipment"
    when that item closes the draft's list), or before the first item of the list."""
    k = items.index(first_missing)
    previous = next((present[i] for i in reversed(items[:k]) if i in present), None)
    groups = _clusters(present, text)
    if previous is None:
        group = groups[0]
        joined = ", ".join(phrases)
        return group[0][0], (f"{joined}, " if len(group) > 1 else f"{joined} {conj} ")
    group = next(g for g in groups if previous in g)
    idx = group.index(previous)
    listed = ", " + ", ".join(phrases)
    if len(group) == 1:
        return previous[1], f" {conj} " + f" {conj} ".join(phrases)
    if idx == len(group) - 1:  # the item closes the list: the new items go before its conjunction
        before = group[idx - 1][1]
        m = re.search(rf",?\s+(and|or)\s", text[before:previous[0]])
        return (before + m.start() if m else previous[1]), listed
    after = text[previous[1]:group[idx + 1][0]]
    m = re.search(r",|\s+(and|or)\s", after)
    return previous[1] + (m.start() if m else 0), listed


def _unit_at(units: list[Unit], offset: int) -> tuple[Unit, int]:
    """The unit of a pair's joined draft text ("\\n" between units) an offset falls in."""
    pos = 0
    for u in units:
        length = len(u.text())
        if offset <= pos + length:
            return u, offset - pos
        pos += length + 1
    return units[-1], len(units[-1].text())


# --- missing provisions: the model's wording as new paragraphs -------------------------------------------


def nearest_implemented(comparison: Comparison) -> dict[str, tuple[str, bool]]:
    """For each missing model unit: the draft unit implementing its nearest neighbour in the
    model, and whether the missing one goes before it (no implemented neighbour precedes)."""
    implemented = [(i, p.drafts[-1].id, p.drafts[0].id) for i, p in enumerate(comparison.pairs) if p.drafts]
    out: dict[str, tuple[str, bool]] = {}
    for i, pair in enumerate(comparison.pairs):
        if pair.drafts:
            continue
        before = [last for k, last, _ in implemented if k < i]
        after = [first for k, _, first in implemented if k > i]
        if before:
            out[pair.model.id] = (before[-1], False)
        elif after:
            out[pair.model.id] = (after[0], True)
    return out


def _new_provision(f: Finding, pair: PairResult, comparison: Comparison) -> Suggestion | None:
    anchor = nearest_implemented(comparison).get(pair.model.id)
    if anchor is None:
        return None
    unit_id, before = anchor
    unit = pair.model
    lines = unit.text().split("\n")
    marker = unit.provision.marker if unit.provision is not unit.article else ""
    if marker and lines and _draft_uses_markers(comparison, unit_id):
        lines[0] = f"{marker} {lines[0]}"
    siblings = [p for p in comparison.pairs if p.model.article is unit.article]
    whole_article = all(not p.drafts for p in siblings)
    heading = unit.article.heading if whole_article and siblings[0] is pair else ""
    if whole_article:
        unit_id = _article_edge(comparison, unit_id, first=before)
    return Suggestion(f.id, "paragraphs", unit_id, 0, 0, "", "\n".join(lines), heading=heading, before=before,
                      source=unit.article.label if heading else unit.label)


def _draft_uses_markers(comparison: Comparison, unit_id: str) -> bool:
    """Whether the draft provision beside the new one is numbered ("(3)"); definitions are not."""
    found = next((u for u in comparison.draft.units() if u.id == unit_id), None)
    return found is not None and bool(found.provision.marker) and found.provision.kind != "definition"


def _article_edge(comparison: Comparison, unit_id: str, first: bool) -> str:
    """The first or last unit of the draft article a unit belongs to: a missing section goes
    between sections, not between the subsections of its neighbour."""
    units = comparison.draft.units()
    unit = next((u for u in units if u.id == unit_id), None)
    if unit is None:
        return unit_id
    same = [u for u in units if u.article is unit.article]
    return (same[0] if first else same[-1]).id
