"""Alignment: which draft provisions implement which model provisions.

Each unit (see `drafting.tree.Unit`) becomes a bag of lemmas in which every vocabulary concept
counts as one word, so "licence", "authorisation" and "permit" match. Similarity is a
TF-IDF cosine, weighted by what the two laws share (IDF over both texts), and is raised by
signals a reviewer would trust:

- the article context: two units whose articles as a whole are similar are more likely to
  correspond than two look-alike paragraphs in unrelated articles;
- definitions: two definitions of the same term (or of synonyms) belong together;
- explicit references: a draft provision that cites the model's source ("Article 27 of
  Regulation (EU) 2021/821") links to it almost certainly.

Assignment allows one-to-many both ways: a draft unit links to its best model unit and to
others nearly as good; a model unit left without a link takes the draft unit that suits it
best when that unit's score is high enough. What stays unlinked is a gap (model side) or
national-only (draft side). Every link keeps its score and the reasons behind it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from drafting.modelset import ModelSet
from drafting.nlp import analyse_many, content_lemmas
from drafting.tree import Document, Unit

# Tuning, chosen once on general principles and checked on several corpora (see bench/align.py).
CONTEXT_WEIGHT = 0.35  # share of the article-to-article similarity added to a unit pair
DEFINITION_BONUS = 0.35  # both units define the same term
DEFINITION_MISMATCH = 0.5  # factor when both define different terms
REFERENCE_BONUS = 0.6  # the draft cites the model provision's source
HEADING_WEIGHT = 2  # heading words count this many times
COHERENCE_WEIGHT = 0.3  # bonus for a model article that the other units of the same draft article match
MIN_SCORE = 0.45  # below this nothing is a counterpart


@dataclass
class Link:
    draft: Unit
    score: float
    reasons: list[str] = field(default_factory=list)


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


def align(model: ModelSet, draft: Document) -> Alignment:
    """Link every model unit to its draft counterparts (or none) and list draft-only units."""
    model_units = model.units()
    draft_units = draft.units()
    if not model_units or not draft_units:
        return Alignment(model, draft, [Match(u) for u in model_units], list(draft_units))
    m_feats = _features(model_units)
    d_feats = _features(draft_units)
    scores, reasons = _score(model, model_units, draft_units, m_feats, d_feats)
    matches, national = _assign(model_units, draft_units, scores, reasons)
    return Alignment(model, draft, matches, national)


# --- features -------------------------------------------------------------------------------------


@dataclass
class _Features:
    bags: list[Counter]
    article_keys: list[str]
    defines: list[str]  # normalised defined term ("" if none)
    segments: list[list[tuple[Counter, bool]]]  # each subparagraph or point: its bag, whether it defines a term


SEGMENT_MIN_WORDS = 12


def _unit_text(unit: Unit) -> str:
    return unit.text()


def _features(units: list[Unit]) -> _Features:
    texts = [_unit_text(u) for u in units]
    headings = [u.heading() for u in units]
    docs = analyse_many(texts + [h for h in headings if h])
    heading_docs = iter(docs[len(texts):])
    bags, defines, segments = [], [], []
    for unit, doc, heading in zip(units, docs, headings):
        segments.append(_segments(doc))
        bag = Counter(content_lemmas(doc))
        if heading:
            for lemma in content_lemmas(next(heading_docs)):
                bag[lemma] += HEADING_WEIGHT
        bags.append(bag)
        defines.append(_normalise_term(doc._.defines or _definition_number(unit)))
    return _Features(bags, [u.article.id for u in units], defines, segments)


DEFINING = re.compile(r"\b(means|shall mean|refers to|includes)\b|[‘“'\"][^’”'\"]{2,60}[’”'\"]\s+(means|includes)")


def _segments(doc) -> list[tuple[Counter, bool]]:
    """Bags of the unit's lines (subparagraphs, points) long enough to stand on their own.

    Lines, not sentences: a subparagraph is the unit drafters move about; splitting at every
    sentence links too much (measured on the EU regulations and the Northland act)."""
    lines = doc.text.split("\n")
    if len(lines) < 2:
        return []
    out = []
    offset = 0
    for line in lines:
        span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
        offset += len(line) + 1
        if span is None:
            continue
        bag = Counter(content_lemmas(doc, span.start, span.end))
        if sum(bag.values()) >= SEGMENT_MIN_WORDS:
            out.append((bag, bool(DEFINING.search(line))))
    return out if len(out) >= 2 else []


def _definition_number(unit: Unit) -> str:
    return unit.provision.number if unit.provision.kind == "definition" else getattr(unit.provision, "defines", "") or ""


def _normalise_term(term: str) -> str:
    """A defined term reduced to a concept id where the vocabulary knows it ('permit' -> licence)."""
    if not term:
        return ""
    docs = analyse_many([term])
    hits = docs[0]._.concepts
    if hits:
        longest = max(hits, key=lambda h: (h.end - h.start))
        return "C:" + longest.id
    return " ".join(t.lemma_ for t in docs[0] if not t.is_punct)


# --- scoring ----------------------------------------------------------------------------------------


def _score(model: ModelSet, model_units: list[Unit], draft_units: list[Unit], m: _Features, d: _Features):
    vocab: dict[str, int] = {}
    df: Counter = Counter()
    for bag in m.bags + d.bags:
        for term in bag:
            df[term] += 1
            vocab.setdefault(term, len(vocab))
    n_docs = len(m.bags) + len(d.bags)
    idf = np.zeros(len(vocab), dtype=np.float32)
    for term, i in vocab.items():
        idf[i] = math.log((1 + n_docs) / (1 + df[term])) + 1.0

    def weigh(bag: Counter) -> tuple[np.ndarray, np.ndarray]:
        idx = np.fromiter((vocab[t] for t in bag), dtype=np.int64, count=len(bag))
        tf = np.fromiter((1.0 + math.log(c) for c in bag.values()), dtype=np.float32, count=len(bag))
        w = tf * idf[idx]
        norm = float(np.linalg.norm(w)) or 1.0
        return idx, w / norm

    model_matrix = np.zeros((len(model_units), len(vocab)), dtype=np.float32)
    for i, bag in enumerate(m.bags):
        idx, w = weigh(bag)
        model_matrix[i, idx] = w
    # A long model unit may be implemented one subparagraph at a time: score its parts too.
    seg_owner = [i for i, segs in enumerate(m.segments) for _ in segs]
    seg_matrix = np.zeros((len(seg_owner), len(vocab)), dtype=np.float32)
    for k, (bag, _) in enumerate(seg for segs in m.segments for seg in segs):
        idx, w = weigh(bag)
        seg_matrix[k, idx] = w
    seg_starts = np.array(sorted({seg_owner.index(i) for i in set(seg_owner)}), dtype=np.int64)
    seg_units = np.array(sorted(set(seg_owner)), dtype=np.int64)

    unit_scores = np.zeros((len(draft_units), len(model_units)), dtype=np.float32)
    for j, bag in enumerate(d.bags):
        if bag:
            idx, w = weigh(bag)
            unit_scores[j] = model_matrix[:, idx] @ w
            if len(seg_owner):
                part = np.maximum.reduceat(seg_matrix[:, idx] @ w, seg_starts)
                unit_scores[j, seg_units] = np.maximum(unit_scores[j, seg_units], part)

    # Article context: similarity of the whole articles the two units belong to.
    m_art_index, m_art_bags = _group(m.article_keys, m.bags)
    d_art_index, d_art_bags = _group(d.article_keys, d.bags)
    art_matrix = np.zeros((len(m_art_bags), len(vocab)), dtype=np.float32)
    for i, bag in enumerate(m_art_bags):
        idx, w = weigh(bag)
        art_matrix[i, idx] = w
    art_scores = np.zeros((len(d_art_bags), len(m_art_bags)), dtype=np.float32)
    for j, bag in enumerate(d_art_bags):
        if bag:
            idx, w = weigh(bag)
            art_scores[j] = art_matrix[:, idx] @ w
    context = art_scores[np.ix_(d_art_index, m_art_index)]
    scores = unit_scores + CONTEXT_WEIGHT * context
    # How alike the model units are to each other, to tell a second counterpart from an echo.
    model_context = (art_matrix @ art_matrix.T)[np.ix_(m_art_index, m_art_index)]
    model_alike = model_matrix @ model_matrix.T + CONTEXT_WEIGHT * model_context
    is_definition = np.array([bool(t) for t in m.defines])

    coherence = COHERENCE_WEIGHT * _coherence(scores, d.article_keys, m.article_keys)

    segment_scores: dict[int, np.ndarray] = {}
    for j, segs in enumerate(d.segments):
        if segs:
            rows = []
            for bag, defines in segs:
                idx, w = weigh(bag)
                text_score = model_matrix[:, idx] @ w
                text_score[text_score < MIN_SCORE] = 0.0  # a part must resemble on its own words
                if not defines:
                    text_score[is_definition] = 0.0  # only a definition implements a definition
                rows.append(np.where(text_score > 0, text_score + CONTEXT_WEIGHT * context[j], 0.0))
            segment_scores[j] = np.vstack(rows)

    reasons: dict[tuple[int, int], list[str]] = {}
    _definition_signal(scores, m, d, reasons)
    _reference_signal(scores, model, model_units, draft_units, reasons)
    extras = _Extras(reasons, unit_scores, context, m, d, model_alike, segment_scores, coherence)
    return scores, extras


def _coherence(scores: np.ndarray, draft_articles: list[str], model_articles: list[str]) -> np.ndarray:
    """For each pair, the share of the other units of the draft article whose best match lies in
    the candidate's model article: provisions of one article tend to stay together."""
    best = scores.argmax(axis=1)
    model_article_of = np.array([hash(a) for a in model_articles])
    out = np.zeros_like(scores)
    by_article: dict[str, list[int]] = {}
    for j, key in enumerate(draft_articles):
        by_article.setdefault(key, []).append(j)
    for members in by_article.values():
        if len(members) < 2:
            continue
        best_articles = model_article_of[best[members]]
        for pos, j in enumerate(members):
            others = np.delete(best_articles, pos)
            counts = Counter(others.tolist())
            share = np.array([counts.get(a, 0) for a in model_article_of], dtype=np.float32) / len(others)
            out[j] = share
    return out


