"""Comparison: an `Alignment` -> findings that say how the law differs, with evidence.

For every model unit and its draft counterpart(s), the checks of `drafting.checks` run on the
analysed texts, with the model's requirements as the reference where the model set states them
and the model's own wording otherwise (modality, numbers, lists, actors, triggers, definitions,
exemptions, omissions, cross-references; wording-only differences apart). Each finding has a
kind, a severity, a direction (weaker / stricter / different), a message a drafter understands,
and character spans in the model and draft texts (see `drafting.findings`).

Each model unit gets a status: covered, stricter, divergent, gap — or not assessable, when the
draft says it is an excerpt and has nothing for the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from drafting.align import Alignment, Link, Match, align, document_language, not_read, unit_wordings
from drafting.checks.actors import ACTIVITY_OF, check_actors
from drafting.checks.context import first_words, make_context
from drafting.checks.definitions import check_definition, pointer_of
from drafting.checks.exemptions import check_exemptions
from drafting.checks.lists import check_lists
from drafting.checks.modality import check_modality
from drafting.checks.numbers import check_numbers
from drafting.checks.omissions import check_omissions
from drafting.checks.references import DraftIndex, check_references
from drafting.checks.triggers import check_triggers
from drafting.checks.wording import check_wording, normalise_wording
from drafting.diff import DiffOp, word_diff
from drafting.findings import KIND_TITLES, SEVERITY_ORDER, STATUS_TEXT, STATUSES, SUBSTANTIVE_KINDS, Finding, Span, status_of
from drafting.modelset import ModelSet, Requirements
from drafting.nlp import analyse, defined_term
from drafting.tree import Document, Unit

__all__ = ["KIND_TITLES", "SEVERITY_ORDER", "STATUSES", "STATUS_TEXT", "SUBSTANTIVE_KINDS", "Comparison", "Finding", "NationalOnly",
           "PairResult", "Span", "compare", "compare_pair", "normalise_wording"]


@dataclass
class PairResult:
    """A model unit, its counterparts, and what the comparison found."""

    model: Unit
    links: list[Link]
    status: str  # see drafting.findings.STATUSES
    findings: list[Finding] = field(default_factory=list)

    @cached_property
    def redline(self) -> list[DiffOp]:
        """The word-level diff from the model text to the draft text (computed when first shown)."""
        return word_diff(self.model.text(), self.draft_text()) if self.links else []

    @property
    def drafts(self) -> list[Unit]:
        return [link.draft for link in self.links]

    @property
    def score(self) -> float:
        return max((link.score for link in self.links), default=0.0)

    @property
    def uncertain(self) -> bool:
        """The pairing itself is uncertain (no link at least 80% likely to be right)."""
        return bool(self.links) and all(link.uncertain for link in self.links)

    def draft_text(self) -> str:
        return "\n".join(u.text() for u in self.drafts)


@dataclass
class NationalOnly:
    unit: Unit
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Comparison:
    model: ModelSet
    draft: Document
    pairs: list[PairResult]
    national_only: list[NationalOnly]
    notes: list[str] = field(default_factory=list)  # about the comparison as a whole, after the draft's own notes

    @property
    def all_notes(self) -> list[str]:
        """What the reader is told before the results: the draft's notes (an excerpt, a table of
        contents left out), then the comparison's (a language it cannot read)."""
        return list(self.draft.notes) + self.notes

    def findings(self) -> list[Finding]:
        out = [f for p in self.pairs for f in p.findings]
        out += [f for n in self.national_only for f in n.findings]
        return out

    def pair_for(self, model_id: str) -> PairResult | None:
        return next((p for p in self.pairs if p.model.id == model_id), None)


def compare_pair(model: ModelSet, unit: Unit, drafts: list[Unit], draft: Document | None = None) -> PairResult:
    """Compare one model unit with given draft units (no alignment): for tests and tools."""
    index = DraftIndex.of(draft, with_concepts=False)  # `draft` resolves cross-references; the drafts are what is compared
    return _compare_match(model, Match(unit, [Link(d, 1.0, confidence=1.0) for d in drafts]), index)


