"""The evidence for every (draft unit, model unit) pair, as named matrices.

Each matrix has one row per draft unit and one column per model unit. The signals are the ones a
reviewer uses when pairing two laws by hand:

    text         TF-IDF cosine of the two units (a long model unit also by its subparagraphs)
    draft_part   the best of the draft unit's own subparagraphs against the model unit
    context      cosine of the two whole articles the units belong to
    concepts     cosine of the concepts alone: what the provisions are about and do
    figures      cosine of the figures (kind, role, value: "at least five years" in any language)
    heading      cosine of the headings (the draft's section heading against the model's)
    function     agreement of what the two units do, as profiles over the checklist's elements
                 (drafting.align.functions): an offence clause and "penalties for infringements"
    same_term    both define the same term (or synonyms: "permit" and "licence")
    other_term   both define, but different terms
    cites        the draft cites the article of the model's source ("Article 27 of Regulation (EU) 2021/821"):
                 1 where it is the model provision's first source, 0.5 where it is one of its other sources
    covers       the share of the model unit's words (by weight) that the draft unit also has: a long
                 draft section that implements several model paragraphs covers each of them
    covered      the share of the draft unit's words that the model unit has
    size         log2 of the draft unit's length over the model unit's (several model units fit in a long one)
    expanded     cosine of the units with the words of what they cite added ("an offence to breach
                 section 7(2)" against "an offence to fail to notify under section 7"; a draft's
                 "contravenes Article 3.1" carries the model provisions drawn from that Article)
    pivot        for an official act that the bundled model law draws on (Regulation (EU) 2021/821):
                 how close the draft unit is to the model-law provisions that cite the act's unit.
                 National drafts are written like the model law (sections, "licence", "commits an
                 offence"), not like the Regulation, so the model law bridges the two
    residual     the draft unit's words left once its best model unit has explained its own (what a
                 second counterpart must match: an echo of the first explains nothing new)
    col_residual the same from the model side: the model unit's words left once its best draft unit
                 has taken its own (a model article spread over several sections)
    base         the lexical score the relative signals below are computed from
    row_rel      base / the best base of the draft unit (1 for its best model unit)
    col_rel      base / the best base of the model unit (1 for its best draft unit)
    row_best     1 for the draft unit's best model unit
    col_best     1 for the model unit's best draft unit
    alike_best   how much the model unit looks like the draft unit's best model unit (an echo)
    coherence    share of the other units of the draft article whose best match is in this model article
    articles     the act-wide pairing of whole articles: 1 when the two articles are each other's
                 closest, 0.5 when one is the other's closest (the pair is judged against every
                 other article of both texts, not one provision at a time)
    element_best 1 for the draft unit's closest model unit among those that serve its main element
    fn_pivot     function x pivot, fn_text function x text, fn_concepts function x concepts: the same
                 function counts for more when the words agree too (a logistic model adds, it does not multiply)
    neighbours   share of the units just before and after (document order) whose best match is this
                 model article or the one next to it

IDF is computed over both texts, so words both laws use everywhere weigh little.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from drafting.align.features import UnitFeatures, group
from drafting.align.functions import element_space
from drafting.modelset import ModelSet
from drafting.nlp import analyse_many, language_of
from drafting.nlp_languages import plain_offsets, plain_text
from drafting.tree import Unit
from drafting.vocabulary import profile

CONTEXT_WEIGHT = 0.35  # share of the article similarity in the base score
DEFINITION_BONUS = 0.35  # both define the same term (base score)
REFERENCE_BONUS = 0.6  # the draft cites the model's source (base score)
POINTER_FACTOR = 0.3  # a rule against a definition that only points to another act (base score)
FIGURE_WEIGHT = 0.2  # share of the figures' agreement in the base score (a retention period with a retention period)
FUNCTION_WEIGHT = 0.15  # share of the function agreement (times the concept similarity) in the base score
NEIGHBOUR_WINDOW = 2  # units on each side that count as neighbours

FEATURES = ("text", "draft_part", "context", "concepts", "figures", "heading", "function", "same_term", "other_term", "cites", "covers", "covered", "size", "expanded", "pivot", "residual", "col_residual", "base",
            "row_rel", "col_rel", "row_best", "col_best", "alike_best", "coherence", "neighbours", "articles", "element_best", "fn_pivot", "fn_text", "fn_concepts")


@dataclass
class PairEvidence:
    matrices: dict[str, np.ndarray]
    reasons: dict[tuple[int, int], list[str]]  # explicit signals worth telling the reviewer (definitions, citations)
    model_alike: np.ndarray  # model unit x model unit similarity
    on_penalties: np.ndarray  # for each model unit: whether it is on penalties (element E26)
    empty_drafts: np.ndarray  # for each draft unit: whether it has no text ("[... not retrieved ...]")
    model_articles: np.ndarray  # for each model unit: the index of its article (units of one article share it)
    draft_enforced: list[frozenset[int]]  # for each draft offence clause: the draft units it enforces ("contravenes subsection (1)")

    def __getitem__(self, name: str) -> np.ndarray:
        return self.matrices[name]

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrices["text"].shape

    def echo(self) -> np.ndarray:
        """> 0 where a model unit's words are closer to those of the draft unit's closest model unit
        than to the draft unit's own (never for two definitions of the same term: that is no echo)."""
        gap = self.matrices["echo"] - np.maximum(self.matrices["text"], self.matrices["draft_part"])
        return np.where(self.matrices["same_term"] > 0, -1.0, gap)

    def stack(self) -> np.ndarray:
        """All features of all pairs: (n_draft, n_model, n_features), in FEATURES order."""
        return np.stack([self.matrices[name] for name in FEATURES], axis=-1)


