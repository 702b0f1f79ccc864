"""What alignment knows about each unit: its words, its concepts, its heading, its place.

Every unit (see `drafting.tree.Unit`) becomes a few bags of lemmas, in which every vocabulary
concept also counts as one word ("C:licence" for licence, permit and authorisation alike):

- `bags`: the unit's own words, heading words counted twice;
- `concepts`: the concepts alone, the unit's *function* as far as words tell it (brokering +
  licence + informed = a brokering catch-all, whatever the draft calls the goods);
- `headings`: the words of the unit's heading, or its article's (a section headed "Brokering of
  strategic items" says what it does even when its text was cut off);
- `segments`: the lines (subparagraphs, points) long enough to stand on their own, for units that
  implement several model provisions one part at a time;
- `defines`: the defined term, reduced to a concept where the vocabulary knows it;
- `figures`: its figures as language-independent tokens: the kind of figure and its role ("a
  period of at least...") and the figure itself ("5 years"), so that "not less than five years",
  "cinq ans au moins" and "خمس سنوات" agree;
- `expanded`: the unit's bag plus, at half weight, the bags of the units of the same text it cites
  ("an offence to fail to make a notification required by section 7(2)" also carries the words of
  section 7(2); "as defined in section 9" carries section 9's definition);
- `position`: where the unit sits in its document (0 = first, 1 = last), and its article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from drafting.nlp import analyse, analyse_many, content_lemmas, defined_term, term_concept, text_of
from drafting.tree import Unit

HEADING_WEIGHT = 2  # heading words count this many times in the unit's bag
REFERENCE_WEIGHT = 0.5  # share of a cited unit's words added to the citing unit's expanded bag
SEGMENT_MIN_WORDS = 12  # a line with fewer content words does not stand on its own

DEFINING = re.compile(r"\b(means|shall mean|refers to|includes)\b|[‘“'\"][^’”'\"]{2,60}[’”'\"]\s+(means|includes)")


@dataclass
class Segment:
    bag: Counter
    defines: bool  # the line defines a term
    figure_kinds: Counter  # the kinds of its figures ("Q:time:at-least"), see `with_figure_kinds`


@dataclass
class UnitFeatures:
    """The features of every unit of one side (model or draft), in document order."""

    units: list[Unit]
    bags: list[Counter]
    concepts: list[Counter]
    headings: list[Counter]
    article_keys: list[str]
    defines: list[str]
    segments: list[list[Segment]]
    positions: list[float]
    expanded: list[Counter]
    figures: list[Counter]
    cited: list[frozenset[int]]  # the units of the same side each unit cites ("contravenes subsection (1)")

    def __len__(self) -> int:
        return len(self.units)


def analyse_units(units: list[Unit]) -> tuple[list, list]:
    """Each unit's text and heading analysed, in one batch: (text docs, heading docs, None where a
    unit has no heading). Alignment and the element space analyse them alike, so the analyses are
    shared through the cache, not made twice."""
    texts = [u.text() for u in units]
    headings = [u.heading() for u in units]
    langs = [u.language for u in units] + [u.language for u, h in zip(units, headings) if h]
    docs = analyse_many(texts + [h for h in headings if h], langs)
    heading_docs = iter(docs[len(texts):])
    return docs[:len(texts)], [next(heading_docs) if h else None for h in headings]


def describe(units: list[Unit]) -> UnitFeatures:
    """The features of `units` (one side of the alignment)."""
    docs, heading_docs = analyse_units(units)
    bags, concept_bags, heading_bags, defines, segments = [], [], [], [], []
    for unit, doc, heading_doc in zip(units, docs, heading_docs):
        segments.append(_segments(doc))
        bag = Counter(content_lemmas(doc))
        bag.update(_anchors(doc))
        heading_bag: Counter = Counter()
        if heading_doc is not None:
            heading_bag = Counter(content_lemmas(heading_doc))
            for lemma, count in heading_bag.items():
                bag[lemma] += HEADING_WEIGHT * count
        bags.append(bag)
        heading_bags.append(heading_bag)
        concept_bags.append(Counter({t: c for t, c in bag.items() if t.startswith("C:")}))
        defines.append(normalise_term(defined_term(unit, doc), doc.lang_))
    n = max(1, len(units) - 1)
    positions = [i / n for i in range(len(units))]
    cited = _cited_units(units, docs)
    expanded = _expand(bags, cited)
    figures = [_figures(doc) for doc in docs]
    return UnitFeatures(units, bags, concept_bags, heading_bags, [u.article.id for u in units], defines, segments, positions,
                        expanded, figures, cited)


def within_vocabulary(side: UnitFeatures, other: UnitFeatures) -> UnitFeatures:
    """`side` with only the words `other` uses too. For a draft in another language than the model:
    its own words can never meet the model's, so they only dilute every similarity; what is left
    (concepts, figures, citations, names and acronyms) is what the two can share."""
    vocabulary = {t for bags in (other.bags, other.headings, other.expanded) for bag in bags for t in bag}

    def keep(bag: Counter) -> Counter:
        return Counter({t: c for t, c in bag.items() if t in vocabulary})

    return replace(side, bags=[keep(b) for b in side.bags], headings=[keep(b) for b in side.headings],
                   segments=[[Segment(keep(s.bag), s.defines, s.figure_kinds) for s in segs] for segs in side.segments],
                   expanded=[keep(b) for b in side.expanded])


def with_figure_kinds(side: UnitFeatures) -> UnitFeatures:
    """`side` with the kind of each figure counted as a word of its unit and of its line
    ("Q:time:at-least" for "at least ten years"). For a draft in another language than the model:
    the words of "kept for at least five years" cannot meet "conservés pendant au moins dix ans",
    the kind of period can, even where the figure itself differs (a planted divergence is just
    that). Not in the model's language, where the words already meet (Carralis went from F1 0.816
    to 0.800 when the kinds were counted twice)."""

    def add(bag: Counter, more: Counter) -> Counter:
        return bag + more if more else bag

    return replace(side, bags=[add(b, _kinds(f)) for b, f in zip(side.bags, side.figures)],
                   segments=[[Segment(add(s.bag, s.figure_kinds), s.defines, s.figure_kinds) for s in segs] for segs in side.segments])


def _anchors(doc) -> Counter:
    """Words that mean the same in every language: the figures ("V:1825:time" for five years) and the
    articles of other acts a text cites ("R:2021/821:4" for Article 4 of Regulation (EU) 2021/821)."""
    out: Counter = Counter()
    for q in doc._.quantities:
        out[f"V:{q.in_days if q.in_days is not None else q.value:g}:{'time' if q.in_days is not None else q.unit}"] += 1
    for ref in doc._.references:
        if ref.external and ref.path:
            act = ACT_NUMBER.search(ref.external)
            if act:
                out[f"R:{act.group(1)}:{ref.path[0]}"] += 1
    return out


ACT_NUMBER = re.compile(r"(\d{4}/\d+|\d+/\d{4})")


def _kinds(figures: Counter) -> Counter:
    """The kinds of figures ("Q:time:at-least") among `_figures`, without the figures themselves."""
    return Counter({t: c for t, c in figures.items() if t.startswith("Q:")})


def _figures(doc, start_char: int = 0, end_char: int | None = None) -> Counter:
    """The figures of the text (or of its characters from `start_char` to `end_char`)."""
    out: Counter = Counter()
    for q in doc._.quantities:
        if q.start_char < start_char or (end_char is not None and q.end_char > end_char):
            continue
        family = "time" if q.in_days is not None else q.unit
        out[f"Q:{family}:{q.qualifier}"] += 1
        out[f"V:{q.in_days if q.in_days is not None else q.value:g}:{family}"] += 1
    return out


INTERNAL_TARGETS = ("article", "section", "regulation", "rule", "subsection", "paragraph")
OWN_PARTS = ("subsection", "paragraph")  # "subsection (2)", "paragraph 1", "часть (1)": a part of the citing unit's own article


def _cited_units(units: list[Unit], docs) -> list[frozenset[int]]:
    """For each unit, the units of the same text it cites ("subsection (2)" of its own section,
    "section 7(2)"; not "Article 4" in an Act of sections, which names another act)."""
    by_article: dict[str, list[int]] = {}
    by_item: dict[tuple[str, str], int] = {}
    for k, unit in enumerate(units):
        article = unit.article.number.lower()
        by_article.setdefault(article, []).append(k)
        if unit.provision is not unit.article:
            by_item[(article, unit.provision.number.lower())] = k
    out = []
    for k, (unit, doc) in enumerate(zip(units, docs)):
        cited: set[int] = set()
        for ref in doc._.references:
            if ref.external or not ref.path or ref.target not in INTERNAL_TARGETS:
                continue
            if ref.target in OWN_PARTS and len(ref.path) == 1:
                article, item = unit.article.number.lower(), ref.path[0].lower()  # "subsection (2)" of this section
            elif ref.target not in OWN_PARTS and ref.target != unit.article.kind:
                continue  # "Article 4" in an Act of sections names another act
            else:
                article, item = ref.path[0].lower(), ref.path[1].lower() if len(ref.path) > 1 else ""
            targets = [by_item[(article, item)]] if item and (article, item) in by_item else by_article.get(article, []) if not item else []
            cited.update(t for t in targets if t != k)
        out.append(frozenset(cited))
    return out


def _expand(bags: list[Counter], cited: list[frozenset[int]]) -> list[Counter]:
    """Each unit's bag with the words of the units it cites added at half weight."""
    out = []
    for k, bag in enumerate(bags):
        expanded = Counter(bag)
        for t in cited[k]:
            for term, count in bags[t].items():
                expanded[term] += REFERENCE_WEIGHT * count
        out.append(expanded)
    return out