def compare(model: ModelSet, draft: Document, alignment: Alignment | None = None) -> Comparison:
    """Align (unless given an alignment) and compare every pair."""
    if not_read(draft):
        return _not_read(model, draft)
    alignment = alignment or align(model, draft)
    index = DraftIndex.of(draft)
    for match in alignment.matches:
        for link in match.links:
            index.paired.setdefault(link.draft.id, set()).add(match.model.id)
    analyse_pairs(alignment.matches)
    pairs = [_compare_match(model, match, index) for match in alignment.matches]
    national = [NationalOnly(unit, check_references(unit, index)) for unit in alignment.national_only]
    _once_per_text(pairs, national)
    return Comparison(model, draft, pairs, national)


def _not_read(model: ModelSet, draft: Document) -> Comparison:
    """A draft in a language the comparison recognises but cannot read: every model provision not
    assessable (not a gap: its counterpart may well be there), and a note that says why."""
    from drafting.language import NAMES, not_read_note

    language = document_language(draft)
    name = NAMES.get(language, "its language")
    pairs = []
    for unit in model.units():
        message = f"{unit.label} could not be compared: the draft is in {name}, which the comparison cannot read yet."
        finding = Finding("unassessed", "info", "", message, unit.id, "", None, None, "language-not-read")
        pairs.append(PairResult(unit, [], "not-assessable", [finding]))
    return Comparison(model, draft, pairs, [], [not_read_note(language)])


def analyse_pairs(matches) -> None:
    """Analyse the joined draft texts of every pair in one batch, before the checks read them one
    by one (spaCy's pipe is much faster on many texts than one call per text)."""
    from drafting.checks.context import joined_text
    from drafting.nlp import analyse_many

    joined = [match.links for match in matches if len(match.links) > 1]
    if joined:
        analyse_many([joined_text([link.draft for link in links]) for links in joined],
                     [links[0].draft.language or "" for links in joined])


def _once_per_text(pairs: list[PairResult], national: list[NationalOnly]) -> None:
    """A provision missing from an excerpt is said once, where it is first cited."""
    seen: set[str] = set()
    for holder in [*pairs, *national]:
        kept = []
        for f in holder.findings:
            if f.kind == "unassessed" and f.key.startswith("absent:"):
                if f.key in seen:
                    continue
                seen.add(f.key)
            kept.append(f)
        holder.findings = kept


# --- one pair --------------------------------------------------------------------------------------------

CHECKS = (check_modality, check_numbers, check_exemptions, check_omissions)
REQUIREMENT_CHECKS = (check_lists, check_actors, check_triggers)

# A pairing less likely than this to be right is not compared word by word. Set on the tuning
# data: links under 0.5 are right about one time in four (bench/align.py's reliability table);
# every planted divergence of the tuning acts that was found sits on a link of 0.34 or more; all
# 14 judged findings of real laws on links under 0.3 were wrong or unclear.
COMPARE_BELOW = 0.3


def _compare_match(model: ModelSet, match: Match, index: DraftIndex) -> PairResult:
    unit = match.model
    if match.is_gap:
        finding = _gap_finding(model, unit, index.partial)
        return PairResult(unit, [], status_of([finding], False, index.partial), [finding])
    if all(link.confidence < COMPARE_BELOW for link in match.links):
        finding = _too_uncertain(unit, match)
        return PairResult(unit, list(match.links), "not-assessable", [finding])
    requires: Requirements | None = getattr(unit.provision, "requires", None)
    ctx = make_context(unit, [link.draft for link in match.links], requires, model.kind == "official-act", index.partial,
                       model_concepts_on_elements(model, unit))
    by_reference = _definition_by_reference(ctx, index)
    if by_reference is not None:
        _rank(by_reference, model, unit)
        return PairResult(unit, list(match.links), status_of(by_reference, True), by_reference)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(ctx))
    if not (ctx.official and _only_options(ctx.m_doc, unit)):
        # An option the model leaves to the lawmaker ("A State may adopt ...") requires nothing:
        # leaving part of it out does not weaken the draft.
        for check in REQUIREMENT_CHECKS:
            findings.extend(check(ctx))
        findings.extend(check_definition(ctx, index.resolve))
    for d_unit in ctx.drafts:
        findings.extend(check_references(d_unit, index, model_id=unit.id))
    findings = _present_elsewhere(_drop_lists_said_by_actors(_drop_covered_omissions(_dedupe(findings))), ctx, index)
    findings = _not_in_the_excerpt(findings, ctx)
    findings = _not_the_whole_list(findings, match)
    if not any(f.substantive for f in findings):
        findings.extend(check_wording(ctx))
    _rank(findings, model, unit)
    if all(link.uncertain for link in match.links):
        for f in findings:
            f.provisional = f.kind in SUBSTANTIVE_KINDS
    return PairResult(unit, list(match.links), status_of(findings, True), findings)