class _Space:
    """A TF-IDF space over the bags of both sides."""

    def __init__(self, bags: list[Counter]):
        self.vocab: dict[str, int] = {}
        df: Counter = Counter()
        for bag in bags:
            df.update(bag.keys())
            for term in bag:
                self.vocab.setdefault(term, len(self.vocab))
        n = len(bags)
        self.idf = np.zeros(len(self.vocab), dtype=np.float32)
        for term, i in self.vocab.items():
            self.idf[i] = math.log((1 + n) / (1 + df[term])) + 1.0

    def matrix(self, bags: list[Counter]) -> np.ndarray:
        """Rows of unit-length TF-IDF vectors (a zero row for an empty bag)."""
        out = np.zeros((len(bags), len(self.vocab)), dtype=np.float32)
        for row, bag in enumerate(bags):
            if not bag:
                continue
            idx = np.fromiter((self.vocab[t] for t in bag), dtype=np.int64, count=len(bag))
            tf = np.fromiter((1.0 + math.log(c) if c >= 1 else c for c in bag.values()), dtype=np.float32, count=len(bag))
            w = tf * self.idf[idx]
            out[row, idx] = w / (float(np.linalg.norm(w)) or 1.0)
        return out


def gather(model: ModelSet, m: UnitFeatures, d: UnitFeatures) -> PairEvidence:
    """Every signal for every pair of units."""
    space = _Space(m.bags + d.bags)
    model_matrix, draft_matrix = space.matrix(m.bags), space.matrix(d.bags)
    text = draft_matrix @ model_matrix.T
    text = np.maximum(text, _model_part_scores(space, m, draft_matrix))
    draft_part, part_of, paragraph_best, paragraph_best_of = _draft_part_scores(space, m, d, model_matrix)

    m_art_index, m_art_bags = group(m.article_keys, m.bags)
    d_art_index, d_art_bags = group(d.article_keys, d.bags)
    m_art, d_art = space.matrix(m_art_bags), space.matrix(d_art_bags)
    article_scores = d_art @ m_art.T
    context = article_scores[np.ix_(d_art_index, m_art_index)]
    article_pairing = _article_pairing(article_scores)[np.ix_(d_art_index, m_art_index)]
    model_alike = model_matrix @ model_matrix.T + CONTEXT_WEIGHT * (m_art @ m_art.T)[np.ix_(m_art_index, m_art_index)]

    concept_space = _Space(m.concepts + d.concepts)
    concepts = concept_space.matrix(d.concepts) @ concept_space.matrix(m.concepts).T
    figure_space = _Space(m.figures + d.figures)
    figures = figure_space.matrix(d.figures) @ figure_space.matrix(m.figures).T
    heading_space = _Space(m.headings + d.headings)
    heading = heading_space.matrix(d.headings) @ heading_space.matrix(m.headings).T
    function, d_prof, m_prof = _function_agreement(model, m, d)

    covers, covered, size = _containment(model_matrix, draft_matrix, m, d)
    reasons: dict[tuple[int, int], list[str]] = {}
    same_term, other_term = _definitions(m, d, reasons)
    cites = _citations(model, m, d, reasons)
    expanded = _expanded_similarity(space, m, d, cites)
    pivot = _pivot(model, m, d)

    base = (text + CONTEXT_WEIGHT * context + DEFINITION_BONUS * same_term + REFERENCE_BONUS * cites + FUNCTION_WEIGHT * function * concepts
            + FIGURE_WEIGHT * figures)
    base = np.where(other_term > 0, base * 0.5, base)
    # a term the model defines only by another act's meaning has no rule for a draft's rule to implement
    base = np.where(_points_away(m)[None, :] & ~_defines(d)[:, None], base * POINTER_FACTOR, base)
    matrices = {
        "text": text, "draft_part": draft_part, "context": context, "concepts": concepts, "figures": figures, "heading": heading, "function": function,
        "same_term": same_term, "other_term": other_term, "cites": cites, "covers": covers, "covered": covered, "size": size,
        "expanded": expanded, "pivot": pivot, "base": base,
    }
    matrices["residual"], matrices["col_residual"] = _residuals(base, draft_matrix, model_matrix, text)
    matrices.update(_relative(base, model_alike))
    echo_matrix = matrices["alike_best"]  # likeness to the draft unit's closest model unit, article context included
    matrices["coherence"] = _coherence(base, d.article_keys, m.article_keys)
    matrices["neighbours"] = _neighbours(base, m.article_keys)
    matrices["element_best"] = _element_best(base, d_prof, m_prof)
    matrices["articles"] = article_pairing
    matrices["fn_pivot"] = function * pivot
    matrices["fn_text"] = function * text
    matrices["fn_concepts"] = function * concepts
    stored = {k: v.astype(np.float32) for k, v in matrices.items()}
    # not a signal: the draft units whose wording says what they do (drafting.align.assign, step 4)
    penalties = _penalty_members(m_prof)
    m_says, d_says = wordings_of(m), wordings_of(d)
    stored["worded_best"] = _worded_best(base, m_says, d_says, penalties).astype(np.float32)
    stored["part_of"] = part_of  # not a signal: which subparagraph of the draft unit is most like the model unit
    stored["paragraph_best"] = paragraph_best  # not a signal: likeness of the model unit each subparagraph is most like
    stored["paragraph_best_of"] = paragraph_best_of  # not a signal: and which subparagraph that is (-1: none)
    stored["echo"] = echo_matrix.astype(np.float32)  # not a signal of the models: the echo rule of drafting.align.assign
    m_defines, d_defines = _defines(m), _defines(d)
    # not a signal either: where a definition would be paired with a rule, or two different terms with each other
    stored["definition_mismatch"] = ((m_defines[None, :] != d_defines[:, None]) | (other_term > 0)).astype(np.float32)
    stored["clause_mismatch"] = _clause_mismatch(m_says, d_says)  # not a signal: a short title is not a commencement (EXCLUSIVE_CLAUSES)
    # not a signal: a rule that defines a model term in passing (drafting.align.assign)
    stored["in_passing"] = _in_passing(m, d, d_says["in-passing"])
    on_penalties = np.zeros(len(m), dtype=bool)
    on_penalties[penalties] = True
    empty_drafts = np.array([u.empty for u in d.units], dtype=bool)
    # what an offence clause enforces: the rules it cites, not the penalty it refers to ("the penalty provided in section 36")
    sanctions = set(np.flatnonzero(d_says["offence"] | d_says["penalty"]).tolist())
    enforced = [cited - sanctions if says else frozenset() for cited, says in zip(d.cited, d_says["enforces"])]
    return PairEvidence(stored, reasons, model_alike, on_penalties, empty_drafts, np.array(m_art_index, dtype=np.int64), enforced)