@dataclass
class _Extras:
    reasons: dict
    unit_scores: np.ndarray
    context: np.ndarray
    m: _Features
    d: _Features
    model_alike: np.ndarray
    segment_scores: dict
    coherence: np.ndarray


def _group(keys: list[str], bags: list[Counter]) -> tuple[list[int], list[Counter]]:
    order: dict[str, int] = {}
    merged: list[Counter] = []
    index = []
    for key, bag in zip(keys, bags):
        if key not in order:
            order[key] = len(merged)
            merged.append(Counter())
        merged[order[key]].update(bag)
        index.append(order[key])
    return index, merged


def _definition_signal(scores: np.ndarray, m: _Features, d: _Features, reasons) -> None:
    for j, dterm in enumerate(d.defines):
        if not dterm:
            continue
        for i, mterm in enumerate(m.defines):
            if not mterm:
                continue
            if mterm == dterm:
                scores[j, i] += DEFINITION_BONUS
                reasons.setdefault((j, i), []).append(f"both define the same term ({_show_term(mterm)})")
            else:
                scores[j, i] *= DEFINITION_MISMATCH


def _show_term(term: str) -> str:
    return term[2:].replace("-", " ") if term.startswith("C:") else term


EU_CITATION = re.compile(r"(?:Regulation|Directive)\s*\((?:EU|EC|EEC)\)\s*(?:No\s*)?(\d+/\d+)\s*,?\s*Art(?:icle)?\.?\s*(\d+[a-z]?)", re.I)
ACT_NUMBER = re.compile(r"(\d{4}/\d+|\d+/\d{4})")


