"""What every check gets: one model unit, its draft counterparts, and the analysed texts of both.

The draft counterparts' texts are joined (one per line) into one draft text; a finding's draft
span is mapped back to the draft unit it falls in. Sentences, concepts and their places are
computed once per pair and shared by all the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from drafting.findings import Finding, Span
from drafting.modelset import Requirements
from drafting.nlp import analyse, content_lemmas
from drafting.tree import Unit
from drafting.vocabulary import concepts


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lemmas: frozenset[str]


@dataclass
class PairContext:
    unit: Unit
    drafts: list[Unit]
    model_text: str
    draft_text: str
    m_doc: object
    d_doc: object
    requires: Requirements | None
    official: bool  # the model is an official act (no stated requirements)
    partial: bool = False  # the draft is an excerpt
    model_elsewhere: frozenset[str] = frozenset()  # concepts the model names in its provisions on the same elements

    @cached_property
    def m_has(self) -> dict[str, tuple[int, int]]:
        """Concepts the model text names (with where), computed once for all the checks."""
        return concept_spans(self.m_doc)

    @cached_property
    def d_has(self) -> dict[str, tuple[int, int]]:
        return concept_spans(self.d_doc)

    @cached_property
    def m_sentences(self) -> list[Sentence]:
        return sentences(self.m_doc)

    @cached_property
    def d_sentences(self) -> list[Sentence]:
        """In another language than the model's, each draft sentence keeps only its concepts and the
        words the model uses too (figures, names): its own-language words can never match and would
        make every sentence look unlike the model's (as in alignment: drafting.align.features.within_vocabulary).
        The model's sentences keep all their words: what the draft lacks still shows."""
        own = sentences(self.d_doc)
        if not self.cross_lingual:
            return own
        shared = set().union(*(s.lemmas for s in self.m_sentences))
        return [Sentence(s.start, s.end, frozenset(t for t in s.lemmas if t in shared or t.startswith("C:"))) for s in own]

    @cached_property
    def incorporates(self) -> bool:
        """The draft takes content from another act by citing its articles ("for use in a manner
        specified in paragraph (a), (b) or (c) of Article 4.1"): what it does not spell out, it may
        have by reference, so lists and end uses it leaves out are not reported as missing."""
        own = {u.article.kind for u in self.drafts}
        return any(ref.target == "article" and (ref.external or "article" not in own) for ref in self.d_doc._.references)

    @property
    def cross_lingual(self) -> bool:
        return self.m_doc.lang_ != self.d_doc.lang_

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
                d: tuple[int, int] | None = None, severity: str = "", missing: tuple[str, ...] | list[str] = ()) -> Finding:
        draft_id, d_span = self.draft_span(*d) if d else (self.drafts[0].id, None)
        return Finding(kind, severity, direction, message, self.unit.id, draft_id, self.model_span(*m) if m else None, d_span, key,
                       tuple(missing))

    def draft_anchor(self) -> tuple[int, int]:
        """Where to point in the draft when something is missing from it: its first sentence."""
        first = next(iter(self.d_doc.sents), None)
        return (first.start_char, first.end_char) if first is not None else (0, min(len(self.draft_text), 80))

    def sentence_of(self, doc, offset: int) -> tuple[int, int]:
        for sent in doc.sents:
            if sent.start_char <= offset < sent.end_char:
                return sent.start_char, sent.end_char
        return 0, len(doc.text)


def joined_text(drafts: list[Unit]) -> str:
    """The draft counterparts of one model unit as one text, one unit a line."""
    return "\n".join(u.text() for u in drafts)


def make_context(unit: Unit, drafts: list[Unit], requires: Requirements | None, official: bool, partial: bool = False,
                 model_elsewhere: frozenset[str] = frozenset()) -> PairContext:
    model_text = unit.text()
    draft_text = joined_text(drafts)
    draft_doc = analyse(draft_text, drafts[0].language or None) if drafts else analyse(draft_text)
    return PairContext(unit, drafts, model_text, draft_text, analyse(model_text, unit.language or None), draft_doc, requires, official,
                       partial, model_elsewhere)


def sentences(doc) -> list[Sentence]:
    return [Sentence(s.start_char, s.end_char, frozenset(content_lemmas(doc, s.start, s.end))) for s in doc.sents]


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def best_sentence(lemmas: frozenset[str] | set[str], candidates: list[Sentence]) -> tuple[int, float]:
    best, score = -1, 0.0
    for i, sentence in enumerate(candidates):
        s = jaccard(lemmas, sentence.lemmas)
        if s > score:
            best, score = i, s
    return best, score


def concept_spans(doc) -> dict[str, tuple[int, int]]:
    """Every concept a text names (and the broader ones it falls under), with its first place."""
    out: dict[str, tuple[int, int]] = {}
    for h in doc._.concepts:
        out.setdefault(h.id, (h.start_char, h.end_char))
        for broader in concepts()[h.id].broader:
            out.setdefault(broader, (h.start_char, h.end_char))
    return out


def phrase(cid: str) -> str:
    """A concept as a reviewer reads it (its first English phrase)."""
    c = concepts().get(cid)
    return c.phrases[0] if c and c.phrases else cid.replace("-", " ")


def join(items: list[str], conjunction: str = "and") -> str:
    names = [phrase(i) for i in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def addressed_to_supranational(doc, start: int, end: int) -> bool:
    """The sentence's subject (its first words) is a supranational body or the Member States."""
    return any(h.kind == "supranational" and h.start_char < start + 40 for h in doc._.concepts if start <= h.start_char < end)