def _defines(units: UnitFeatures) -> np.ndarray:
    """For each unit: whether it defines a term."""
    return np.array([bool(t) for t in units.defines], dtype=bool)


# "'re-export declaration' means an act within the meaning of Article 5(13) of the Union Customs Code"
POINTER_DEFINITION = re.compile(r"\bmeans\s+(?:\S+\s+){0,6}?within the meaning of\b", re.IGNORECASE)


def _points_away(units: UnitFeatures) -> np.ndarray:
    """For each unit: whether it is a definition that only gives another act's meaning."""
    return np.array([bool(t) and bool(POINTER_DEFINITION.search(u.text().split("\n", 1)[0]))
                     for u, t in zip(units.units, units.defines)], dtype=bool)


# --- text similarity by parts ---------------------------------------------------------------------


def _model_part_scores(space: _Space, m: UnitFeatures, draft_matrix: np.ndarray) -> np.ndarray:
    """Each draft unit against each part (subparagraph) of a long model unit: the best part counts."""
    out = np.zeros((draft_matrix.shape[0], len(m)), dtype=np.float32)
    owners = [i for i, segs in enumerate(m.segments) for _ in segs]
    if not owners:
        return out
    parts = space.matrix([s.bag for segs in m.segments for s in segs])
    scores = draft_matrix @ parts.T
    owners_arr = np.array(owners)
    starts = np.flatnonzero(np.r_[True, owners_arr[1:] != owners_arr[:-1]])
    out[:, owners_arr[starts]] = np.maximum.reduceat(scores, starts, axis=1)
    return out