def _reference_signal(scores: np.ndarray, model: ModelSet, model_units: list[Unit], draft_units: list[Unit], reasons) -> None:
    """A draft unit citing an article of the act behind a model unit links to that unit."""
    targets: dict[tuple[str, str], list[int]] = {}
    model_act = _act_number(model.title)
    for i, unit in enumerate(model_units):
        if model.kind == "official-act" and model_act:
            targets.setdefault((model_act, unit.article.number), []).append(i)
        for source in getattr(unit.provision, "sources", []) or []:
            cite = EU_CITATION.search(source)
            if cite:
                targets.setdefault((cite.group(1), cite.group(2)), []).append(i)
    if not targets:
        return
    texts = [u.text() for u in draft_units]
    for j, doc in enumerate(analyse_many(texts)):
        for ref in doc._.references:
            if ref.target != "article" or not ref.external:
                continue
            act = _act_number(ref.external)
            for i in targets.get((act, ref.path[0]) if act else ("", ""), []):
                scores[j, i] += REFERENCE_BONUS
                reasons.setdefault((j, i), []).append(f"cites {ref.text} of {ref.external}")


def _act_number(text: str) -> str:
    m = ACT_NUMBER.search(text or "")
    return m.group(1) if m else ""


# --- assignment ---------------------------------------------------------------------------------------