def _segments(doc) -> list[Segment]:
    """Bags of the unit's lines long enough to stand on their own (none for a one-line unit).

    Lines, not sentences: a subparagraph is the unit drafters move about; splitting at every
    sentence links too much (measured on the EU regulations and the Northland act)."""
    lines = text_of(doc).split("\n")
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
            out.append(Segment(bag, bool(DEFINING.search(line)), _kinds(_figures(doc, span.start_char, span.end_char))))
    return out if len(out) >= 2 else []


def normalise_term(term: str, lang: str | None = None) -> str:
    """A defined term reduced to a concept id where the vocabulary knows it ('permit' -> licence),
    read in the language of its text ('courtier' -> broker), so that definitions pair across
    languages; else its lemmas."""
    if not term:
        return ""
    concept = term_concept(term, lang)
    if concept:
        return "C:" + concept
    return " ".join(t.lemma_ for t in analyse(term, lang) if not t.is_punct)


def show_term(term: str) -> str:
    """A bag word as a reviewer reads it ("C:technical-assistance" -> "technical assistance")."""
    return term[2:].replace("-", " ") if term.startswith("C:") else term


def group(keys: list[str], bags: list[Counter]) -> tuple[list[int], list[Counter]]:
    """Bags merged by key (units -> their articles): the index of each unit's group, and the groups."""
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
