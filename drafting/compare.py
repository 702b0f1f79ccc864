"""Comparison: an `Alignment` -> findings that say how the law differs, with evidence.

For every model unit and its draft counterpart(s) the checks below run on the analysed texts
(see `drafting.nlp`), with the model's requirements as the reference where the model set
states them and the model's own wording otherwise:

    modality     "may" where the model says "shall", "shall endeavour", negation changes
    number       shorter periods, lower ceilings, longer validity (direction from the model)
    list         items missing from (or added to) an enumeration
    actor        the rule binds fewer persons
    trigger      narrower or wider knowledge triggers and end uses
    definition   a defined term covering less
    exemption    exceptions the draft adds
    reference    cross-references to provisions the draft does not have
    wording      only punctuation, capitals, spelling or numbering differ (non-substantive)
    gap          no counterpart at all

Each finding has a kind, a severity, a direction (weaker / stricter / different), a message a
drafter understands, and character spans in the model and draft texts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from drafting.align import Alignment, Link, Match, align
from drafting.diff import DiffOp, word_diff
from drafting.modelset import ModelSet, Requirements
from drafting.nlp import Modal, Quantity, analyse, content_lemmas
from drafting.tree import Document, Unit
from drafting.vocabulary import concepts

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
}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


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

    @property
    def substantive(self) -> bool:
        return self.kind in SUBSTANTIVE_KINDS

    @property
    def id(self) -> str:
        """Stable across runs: the same difference in the same provisions keeps its id."""
        raw = f"{self.kind}|{self.model_id}|{self.draft_id}|{self.key}"
        return "f-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


@dataclass
class PairResult:
    """A model unit, its counterparts, and what the comparison found."""

    model: Unit
    links: list[Link]
    status: str  # covered | divergent | gap
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

    def findings(self) -> list[Finding]:
        out = [f for p in self.pairs for f in p.findings]
        out += [f for n in self.national_only for f in n.findings]
        return out

    def pair_for(self, model_id: str) -> PairResult | None:
        return next((p for p in self.pairs if p.model.id == model_id), None)


def compare_pair(model: ModelSet, unit: Unit, drafts: list[Unit], draft: Document | None = None) -> PairResult:
    """Compare one model unit with given draft units (no alignment): for tests and tools."""
    labels = _labels_in(draft) if draft is not None else {"article": set()}
    return _compare_match(model, Match(unit, [Link(d, 1.0) for d in drafts]), labels)


def compare(model: ModelSet, draft: Document, alignment: Alignment | None = None) -> Comparison:
    """Align (unless given an alignment) and compare every pair."""
    alignment = alignment or align(model, draft)
    draft_labels = _labels_in(draft)
    pairs = [_compare_match(model, match, draft_labels) for match in alignment.matches]
    national = []
    for unit in alignment.national_only:
        national.append(NationalOnly(unit, check_references(unit, draft_labels)))
    return Comparison(model, draft, pairs, national)


# --- one pair --------------------------------------------------------------------------------------------


def _compare_match(model: ModelSet, match: Match, draft_labels) -> PairResult:
    unit = match.model
    if match.is_gap:
        return PairResult(unit, [], "gap", [_gap_finding(model, unit)])
    model_text = unit.text()
    draft_units = [link.draft for link in match.links]
    draft_text = "\n".join(u.text() for u in draft_units)
    requires: Requirements | None = getattr(unit.provision, "requires", None)
    m_doc, d_doc = analyse(model_text), analyse(draft_text)
    ctx = _Context(unit, draft_units, model_text, draft_text, m_doc, d_doc, requires, model.kind == "official-act")
    findings: list[Finding] = []
    checks = [check_modality, check_numbers, check_exemptions, check_omissions]
    if not (ctx.official and _only_options(m_doc, unit)):
        # An option the model leaves to the lawmaker ("A State may adopt ...") requires nothing:
        # leaving part of it out does not weaken the draft.
        checks += [check_lists, check_actors, check_triggers, check_definition]
    for check in checks:
        findings.extend(check(ctx))
    for d_unit in draft_units:
        findings.extend(check_references(d_unit, draft_labels, model_id=unit.id))
    findings = _drop_covered_omissions(_dedupe(findings))
    if not any(f.substantive for f in findings):
        findings.extend(check_wording(ctx))
    _rank(findings, model, unit)
    status = "divergent" if any(f.substantive and f.direction in ("weaker", "different", "") for f in findings) else "covered"
    return PairResult(unit, list(match.links), status, findings)


def _drop_covered_omissions(findings: list[Finding]) -> list[Finding]:
    """An omitted sentence already explained by a sharper finding (a missing actor, a narrower
    trigger in that very sentence) is not reported twice."""
    sharp = [f.model_span for f in findings if f.kind != "omission" and f.model_span is not None]
    return [f for f in findings if f.kind != "omission" or f.model_span is None
            or not any(s.start < f.model_span.end and f.model_span.start < s.end for s in sharp)]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per difference: the same kind on the same draft words is reported once."""
    seen, out = set(), []
    for f in findings:
        key = (f.kind, f.draft_id, f.draft_span.text if f.draft_span else f.key)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass
class _Context:
    unit: Unit
    drafts: list[Unit]
    model_text: str
    draft_text: str
    m_doc: object
    d_doc: object
    requires: Requirements | None
    official: bool  # the model is an official act (no stated requirements)

    @cached_property
    def m_has(self) -> dict[str, tuple[int, int]]:
        """Concepts the model text names (with where), computed once for all the checks."""
        return _concept_spans(self.m_doc)

    @cached_property
    def d_has(self) -> dict[str, tuple[int, int]]:
        return _concept_spans(self.d_doc)

    def draft_unit_at(self, offset: int) -> tuple[Unit, int]:
        """Which draft unit a character offset of the joined draft text falls in, and the offset inside it."""
        pos = 0
        for u in self.drafts:
            length = len(u.text())
            if offset <= pos + length:
                return u, offset - pos
            pos += length + 1
        return self.drafts[-1], 0

    def draft_span(self, start: int, end: int) -> tuple[str, Span]:
        u, local = self.draft_unit_at(start)
        return u.id, Span(local, local + (end - start), self.draft_text[start:end])

    def model_span(self, start: int, end: int) -> Span:
        return Span(start, end, self.model_text[start:end])

    def finding(self, kind: str, direction: str, message: str, key: str, m: tuple[int, int] | None = None,
                d: tuple[int, int] | None = None, severity: str = "") -> Finding:
        draft_id, d_span = self.draft_span(*d) if d else (self.drafts[0].id, None)
        return Finding(kind, severity, direction, message, self.unit.id, draft_id, self.model_span(*m) if m else None, d_span, key)


def _gap_finding(model: ModelSet, unit: Unit) -> Finding:
    what = unit.heading() or _first_words(unit.text())
    defines = analyse(unit.text())._.defines or _phrase(getattr(unit.provision, "defines", ""))
    if defines:
        message = f"The draft does not define “{defines}”: no counterpart to {unit.label} was found."
    else:
        message = f"No counterpart to {unit.label} ({what}) was found in the draft."
    f = Finding("gap", "", "weaker", message, unit.id, "", Span(0, len(unit.text()), unit.text()[:300]), None, "gap")
    _rank([f], model, unit)
    return f


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


# --- sentences -----------------------------------------------------------------------------------------------


def _sentences(doc) -> list[tuple[int, int, set[str]]]:
    out = []
    for sent in doc.sents:
        lemmas = set(content_lemmas(doc, sent.start, sent.end))
        out.append((sent.start_char, sent.end_char, lemmas))
    return out


def _best_sentence(lemmas: set[str], candidates: list[tuple[int, int, set[str]]]) -> tuple[int, float]:
    best, score = -1, 0.0
    for i, (_, _, other) in enumerate(candidates):
        if not lemmas or not other:
            continue
        s = len(lemmas & other) / len(lemmas | other)
        if s > score:
            best, score = i, s
    return best, score


def _only_options(doc, unit: Unit) -> bool:
    """Whether every rule of the unit (and of the chapeau of its article) is a "may"."""
    forces = {m.force for m in doc._.modals}
    if unit.article is not unit.provision and unit.article.text:
        forces |= {m.force for m in analyse(unit.article.text)._.modals}
    return bool(forces) and forces == {"permission"}