def _assign(model_units: list[Unit], draft_units: list[Unit], scores: np.ndarray, x: "_Extras"):
    reasons, unit_scores, context, m_feats, d_feats = x.reasons, x.unit_scores, x.context, x.m, x.d
    model_alike, segment_scores, coherence = x.model_alike, x.segment_scores, x.coherence
    n_draft, n_model = scores.shape
    links: dict[int, dict[int, float]] = {i: {} for i in range(n_model)}
    # The article's other provisions break near-ties; the threshold applies to the pair's own score.
    best_model = (scores + coherence).argmax(axis=1)
    for j in range(n_draft):
        best = int(best_model[j])
        top = float(scores[j, best])
        if top < MIN_SCORE:
            continue
        links[best][j] = top
        # A part of the unit (a subparagraph) may implement another model provision on its own,
        # when its parts go different ways: one part follows the unit's counterpart, another not.
        seg_rows = segment_scores.get(j, [])
        seg_best = [int(r.argmax()) for r in seg_rows]
        if best not in seg_best:
            continue
        for seg_row, i in zip(seg_rows, seg_best):
            # ... and that part must resemble its counterpart more than the two model provisions
            # resemble each other, or the likeness is only inherited from a look-alike.
            if i != best and seg_row[i] >= MIN_SCORE and seg_row[i] > model_alike[best, i] and j not in links[i]:
                links[i][j] = float(seg_row[i])
                reasons.setdefault((j, i), []).append("one subparagraph of the provision corresponds")
    matched_drafts = {j for per in links.values() for j in per}
    matches = []
    for i, unit in enumerate(model_units):
        found = sorted(links[i].items(), key=lambda kv: (-kv[1], kv[0]))
        matches.append(Match(unit, [Link(draft_units[j], round(s, 3), _reasons(i, j, reasons, unit_scores, context, m_feats, d_feats)) for j, s in found]))
    national = [u for j, u in enumerate(draft_units) if j not in matched_drafts]
    return matches, national


def _reasons(i: int, j: int, signal_reasons, unit_scores, context, m: _Features, d: _Features) -> list[str]:
    out = list(signal_reasons.get((j, i), []))
    shared = [t for t in m.bags[i] if t in d.bags[j]]
    shared.sort(key=lambda t: -(m.bags[i][t] + d.bags[j][t]))
    words = [_show_term(t) for t in shared[:6]]
    if words:
        out.append("shared terms: " + ", ".join(words))
    out.append(f"text similarity {unit_scores[j, i]:.2f}, article similarity {context[j, i]:.2f}")
    return out