def _draft_part_scores(space: _Space, m: UnitFeatures, d: UnitFeatures,
                       model_matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The best subparagraph of each draft unit against each model unit, and which subparagraph
    it is (-1: the unit has none); then, the other way round, the model unit each subparagraph is
    most like, with that likeness, and which subparagraph it is (-1 elsewhere). Only a defining
    line counts against a definition (a section's third line does not implement 'broker means')."""
    out = np.zeros((len(d), len(m)), dtype=np.float32)
    which = np.full((len(d), len(m)), -1, dtype=np.float32)
    own_best = np.zeros((len(d), len(m)), dtype=np.float32)
    own_best_of = np.full((len(d), len(m)), -1, dtype=np.float32)
    is_definition = np.array([bool(t) for t in m.defines])
    for j, segs in enumerate(d.segments):
        if not segs:
            continue
        rows = space.matrix([s.bag for s in segs]) @ model_matrix.T
        for k, seg in enumerate(segs):
            if not seg.defines:
                rows[k, is_definition] = 0.0
        out[j] = rows.max(axis=0)
        which[j] = rows.argmax(axis=0)
        for k, i in enumerate(rows.argmax(axis=1)):
            if rows[k, i] > own_best[j, i]:
                own_best[j, i], own_best_of[j, i] = rows[k, i], k
    return out, which, own_best, own_best_of


SOURCE_ARTICLE = re.compile(r"(?:Regulation|Directive)\s*\((?:EU|EC|EEC)\)\s*(?:No\s*)?(\d+/\d+)\s*,?\s*Art(?:icle)?\.?\s*(\d+[a-z]?)(?:\s*\((\d+)\))?")


def _pivot(model: ModelSet, m: UnitFeatures, d: UnitFeatures) -> np.ndarray:
    """For an official act cited by the bundled model law: each draft unit's best similarity to
    the model-law units whose sources name the official unit's article (and paragraph)."""
    out = np.zeros((len(d), len(m)), dtype=np.float32)
    act = _act_number(model.title)
    if model.kind != "official-act" or not act:
        return out
    from drafting.align.features import describe
    from drafting.modelset import DEFAULT_MODEL, load_model

    bundled = load_model(DEFAULT_MODEL)
    citing: list[tuple[int, str, str]] = []  # (model-law unit, article, paragraph)
    law_units = bundled.units()
    for l, unit in enumerate(law_units):
        sources = getattr(unit.provision, "sources", None) or getattr(unit.article, "sources", None) or []
        for source in sources:
            cite = SOURCE_ARTICLE.search(source)
            if cite and cite.group(1) == act:
                citing.append((l, cite.group(2), cite.group(3) or ""))
    if not citing:
        return out
    law = describe(law_units)
    space = _Space(law.bags + d.bags)
    similarity = space.matrix(d.bags) @ space.matrix(law.bags).T
    for l, article, paragraph in citing:
        for i, unit in enumerate(m.units):
            if unit.article.number != article:
                continue
            if paragraph and unit.provision is not unit.article and unit.provision.number != paragraph:
                continue
            out[:, i] = np.maximum(out[:, i], similarity[:, l])
    return out


def _function_agreement(model: ModelSet, m: UnitFeatures, d: UnitFeatures) -> np.ndarray:
    """Cosine of the element profiles; the model law's own element labels count half in its profiles."""
    space = element_space()
    d_prof = space.profiles(d.bags)
    m_prof = space.profiles(m.bags)
    labels = [model.elements_of(u) for u in m.units]
    if any(labels):
        mixed = 0.5 * m_prof + 0.5 * space.labelled(labels)
        m_prof = mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-9)
    return d_prof @ m_prof.T, d_prof, m_prof


def _article_pairing(article_scores: np.ndarray) -> np.ndarray:
    """Draft article x model article: 1 for mutual closest articles, 0.5 where only one side's closest."""
    out = np.zeros_like(article_scores)
    if not article_scores.size:
        return out
    row_best = article_scores.argmax(axis=1)
    col_best = article_scores.argmax(axis=0)
    out[np.arange(len(row_best)), row_best] += 0.5
    out[col_best, np.arange(len(col_best))] += 0.5
    return out


# Wording that says what a provision does, whatever else its section does (in English here; the
# other languages in their profiles, see WORDINGS below):
# what makes something an offence (not "proceedings for an offence", "who commits an offence under
# this Act outside the State": those speak of offences made elsewhere),
MAKES_OFFENCE = re.compile(r"\b(?:commits?|is guilty of|shall be guilty of) an offence\b(?!\s+under\b)", re.I)
# what sets the penalty for one ("shall be liable", "shall, on conviction, be liable", the
# Australian "Penalty: Imprisonment for 10 years"),
SETS_PENALTY = re.compile(r"\bshall be (?:liable|punished|punishable)\b|\bis (?:liable|punishable) (?:on|to|by)\b"
                          r"|\bshall,? on (?:summary )?conviction\b|\bPenalty:\s", re.I)
# and what says what an act is for or what it governs (the model's own Article 1 reads so too).
STATES_PURPOSE = re.compile(
    r"^\s*(?:the\s+)?(?:purposes?|objects?|aims?)\s+of\s+this\s+(?:act|law|decree(?:-law)?|regulation)\s+(?:is|are)\b"
    r"|^\s*this\s+(?:act|law|decree(?:-law)?|regulation)\s+(?:shall\s+)?(?:regulates?|governs?|contains? provisions|establish(?:es)?|"
    r"lays? down|sets? out|appl(?:y|ies) to|controls?)\b|\b(?:it is|is hereby declared|declared to be) the policy of\b", re.I)
# Clauses whose kind is plain from a few words, whatever the section that holds them is headed,
# and which are never each other's counterpart:
# the final clauses, what the act is called ("This Act may be cited as", "These rules may be
# called") and when it takes effect ("These rules shall come into force at once", "This
# Regulation shall enter into force");
THIS_ACT = r"\b(?:this|these)\s+(?:act|law|order|decree(?:-law)?|rules|regulations?|code|ordinance)\b"
CITES_TITLE = re.compile(THIS_ACT + r"\s+(?:may|shall)\s+be\s+(?:cited|called|known)\b", re.I)
TAKES_EFFECT = re.compile(THIS_ACT + r"(?:\W+\w+){0,12}?\W+(?:comes?|shall\s+come|enters?|shall\s+enter)\s+into\s+(?:force|operation|effect)\b", re.I)
# and the clauses on a rule's reach, one widening it ("Subsections (1) to (3) also apply to items
# that are not specified in the control list"), the other making an exception ("This section
# shall not apply to technical assistance that ...").
EXTENDS = re.compile(r"\b(?:also|equally|likewise)\s+appl(?:y|ies)\b|\bappl(?:y|ies)\s+(?:also|equally|likewise)\b", re.I)
EXEMPTS = re.compile(r"\b(?:does|do|shall|will|is|are)\s+not\s+(?:apply|applicable)\b|\b(?:is|are|shall\s+be)\s+exempt(?:ed)?\s+from\b", re.I)
# A term defined in passing, inside a rule: "unlisted cyber-surveillance items, meaning dual-use
# items built specially to ...", "an internal compliance programme, that is, documented procedures".
DEFINES_IN_PASSING = re.compile(r"(?:,|\s\()\s*(?:meaning|that is(?: to say)?,|which means)\s", re.I)
# An offence clause that enforces another provision by citing it ("A person who contravenes
# subsection (1) commits an offence"), as against one that states the conduct it punishes.
ENFORCES = re.compile(r"^.{0,60}?\b(?:contravenes?|fails? to comply with|in contravention of|in breach of)\b", re.I | re.S)
# Every wording by name, as English says it; the other languages' patterns are in their profiles
# (drafting/data/languages/<lang>.yaml, `wordings:`), so that a draft in French is read as one in English.
WORDINGS = {"offence": MAKES_OFFENCE, "penalty": SETS_PENALTY, "purpose": STATES_PURPOSE, "title": CITES_TITLE,
            "takes-effect": TAKES_EFFECT, "extends": EXTENDS, "exempts": EXEMPTS, "in-passing": DEFINES_IN_PASSING,
            "enforces": ENFORCES}
EXCLUSIVE_CLAUSES = (("title", "takes-effect"), ("extends", "exempts"))


@lru_cache(maxsize=64)
def wording(lang: str, name: str) -> re.Pattern | None:
    """The pattern of a wording in a language (None where its profile has none)."""
    if lang == "en":
        return WORDINGS[name]
    prof = profile(lang)
    patterns = prof.wordings.get(name) if prof else None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None


def unit_wordings(unit: Unit) -> set[str]:
    """The wordings a unit says ("offence", "purpose" ...), read in its own language."""
    lang = language_of(unit.text(), unit.language or None)
    text = plain_text(unit.text(), lang)
    return {name for name in WORDINGS if (pattern := wording(lang, name)) and pattern.search(text)}


def wordings_of(units: UnitFeatures) -> dict[str, np.ndarray]:
    """For each wording, which units say it."""
    said = [unit_wordings(u) for u in units.units]
    return {name: np.array([name in s for s in said], dtype=bool) for name in WORDINGS}


# how far before the wording a term defined in passing may end: a comma, a space, a bracket;
# and, in languages that put the head of a noun phrase first ("biens de cybersurveillance non
# inscrits sur la liste, c'est-à-dire ...", "программу экспортного контроля, то есть ..."), how far
# back the phrase may reach. English puts it last: "an essentially identical transaction,
# meaning ..." defines the transaction, not the permit refused earlier in the sentence.
IN_PASSING_REACH = 3
IN_PASSING_PHRASE = 60
HEAD_LAST = {"en"}


def defined_in_passing(unit: Unit) -> list[str]:
    """The vocabulary concepts a rule may define in passing, likeliest first ("C:cyber-surveillance-items"
    for "to export unlisted cyber-surveillance items, meaning dual-use items built specially to ..."):
    the concept named just before the wording, then, where the head of a phrase comes first, the
    longest others of the phrase before it (not an activity: "to export" is what the rule is about,
    not the term it defines)."""
    written = unit.text()
    lang = language_of(written, unit.language or None)
    pattern = wording(lang, "in-passing")
    text = plain_text(written, lang)
    if pattern is None or not pattern.search(text):
        return []
    hits = analyse_many([written], unit.language or None)[0]._.concepts  # the unit's own analysis (cached)
    at = plain_offsets(written, lang) + [len(written)]  # plain-text positions on the text as written
    out: list[str] = []
    for found in pattern.finditer(text):
        phrase_start = at[max([found.start() - IN_PASSING_PHRASE, 0] + [text.rfind(stop, 0, found.start()) + 1 for stop in ".;:\n"])]
        start = at[found.start()]
        nearest = [h for h in hits if 0 <= start - h.end_char <= IN_PASSING_REACH]
        others = [] if lang in HEAD_LAST else sorted(
            (h for h in hits if h.start_char >= phrase_start and h.end_char <= start and h.kind != "activity" and h not in nearest),
            key=lambda h: h.start_char - h.end_char)
        for hit in nearest + others:
            if "C:" + hit.id not in out:
                out.append("C:" + hit.id)
    return out


def _in_passing(m: UnitFeatures, d: UnitFeatures, says_it: np.ndarray) -> np.ndarray:
    """1 where a draft rule defines in passing the term a model definition defines, and no draft
    definition defines it (then that definition is the counterpart). `says_it`: the draft units
    whose words have the wording (wordings_of), the only ones looked at again."""
    out = np.zeros((len(d), len(m)), dtype=np.float32)
    defined_by_draft = {t for t in d.defines if t}
    model_terms = {t: i for i, t in enumerate(m.defines) if t and t not in defined_by_draft}
    for j in np.flatnonzero(says_it):
        if d.defines[j] or not model_terms:
            continue
        term = next((t for t in defined_in_passing(d.units[j]) if t in model_terms), None)
        if term:
            out[j, model_terms[term]] = 1.0
    return out


def _clause_mismatch(m_says: dict[str, np.ndarray], d_says: dict[str, np.ndarray]) -> np.ndarray:
    """1 where both units state clauses of one group of EXCLUSIVE_CLAUSES and share none ("These
    rules shall come into force at once" is not the model's "This Act may be cited as", though both
    sit under "Short title and commencement"; an exception is not the model's extension)."""
    out = np.zeros((len(next(iter(d_says.values()))), len(next(iter(m_says.values())))), dtype=bool)
    for names in EXCLUSIVE_CLAUSES:
        m_kinds = np.stack([m_says[n] for n in names], axis=1)
        d_kinds = np.stack([d_says[n] for n in names], axis=1)
        both = d_kinds.any(axis=1)[:, None] & m_kinds.any(axis=1)[None, :]
        shared = (d_kinds.astype(int) @ m_kinds.T.astype(int)) > 0
        out |= both & ~shared
    return out.astype(np.float32)


def _worded_best(base: np.ndarray, m_says: dict[str, np.ndarray], d_says: dict[str, np.ndarray], penalties: np.ndarray) -> np.ndarray:
    """For each draft unit whose wording says what it does, a mark at the model unit doing the same
    that it is most like (1: to be linked if nothing else is, or if all its links are penalty
    provisions too; 2: in any case).

    An offence clause and the model's provisions on penalties (element E26): "commits an offence"
    with the model unit that makes one ("A person commits an offence who ... exports"), "shall be
    liable on conviction" with the one that sets the penalty, each where the model words them
    apart (the bundled model law does; the Regulation has one article for both). A clause that
    does both ("commits an offence and shall, on conviction, be liable to imprisonment") implements
    both. A statement of purpose or scope ("The purposes of this Act are", "This Law regulates")
    and the model's own ("This Regulation establishes"); a short title and a commencement clause
    likewise."""
    out = np.zeros_like(base)
    if not base.size:
        return out

    def worded(name: str, among: np.ndarray) -> np.ndarray:
        chosen = among[m_says[name][among]]
        return chosen if len(chosen) else among

    # 1: linked when the draft unit has no other counterpart (an offence clause is often a subsection
    # of the rule it enforces); 2: linked in any case (a statement of purpose is about the act)
    rules = [("offence", worded("offence", penalties), 1.0), ("penalty", worded("penalty", penalties), 1.0)]
    rules += [(name, np.flatnonzero(m_says[name]), 2.0) for name in ("purpose", "title", "takes-effect")]
    for name, members, level in rules:
        if not len(members):
            continue
        for j in np.flatnonzero(d_says[name]):
            i = members[base[j, members].argmax()]
            out[j, i] = max(out[j, i], level)
    return out


def _penalty_members(m_prof: np.ndarray) -> np.ndarray:
    """The model units whose main element is the checklist's penalties (E26)."""
    elements = element_space().elements
    if "E26" not in elements:
        return np.array([], dtype=int)
    return np.flatnonzero(m_prof.argmax(axis=1) == elements.index("E26"))


def _element_best(base: np.ndarray, d_prof: np.ndarray, m_prof: np.ndarray) -> np.ndarray:
    """1 for each draft unit's closest model unit among those whose main element is the draft
    unit's own main element (every offence clause has a counterpart among the penalty provisions)."""
    out = np.zeros_like(base)
    if not base.size:
        return out
    d_main = d_prof.argmax(axis=1)
    m_main = m_prof.argmax(axis=1)
    for j, e in enumerate(d_main):
        if d_prof[j, e] <= 0:
            continue
        members = np.flatnonzero(m_main == e)
        if len(members):
            out[j, members[base[j, members].argmax()]] = 1.0
    return out


def _expanded_similarity(space: _Space, m: UnitFeatures, d: UnitFeatures, cites: np.ndarray) -> np.ndarray:
    """Cosine of the expanded bags; a draft unit citing the model's source also carries, at half
    weight, the words of the model units drawn from the article it cites."""
    draft_bags = []
    for j, bag in enumerate(d.expanded):
        bag = Counter(bag)
        for i in np.flatnonzero(cites[j]):
            for term, count in m.bags[i].items():
                bag[term] += 0.5 * count
        draft_bags.append(bag)
    return space.matrix(draft_bags) @ space.matrix(m.expanded).T


def _containment(model_matrix: np.ndarray, draft_matrix: np.ndarray, m: UnitFeatures, d: UnitFeatures):
    """How much of each side's weighted words the other side has, and their relative length."""
    m_mass = model_matrix / np.maximum(model_matrix.sum(axis=1, keepdims=True), 1e-9)
    d_mass = draft_matrix / np.maximum(draft_matrix.sum(axis=1, keepdims=True), 1e-9)
    d_has = (draft_matrix > 0).astype(np.float32)
    m_has = (model_matrix > 0).astype(np.float32)
    covers = d_has @ m_mass.T
    covered = d_mass @ m_has.T
    m_len = np.array([sum(b.values()) for b in m.bags], dtype=np.float32)
    d_len = np.array([sum(b.values()) for b in d.bags], dtype=np.float32)
    size = np.clip(np.log2((d_len[:, None] + 1) / (m_len[None, :] + 1)), -3, 3)
    return covers, covered, size


def _residuals(base: np.ndarray, draft_matrix: np.ndarray, model_matrix: np.ndarray, text: np.ndarray):
    """Similarity on what is left to explain: for each draft unit, its words minus those of its best
    model unit, against every other model unit (and the same the other way round). A pair's own
    best keeps its plain text similarity."""
    best_model = base.argmax(axis=1)
    left = draft_matrix * (model_matrix[best_model] == 0)
    left /= np.maximum(np.linalg.norm(left, axis=1, keepdims=True), 1e-9)
    residual = left @ model_matrix.T
    residual[np.arange(len(best_model)), best_model] = text[np.arange(len(best_model)), best_model]
    best_draft = base.argmax(axis=0)
    m_left = model_matrix * (draft_matrix[best_draft] == 0)
    m_left /= np.maximum(np.linalg.norm(m_left, axis=1, keepdims=True), 1e-9)
    col_residual = draft_matrix @ m_left.T
    col_residual[best_draft, np.arange(len(best_draft))] = text[best_draft, np.arange(len(best_draft))]
    return residual, col_residual


# --- explicit signals ----------------------------------------------------------------------------


def _definitions(m: UnitFeatures, d: UnitFeatures, reasons) -> tuple[np.ndarray, np.ndarray]:
    same = np.zeros((len(d), len(m)), dtype=np.float32)
    other = np.zeros_like(same)
    model_terms = [(i, t) for i, t in enumerate(m.defines) if t]
    for j, dterm in enumerate(d.defines):
        if not dterm:
            continue
        for i, mterm in model_terms:
            if mterm == dterm:
                same[j, i] = 1.0
                reasons.setdefault((j, i), []).append(f"both define the same term ({_show(mterm)})")
            else:
                other[j, i] = 1.0
    return same, other


def _show(term: str) -> str:
    return term[2:].replace("-", " ") if term.startswith("C:") else term


EU_CITATION = re.compile(r"(?:Regulation|Directive)\s*\((?:EU|EC|EEC)\)\s*(?:No\s*)?(\d+/\d+)\s*,?\s*Art(?:icle)?\.?\s*(\d+[a-z]?)", re.I)
ACT_NUMBER = re.compile(r"(\d{4}/\d+|\d+/\d{4})")


def _act_number(text: str) -> str:
    found = ACT_NUMBER.search(text or "")
    return found.group(1) if found else ""


def _citations(model: ModelSet, m: UnitFeatures, d: UnitFeatures, reasons) -> np.ndarray:
    """1 where a draft unit cites an article of the act behind a model unit.

    A draft made of sections that names the act somewhere ("the Dual-use Regulation" means
    Regulation (EU) 2021/821) and then cites a bare "Article 4.1" cites that act's article: its
    own provisions are not articles."""
    out = np.zeros((len(d), len(m)), dtype=np.float32)
    targets: dict[tuple[str, str], list[tuple[int, float]]] = {}  # (act, article) -> [(model unit, 1 primary / 0.5 other source)]
    model_act = _act_number(model.title)
    for i, unit in enumerate(m.units):
        if model.kind == "official-act" and model_act:
            targets.setdefault((model_act, unit.article.number), []).append((i, 1.0))
        for k, source in enumerate(getattr(unit.provision, "sources", []) or []):
            cite = EU_CITATION.search(source)
            if cite:
                targets.setdefault((cite.group(1), cite.group(2)), []).append((i, 1.0 if k == 0 else 0.5))
    if not targets:
        return out
    texts = [u.text() for u in d.units]
    named = {a for a, _ in targets} & {found for t in texts for found in ACT_NUMBER.findall(t)}
    implied = next(iter(named)) if len(named) == 1 else ""
    for j, doc in enumerate(analyse_many(texts, [u.language for u in d.units])):
        own_articles = d.units[j].article.kind == "article"
        for ref in doc._.references:
            if ref.target != "article":
                continue
            act = _act_number(ref.external) if ref.external else ("" if own_articles else implied)
            for i, weight in targets.get((act, ref.path[0]) if act else ("", ""), []):
                out[j, i] = max(out[j, i], weight)
                reasons.setdefault((j, i), []).append(f"cites {ref.text} of {ref.external or 'Regulation (EU) ' + act}")
    return out


# --- relative and structural signals ----------------------------------------------------------------


def _relative(base: np.ndarray, model_alike: np.ndarray) -> dict[str, np.ndarray]:
    """How a pair stands among the draft unit's candidates and among the model unit's."""
    eps = 1e-6
    row_max = base.max(axis=1, keepdims=True)
    col_max = base.max(axis=0, keepdims=True)
    row_best = np.zeros_like(base)
    row_best[np.arange(base.shape[0]), base.argmax(axis=1)] = 1.0
    col_best = np.zeros_like(base)
    col_best[base.argmax(axis=0), np.arange(base.shape[1])] = 1.0
    best_of_row = base.argmax(axis=1)
    alike = model_alike[best_of_row] * (1.0 - row_best)  # the best itself is no echo
    return {
        "row_rel": np.clip(base / np.maximum(row_max, eps), 0, 1),
        "col_rel": np.clip(base / np.maximum(col_max, eps), 0, 1),
        "row_best": row_best,
        "col_best": col_best,
        "alike_best": alike,
    }


def _coherence(base: np.ndarray, draft_articles: list[str], model_articles: list[str]) -> np.ndarray:
    """For each pair, the share of the other units of the draft article whose best match lies in
    the candidate's model article: provisions of one article tend to stay together."""
    best = base.argmax(axis=1)
    article_ids = {a: k for k, a in enumerate(dict.fromkeys(model_articles))}
    article_of = np.array([article_ids[a] for a in model_articles])
    out = np.zeros_like(base)
    members_of: dict[str, list[int]] = {}
    for j, key in enumerate(draft_articles):
        members_of.setdefault(key, []).append(j)
    for members in members_of.values():
        if len(members) < 2:
            continue
        best_articles = article_of[best[members]]
        for pos, j in enumerate(members):
            counts = np.bincount(np.delete(best_articles, pos), minlength=len(article_ids)) / (len(members) - 1)
            out[j] = counts[article_of]
    return out


def _neighbours(base: np.ndarray, model_articles: list[str]) -> np.ndarray:
    """For each pair, the share of the draft unit's neighbours in document order whose best match
    is the candidate's model article or an adjacent one: drafters move articles about, but
    rarely one paragraph away from its fellows."""
    n_draft = base.shape[0]
    article_ids = {a: k for k, a in enumerate(dict.fromkeys(model_articles))}
    article_of = np.array([article_ids[a] for a in model_articles])
    best_article = article_of[base.argmax(axis=1)]
    out = np.zeros_like(base)
    for j in range(n_draft):
        near = [k for k in range(j - NEIGHBOUR_WINDOW, j + NEIGHBOUR_WINDOW + 1) if 0 <= k < n_draft and k != j]
        if not near:
            continue
        distance = np.abs(best_article[near][:, None] - article_of[None, :])
        out[j] = (distance <= 1).mean(axis=0)
    return out