# --- omissions ---------------------------------------------------------------------------------------

OMISSION_KINDS = ("criterion", "licence", "record", "activity", "end-use", "power", "exemption", "penalty")
OMISSION_SIMILARITY = 0.3


def check_omissions(ctx: _Context) -> list[Finding]:
    """A binding sentence of the model with no counterpart sentence in the draft, about something
    (an internal compliance programme, an end-use statement...) the draft never mentions."""
    out = []
    d_sents = _sentences(ctx.d_doc)
    d_has = ctx.d_has
    for start, end, lemmas in _sentences(ctx.m_doc):
        modals = [m for m in ctx.m_doc._.modals if start <= m.start_char < end]
        if not modals or all(m.force == "permission" for m in modals):
            continue
        if _addressed_to_supranational(ctx.m_doc, start, end):
            continue  # EU-internal machinery (the Commission, Member States) does not transpose
        _, sim = _best_sentence(lemmas, d_sents)
        if sim >= OMISSION_SIMILARITY:
            continue
        absent = [h for h in ctx.m_doc._.concepts if start <= h.start_char < end and h.kind in OMISSION_KINDS
                  and h.id not in d_has and h.id not in GENERIC_CONCEPTS]
        if not absent:
            continue
        sentence = ctx.model_text[start:end].strip()
        msg = f"The draft has nothing corresponding to this part of the model: “{_first_words(sentence, 25)}”"
        out.append(ctx.finding("omission", "weaker", msg, f"omit@{start}", (start, end), _draft_anchor(ctx)))
    return out


GENERIC_CONCEPTS = {"licence", "export", "any-person", "competent-authority", "dual-use-items"}


def _addressed_to_supranational(doc, start: int, end: int) -> bool:
    """The sentence's subject (its first words) is a supranational body or the Member States."""
    return any(h.kind == "supranational" and h.start_char < start + 40 for h in doc._.concepts if start <= h.start_char < end)


# --- modality ----------------------------------------------------------------------------------------------------

STRENGTH = {"obligation": 3, "prohibition": 3, "hedged": 2, "permission": 1}
MODAL_WORDS = {"obligation": "an obligation (“shall”)", "prohibition": "a prohibition (“shall not”)", "permission": "a discretion (“may”)",
               "hedged": "a qualified duty (“shall endeavour”, “where practicable”)"}
SENTENCE_MATCH_MIN = 0.2


def _force(m: Modal) -> str:
    return "hedged" if m.hedged and m.force == "obligation" else m.force


def check_modality(ctx: _Context) -> list[Finding]:
    """Each model sentence's force against the force of the draft sentence that matches it.

    The two modals are compared only when they govern the same action (the same verb follows
    them) or the sentences are close paraphrases: "An authorisation shall be required" and
    "No goods shall be exported without a licence" say the same thing in different forms.
    """
    out: list[Finding] = []
    m_sents, d_sents = _sentences(ctx.m_doc), _sentences(ctx.d_doc)
    m_modals, d_modals = ctx.m_doc._.modals, ctx.d_doc._.modals
    for (s_start, s_end), (d_start, d_end), sim in _pair_sentences(m_sents, d_sents):
        in_sent = [m for m in m_modals if s_start <= m.start_char < s_end]
        draft_in = [m for m in d_modals if d_start <= m.start_char < d_end]
        if not in_sent or not draft_in:
            continue
        model_modal, draft_modal = in_sent[0], draft_in[0]
        mf, df = _force(model_modal), _force(draft_modal)
        if mf == df:
            continue
        same_verb = _governed_verb(ctx.m_doc, model_modal) == _governed_verb(ctx.d_doc, draft_modal)
        same_object = bool(_predicate(ctx.m_doc, model_modal) & _predicate(ctx.d_doc, draft_modal))
        if not (same_verb or same_object or sim >= CLOSE_PARAPHRASE):
            continue
        if {mf, df} == {"obligation", "prohibition"}:
            if not same_verb:
                continue  # the same rule put positively or negatively
            direction, msg = "different", (
                f"The draft turns {MODAL_WORDS[mf]} into {MODAL_WORDS[df]}: “{draft_modal.text}” where the model says “{model_modal.text}”."
            )
        elif STRENGTH[df] < STRENGTH[mf]:
            direction = "weaker"
            msg = (f"The draft says “{draft_modal.text}” where the model says “{model_modal.text}”: "
                   f"{MODAL_WORDS[mf]} becomes {MODAL_WORDS[df]}.")
        else:
            direction = "stricter"
            msg = (f"The draft says “{draft_modal.text}” where the model says “{model_modal.text}”: "
                   f"{MODAL_WORDS[mf]} becomes {MODAL_WORDS[df]} (stricter than the model).")
        out.append(ctx.finding("modality", direction, msg, f"{mf}>{df}@{model_modal.start_char}",
                               (model_modal.start_char, model_modal.end_char), (draft_modal.start_char, draft_modal.end_char)))
    return out