def model_concepts_on_elements(model: ModelSet, unit: Unit) -> frozenset[str]:
    """The concepts the model names anywhere under the elements of `unit`: what a draft adds to a
    list is not wider than the model when the model has it in another provision on the same
    element ("disqualification" beside the prison term, where the model puts the denial of export
    privileges in its section on administrative penalties)."""
    table = model.derived.get("concepts_by_element")
    if table is None:
        table = model.derived["concepts_by_element"] = _concepts_by_element(model)
    return frozenset().union(*(table.get(e, frozenset()) for e in model.elements_of(unit)))


def _concepts_by_element(model: ModelSet) -> dict[str, frozenset[str]]:
    from drafting.checks.context import concept_spans
    from drafting.nlp import analyse_many

    table: dict[str, set[str]] = {}
    units = model.units()
    language = (units[0].language or None) if units else None
    for u, doc in zip(units, analyse_many([u.text() for u in units], language)):
        for element in model.elements_of(u):
            table.setdefault(element, set()).update(concept_spans(doc))
    return {e: frozenset(c) for e, c in table.items()}


def _present_elsewhere(findings: list[Finding], ctx, index: DraftIndex) -> list[Finding]:
    """A finding that the draft lacks something is dropped when the rest of the draft article has
    it ("re-export" in subsection (b) when subsection (a) was paired): the article as a whole keeps
    the rule, unless those words are another model provision's counterpart (`DraftIndex.concepts_around`)."""
    nearby = index.concepts_around(ctx.drafts, ctx.unit.id)
    return [f for f in findings if not (f.missing and set(f.missing) <= nearby)]


def _not_in_the_excerpt(findings: list[Finding], ctx) -> list[Finding]:
    """What the draft is said to lack may be in the part of it the text provided leaves out ("(1)
    [... chapeau not retrieved ...]"): such findings give way to one note that says so."""
    incomplete = next((u for u in ctx.drafts if u.incomplete), None)
    absent = [f for f in findings if _says_absent(f)]
    if incomplete is None or not absent:
        return findings
    msg = (f"Part of {incomplete.label} is missing from the text provided (marked “[…]”): what the model requires "
           "here could not be checked in full.")
    note = ctx.finding("unassessed", "", msg, f"incomplete:{incomplete.id}", None, None, severity="info")
    return [f for f in findings if not _says_absent(f)] + [note]


def _says_absent(finding: Finding) -> bool:
    """The finding says the draft lacks something (a concept, a sentence, a figure)."""
    return bool(finding.missing) or finding.kind == "omission" or finding.key.startswith("missing:")


def _definition_by_reference(ctx, index: DraftIndex) -> list[Finding] | None:
    """For a definition the draft gives only by pointing elsewhere: the findings to report (None
    when the draft's definition says what it means, and the usual checks apply).

    Another act's meaning ("has the same meaning as in Article 2" of the Regulation) is that act's
    definition: nothing to report. A section of the draft is followed when it is there; when the text
    provided is an excerpt without it, that is said once."""
    if not defined_term(ctx.unit, ctx.m_doc) or len(ctx.drafts) != 1:
        return None
    kind, number = pointer_of(ctx.draft_text, ctx.drafts[0].article.kind)
    if kind == "external":
        return []
    if kind == "internal" and not index.resolve(number):
        if not index.partial:
            return None  # a broken reference: drafting.checks.references reports it
        msg = f"The draft defines this term by reference to {ctx.drafts[0].article.kind} {number}, which is not in the text provided."
        return [ctx.finding("unassessed", "", msg, f"absent:{ctx.drafts[0].article.kind}:{number.lower()}", None, None, severity="info")]
    if kind == "internal":
        return check_definition(ctx, index.resolve)
    return None


def _only_options(doc, unit: Unit) -> bool:
    """Whether every rule of the unit (and of the chapeau of its article) is a "may"."""
    forces = {m.force for m in doc._.modals}
    if unit.article is not unit.provision and unit.article.text:
        forces |= {m.force for m in analyse(unit.article.text)._.modals}
    return bool(forces) and forces == {"permission"}