def _pair_sentences(m_sents, d_sents, minimum: float = SENTENCE_MATCH_MIN):
    """Model and draft sentences paired one to one, most similar first."""
    candidates = []
    for a, (_, _, ml) in enumerate(m_sents):
        for b, (_, _, dl) in enumerate(d_sents):
            if ml and dl:
                sim = len(ml & dl) / len(ml | dl)
                if sim >= minimum:
                    candidates.append((sim, a, b))
    used_m, used_d, out = set(), set(), []
    for sim, a, b in sorted(candidates, reverse=True):
        if a in used_m or b in used_d:
            continue
        used_m.add(a)
        used_d.add(b)
        out.append(((m_sents[a][0], m_sents[a][1]), (d_sents[b][0], d_sents[b][1]), sim))
    return sorted(out)


CLOSE_PARAPHRASE = 0.5
AUXILIARIES = {"not", "be", "also", "only", "nevertheless", "however", "in", "no", "n't", "have", "been"}


def _predicate(doc, modal: Modal, width: int = 14) -> set[str]:
    """Content words of what the modal governs (the next few words of its sentence)."""
    start = next((t.i for t in doc if t.idx >= modal.end_char), len(doc))
    end = min(len(doc), start + width, doc[start].sent.end if start < len(doc) else len(doc))
    later = [t.i for t in doc[start:end] if t.lower_ in ("shall", "may", "must")]
    end = later[0] if later else end  # stop where the next rule begins
    return {w for w in content_lemmas(doc, start, end) if w not in GENERIC_WORDS}


GENERIC_WORDS = {"C:dual-use-items", "C:any-person", "C:competent-authority", "item", "good", "person", "authority", "competent"}


def _governed_verb(doc, modal: Modal) -> str:
    """The lemma of the verb a modal governs ("shall keep" -> keep; "shall be required" -> require)."""
    token = next((t for t in doc if t.idx >= modal.end_char), None)
    steps = 0
    while token is not None and steps < 4 and (token.lower_ in AUXILIARIES or token.is_punct):
        token = doc[token.i + 1] if token.i + 1 < len(doc) else None
        steps += 1
    return token.lemma_ if token is not None else ""


# --- numbers ---------------------------------------------------------------------------------------------------------

PENALTY_CONTEXT = re.compile(r"\b(imprison\w*|fine[sd]?|penalt\w*|sentence|custod\w*|jail)\b", re.I)
UNIT_NAMES = {"year": "years", "month": "months", "week": "weeks", "day": "days", "working day": "working days", "hour": "hours",
              "percent": "per cent", "currency": "", "penalty unit": "penalty units", "count": ""}


def _family(q: Quantity) -> str:
    return "time" if q.in_days is not None else q.unit


def _comparable(q: Quantity) -> float:
    return q.in_days if q.in_days is not None else q.value


def _direction_of(q: Quantity, text: str, requires: Requirements | None) -> str:
    if requires:
        for rn in requires.numbers:
            if abs(rn.value - q.value) < 1e-6 and (rn.unit == q.unit or _family(q) == "time" and rn.unit in UNIT_NAMES and rn.unit != "currency"):
                return rn.direction
    window = text[max(0, q.start_char - 80):q.end_char + 20]
    if PENALTY_CONTEXT.search(window):
        return "at-least"  # a lower maximum penalty is a weaker penalty
    return q.qualifier


def check_numbers(ctx: _Context) -> list[Finding]:
    """Each figure of the model against the draft's figure of the same kind (time, money...)."""
    out: list[Finding] = []
    m_quants, d_quants = ctx.m_doc._.quantities, ctx.d_doc._.quantities
    if not m_quants:
        return out
    used: set[int] = set()
    unmatched = []
    for mq in m_quants:  # first the figures the draft keeps unchanged
        same = next((i for i, dq in enumerate(d_quants) if i not in used and _family(dq) == _family(mq)
                     and abs(_comparable(dq) - _comparable(mq)) < 1e-6 * max(1.0, _comparable(mq))), None)
        if same is None:
            unmatched.append(mq)
        else:
            used.add(same)
    m_sents, d_sents = _sentences(ctx.m_doc), _sentences(ctx.d_doc)
    for mq in unmatched:  # then each changed figure, looked for in the matching draft sentence
        direction = _direction_of(mq, ctx.model_text, ctx.requires)
        candidates = [i for i, dq in enumerate(d_quants) if _family(dq) == _family(mq) and i not in used]
        if not candidates:
            if ctx.requires and any(abs(rn.value - mq.value) < 1e-6 for rn in ctx.requires.numbers):
                out.append(ctx.finding("number", "weaker", f"The model sets {mq.text} here; the draft states no such figure.",
                                       f"missing:{mq.text}", (mq.start_char, mq.end_char)))
            continue
        sent = next((lemmas for s, e, lemmas in m_sents if s <= mq.start_char < e), None)
        if sent is not None and d_sents and len(candidates) > 1:
            j, _ = _best_sentence(sent, d_sents)
            in_sent = [i for i in candidates if j >= 0 and d_sents[j][0] <= d_quants[i].start_char < d_sents[j][1]]
            candidates = in_sent or candidates
        i = candidates[0]
        dq = d_quants[i]
        used.add(i)
        lower = _comparable(dq) < _comparable(mq)
        if direction == "at-least":
            verdict = "weaker" if lower else "stricter"
        elif direction == "up-to":
            verdict = "stricter" if lower else "weaker"
        else:
            verdict = "different"
        what = {"weaker": "weaker than", "stricter": "stricter than", "different": "different from"}[verdict]
        bound = {"at-least": "a minimum", "up-to": "a maximum"}.get(direction, "the figure")
        msg = f"The draft says “{dq.text}” where the model sets {bound} of “{mq.text}”: {what} the model."
        out.append(ctx.finding("number", verdict, msg, f"{mq.text}>{dq.text}", (mq.start_char, mq.end_char), (dq.start_char, dq.end_char)))
    return out


# --- concepts: lists, actors, triggers, definitions ---------------------------------------------------------------


def _concept_spans(doc) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for h in doc._.concepts:
        out.setdefault(h.id, (h.start_char, h.end_char))
        for broader in concepts()[h.id].broader:
            out.setdefault(broader, (h.start_char, h.end_char))
    return out


def _phrase(cid: str) -> str:
    c = concepts().get(cid)
    return c.phrases[0] if c and c.phrases else cid.replace("-", " ")