def _drop_covered_omissions(findings: list[Finding]) -> list[Finding]:
    """An omitted sentence already explained by a sharper finding (a missing actor, a narrower
    trigger in that very sentence) is not reported twice."""
    sharp = [f.model_span for f in findings if f.kind != "omission" and f.model_span is not None]
    return [f for f in findings if f.kind != "omission" or f.model_span is None
            or not any(s.start < f.model_span.end and f.model_span.start < s.end for s in sharp)]


def _not_the_whole_list(findings: list[Finding], match: Match) -> list[Finding]:
    """A draft offence clause paired with the model's provision only for its wording ("commits an
    offence", "shall be liable on conviction") implements an offence, not the model's whole list
    of them: what it lacks of the list may be in the draft's other offence clauses, which this
    pairing cannot tell, so neither the items it lacks nor "nothing corresponding" is reported.
    (A statement of purpose paired by its wording is the act's own: its list of activities is compared.)"""
    if not match.links or any(link.basis != "wording" or not unit_wordings(link.draft) & {"offence", "penalty"} for link in match.links):
        return findings
    return [f for f in findings if not (f.kind == "list" and f.direction == "weaker" or f.kind == "omission")]


def _drop_lists_said_by_actors(findings: list[Finding]) -> list[Finding]:
    """"Brokering is missing from the list of activities" says again what "the draft does not
    cover brokers" says of the same rule (records kept by exporters only): the actor is reported."""
    said = {ACTIVITY_OF[a] for f in findings if f.kind == "actor" for a in f.missing if a in ACTIVITY_OF}
    return [f for f in findings if not (f.kind == "list" and f.direction == "weaker" and f.missing and set(f.missing) <= said)]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per difference: the same kind on the same draft words is reported once."""
    seen, out = set(), []
    for f in findings:
        key = (f.kind, f.draft_id, f.draft_span.text if f.draft_span else f.key)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _too_uncertain(unit: Unit, match: Match) -> Finding:
    best = max(match.links, key=lambda link: link.confidence)
    message = (f"Paired with {join_labels([link.draft for link in match.links])}, but only about {round(100 * best.confidence)}% "
               "likely to be its counterpart: the words were not compared, because differences between provisions that may not "
               "correspond would mislead. Read them side by side and comment if they do correspond.")
    # provisional: a note for the reviewers, sent to the drafters only once a reviewer takes it up
    return Finding("unassessed", "info", "", message, unit.id, best.draft.id, None, None, "uncertain-pairing", provisional=True)


def join_labels(units: list[Unit]) -> str:
    labels = [u.label for u in units]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _gap_finding(model: ModelSet, unit: Unit, partial: bool) -> Finding:
    what = unit.heading() or first_words(unit.text())
    defines = defined_term(unit, analyse(unit.text()))
    if partial:
        message = (f"{unit.label} ({what}) has no counterpart in the text provided, which is an excerpt: "
                   "it may sit in a part that was not provided.")
        return Finding("unassessed", "info", "", message, unit.id, "", Span(0, len(unit.text()), unit.text()[:300]), None, "gap")
    if defines:
        message = f"The draft does not define “{defines}”: no counterpart to {unit.label} was found."
    else:
        message = f"No counterpart to {unit.label} ({what}) was found in the draft."
    f = Finding("gap", "", "weaker", message, unit.id, "", Span(0, len(unit.text()), unit.text()[:300]), None, "gap")
    _rank([f], model, unit)
    return f


# --- severity ------------------------------------------------------------------------------------------------

BASE_SEVERITY = {"modality": "high", "number": "high", "list": "high", "actor": "high", "trigger": "high", "definition": "medium",
                 "exemption": "medium", "reference": "medium", "wording": "info", "unassessed": "info"}
PRIORITY_SEVERITY = {"core": "high", "recommended": "medium", "optional": "low"}


def _rank(findings: list[Finding], model: ModelSet, unit: Unit) -> None:
    """Severity from the kind, lowered for stricter-than-model findings and for optional provisions."""
    priority = model.priority_of(unit)
    for f in findings:
        if f.severity:
            continue
        if f.kind == "gap":
            f.severity = PRIORITY_SEVERITY.get(priority, "medium")
            continue
        severity = BASE_SEVERITY.get(f.kind, "medium")
        if f.direction == "stricter":
            severity = "low"
        elif priority == "optional" and severity == "high":
            severity = "medium"
        f.severity = severity