def _join(items: list[str]) -> str:
    names = [_phrase(i) for i in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_lists(ctx: _Context) -> list[Finding]:
    out: list[Finding] = []
    m_has, d_has = ctx.m_has, ctx.d_has
    lists = list(ctx.requires.lists) if ctx.requires else []
    for lst in lists:
        missing = [i for i in lst.items if i not in d_has]
        if missing:
            first = m_has.get(missing[0])
            msg = f"{_join(missing).capitalize()} {'is' if len(missing) == 1 else 'are'} missing from the draft's list of {lst.name}."
            out.append(ctx.finding("list", "weaker", msg, f"{lst.name}:-{','.join(missing)}", first, _draft_anchor(ctx)))
        extra = _added_items(ctx, lst.items, m_has)
        if extra:
            msg = f"The draft adds {_join(extra)} to the list of {lst.name} (wider than the model)."
            out.append(ctx.finding("list", "stricter", msg, f"{lst.name}:+{','.join(sorted(extra))}", None,
                                   ctx.d_has[extra[0]], severity="low"))
    if not lists and ctx.official:
        out.extend(_enumeration_items_missing(ctx, d_has))
    return out


GENERIC_ITEMS = {"any-person", "competent-authority", "dual-use-items", "licence", "import"}


def _added_items(ctx: _Context, items: list[str], m_has: dict) -> list[str]:
    """Concepts of the list's family that the draft names beside the list's items (in the same
    sentence as at least two of them) and the model does not name at all."""
    kinds = {concepts()[i].kind for i in items if i in concepts()}
    added: list[str] = []
    for sent in ctx.d_doc.sents:
        here = {h.id for h in ctx.d_doc._.concepts if sent.start_char <= h.start_char < sent.end_char}
        if len(here & set(items)) < 2:
            continue
        added += [c for c in here if c not in items and c not in m_has and c not in GENERIC_ITEMS
                  and concepts()[c].kind in kinds and c not in added]
    return added


def _enumeration_items_missing(ctx: _Context, d_has: dict) -> list[Finding]:
    """For an official act used as the model: a point whose every concept is absent from the draft."""
    out = []
    unit = ctx.unit.provision
    offset = len(unit.text) + 1 if unit.text else 0
    for child in unit.children:
        child_text = child.full_text()
        start = ctx.model_text.find(child_text, offset) if child_text else -1
        if start < 0:
            continue
        offset = start + len(child_text)
        doc = analyse(child_text)
        ids = {h.id for h in doc._.concepts if h.kind in ("record", "activity", "actor", "criterion", "end-use", "exemption")}
        if ids and not (ids & set(d_has)):
            msg = f"Point {child.marker} of the model ({_first_words(child_text, 10)}) has no counterpart in the draft's list."
            out.append(ctx.finding("list", "weaker", msg, f"point:{child.number}", (start, start + len(child_text)), _draft_anchor(ctx)))
    return out


def _draft_anchor(ctx: _Context) -> tuple[int, int]:
    """Where to point in the draft when something is missing from it: its first sentence."""
    first = next(iter(ctx.d_doc.sents), None)
    return (first.start_char, first.end_char) if first is not None else (0, min(len(ctx.draft_text), 80))


DERIVED_ACTORS = ("exporter", "broker", "ta-provider")
ACTIVITY_OF = {"exporter": "export", "broker": "brokering", "ta-provider": "technical-assistance"}


EVERY_PERSON = re.compile(r"\b(no person|any person|every person|a person who|no one)\b", re.I)


def _binds_every_person(doc) -> bool:
    """The draft's rule is addressed to every person (so to brokers and providers too)."""
    return any(EVERY_PERSON.search(s.text) and any(m.start_char >= s.start_char and m.start_char < s.end_char for m in doc._.modals)
               for s in doc.sents)


def check_actors(ctx: _Context) -> list[Finding]:
    m_has, d_has = ctx.m_has, ctx.d_has
    if ctx.requires and ctx.requires.actors:
        required = list(ctx.requires.actors)
    elif ctx.official:
        required = [a for a in DERIVED_ACTORS if a in m_has]
    else:
        required = []
    # Stated requirements name persons; for an act used as the model, the activity that makes one
    # that person is enough ("applications for brokering authorisations" covers brokers).
    lenient = not (ctx.requires and ctx.requires.actors)
    # "No person shall provide technical assistance ..." binds every provider of it.
    everyone = _binds_every_person(ctx.d_doc)
    missing = [a for a in required if a not in d_has
               and not ((lenient or everyone) and ACTIVITY_OF.get(a) in d_has)]
    if not missing:
        return []
    msg = f"The draft does not cover {_join(missing)}: the model's rule applies to {_join(required)}."
    return [ctx.finding("actor", "weaker", msg, ",".join(missing), m_has.get(missing[0]), _draft_anchor(ctx))]


TRIGGER_RANK = {"knows": 1, "aware": 2, "suspects": 3}
END_USES = ("wmd-end-use", "military-end-use", "internal-repression", "human-rights-violations", "ihl-violations", "terrorism", "public-security")


def check_triggers(ctx: _Context) -> list[Finding]:
    out: list[Finding] = []
    m_has, d_has = ctx.m_has, ctx.d_has
    required = list(ctx.requires.triggers) if ctx.requires and ctx.requires.triggers else [t for t in ("informed", "aware", "knows", "suspects") if t in m_has]
    d_rank = max((TRIGGER_RANK[t] for t in TRIGGER_RANK if t in d_has), default=0)
    m_rank = max((TRIGGER_RANK[t] for t in required if t in TRIGGER_RANK), default=0)
    narrower = []
    for t in required:
        if t in d_has:
            continue
        if t in TRIGGER_RANK and d_rank >= TRIGGER_RANK[t]:
            continue
        narrower.append(t)
    if narrower:
        present = [t for t in ("informed", "aware", "knows", "suspects") if t in d_has]
        now = f"; the draft relies on {_join(present)} only" if present else ""
        anchor = d_has.get(present[0]) if present else _draft_anchor(ctx)
        if narrower == ["aware"] and "knows" in d_has:
            msg = ("The draft requires actual knowledge (“knows”) where the model says “is aware”: "
                   "usually read alike, but a court may read “knows” more narrowly.")
            out.append(ctx.finding("trigger", "weaker", msg, "aware>knows", m_has.get("aware"), d_has["knows"], severity="low"))
        else:
            msg = f"Narrower trigger: the draft omits {_join(narrower)}{now}."
            out.append(ctx.finding("trigger", "weaker", msg, "-" + ",".join(narrower), m_has.get(narrower[0]), anchor))
    if m_rank and d_rank > m_rank:
        wider = [t for t in TRIGGER_RANK if t in d_has and TRIGGER_RANK[t] > m_rank]
        msg = f"Wider trigger: the draft also applies where the person {_phrase(wider[0])} (stricter than the model)."
        out.append(ctx.finding("trigger", "stricter", msg, "+" + ",".join(wider), None, d_has[wider[0]], severity="low"))
    # End uses that trigger a catch-all control
    m_uses = [u for u in END_USES if u in m_has]
    if m_uses and (required or any(t in m_has for t in ("informed", "aware", "suspects"))):
        missing_uses = [u for u in m_uses if u not in d_has]
        if missing_uses and len(missing_uses) < len(m_uses) + 1:
            msg = f"Narrower scope: the draft does not cover {_join(missing_uses)}."
            out.append(ctx.finding("trigger", "weaker", msg, "uses-" + ",".join(missing_uses), m_has[missing_uses[0]], _draft_anchor(ctx)))
    return out


def check_definition(ctx: _Context) -> list[Finding]:
    term = ctx.m_doc._.defines or _phrase(getattr(ctx.unit.provision, "defines", ""))
    if not term:
        return []
    m_has, d_has = ctx.m_has, ctx.d_has
    defined = _term_concept(term)
    if ctx.requires and ctx.requires.terms:
        required = list(ctx.requires.terms)
    elif ctx.official and defined and concepts()[defined].kind == "activity":
        # An act used as the model states no requirements: for a controlled activity ("export"),
        # every other activity its definition names must be named by the draft's definition too.
        required = [c for c in m_has if concepts()[c].kind == "activity" and c != defined]
    else:
        required = []
    missing = [c for c in required if c not in d_has]
    if not missing:
        return []
    msg = f"The draft's definition of “{term}” is narrower: it leaves out {_join(missing)}."
    return [ctx.finding("definition", "weaker", msg, ",".join(missing), m_has.get(missing[0]), _draft_anchor(ctx))]


def _term_concept(term: str) -> str:
    """The vocabulary concept a defined term names ("" if none)."""
    hits = analyse(term)._.concepts
    return hits[0].id if hits else ""


EXEMPTION = re.compile(
    r"\b(shall not apply|does not apply|do not apply|is exempt\w*|are exempt\w*|exempted|exemption|except (?:where|when|for|that|in)|"
    r"save (?:where|for|that)|does not include|shall not include|excluding|shall not be required|exempt|"
    r"nothing in this (?:section|subsection|part|act|article|paragraph) (?:applies|shall apply))\b",
    re.I,
)


def check_exemptions(ctx: _Context) -> list[Finding]:
    m_count = len(EXEMPTION.findall(ctx.model_text))
    found = list(EXEMPTION.finditer(ctx.draft_text))
    if len(found) <= m_count:
        return []
    extra = found[m_count] if m_count else found[0]
    sentence = next((s for s in ctx.d_doc.sents if s.start_char <= extra.start() < s.end_char), None)
    span = (sentence.start_char, sentence.end_char) if sentence is not None else (extra.start(), extra.end())
    msg = f"The draft adds an exception (“{extra.group(0)}”) that the model does not have: check that it does not open a loophole."
    return [ctx.finding("exemption", "weaker", msg, f"{extra.group(0).lower()}@{len(found)}", None, span)]


# --- references (inside the draft) ------------------------------------------------------------------------


def _labels_in(draft: Document) -> dict[str, set[str]]:
    """Numbers of the draft's articles/sections, and of the first-level items of each."""
    out: dict[str, set[str]] = {"article": set()}
    for art in draft.articles():
        out["article"].add(art.number.lower())
        out[f"items:{art.number.lower()}"] = {c.number.lower() for c in art.children}
    return out


INTERNAL_TARGETS = ("article", "section", "regulation", "rule")


def check_references(unit: Unit, labels: dict[str, set[str]], model_id: str = "") -> list[Finding]:
    """Cross-references to articles/sections (or subsections of the same one) the draft does not have."""
    if not labels.get("article"):
        return []
    text = unit.text()
    out = []
    for ref in analyse(text)._.references:
        if ref.external or not ref.path:
            continue
        number = ref.path[0].lower()
        if ref.target == "subsection" and len(ref.path) >= 2:
            ref_target, number = "section", number  # "subsection 8(2)": subsection (2) of section 8
        else:
            ref_target = ref.target
        if ref_target in INTERNAL_TARGETS and unit.article.kind in ("article", "section", "regulation", "rule"):
            # Only the draft's own kind of provision: "Article 4" in an Act made of sections
            # usually means an article of another act (a regulation it implements).
            if ref_target != unit.article.kind:
                continue
            if number not in labels["article"] and number.isalnum():
                out.append(Finding("reference", "medium", "", f"{ref.text} is cited here but the draft has no {ref_target} {ref.path[0]}.",
                                   model_id, unit.id, None, Span(ref.start_char, ref.end_char, ref.text), f"ref:{ref.text}"))
        elif ref.target == "subsection" and unit.article.kind == "section":
            items = labels.get(f"items:{unit.article.number.lower()}", set())
            if items and number not in items:
                out.append(Finding("reference", "medium", "", f"{ref.text} is cited here but {unit.article.label} has no subsection ({ref.path[0]}).",
                                   model_id, unit.id, None, Span(ref.start_char, ref.end_char, ref.text), f"ref:{ref.text}"))
    return out


# --- non-substantive ---------------------------------------------------------------------------------------

SPELLING = [(r"isation", "ization"), (r"isations", "izations"), (r"ise\b", "ize"), (r"ised\b", "ized"), (r"ising\b", "izing"),
            (r"our\b", "or"), (r"ence\b", "ense"), (r"tranship", "transship"), (r"programme", "program"), (r"judgement", "judgment"),
            (r"\bwhilst\b", "while"), (r"\bamongst\b", "among"), (r"ae", "e")]


def normalise_wording(text: str) -> str:
    """Text with the differences that do not change the law taken out: case, punctuation,
    numbering markers, spacing, British/American spelling."""
    t = text.lower()
    t = re.sub(r"^\s*\(?[0-9a-z]{1,4}[.)]\s+", " ", t, flags=re.M)
    t = re.sub(r"[\"“”‘’'`]", "", t)
    for uk, us in SPELLING:
        t = re.sub(uk, us, t)
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


def check_wording(ctx: _Context) -> list[Finding]:
    """Texts that differ, but only in case, punctuation, spelling or numbering."""
    if ctx.model_text == ctx.draft_text:
        return []
    if normalise_wording(ctx.model_text) == normalise_wording(ctx.draft_text):
        return [ctx.finding("wording", "", "Only punctuation, capital letters, spelling or numbering differ; the rule is the same.",
                            "wording", None, None, severity="info")]
    return []


# --- severity ------------------------------------------------------------------------------------------------

BASE_SEVERITY = {"modality": "high", "number": "high", "list": "high", "actor": "high", "trigger": "high", "definition": "medium",
                 "exemption": "medium", "reference": "medium", "wording": "info"}
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
