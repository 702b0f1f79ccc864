"""The language layer: a blank English spaCy pipeline with custom components for legal text.

No trained model is used (none can be installed offline). The pipeline is

    sentencizer -> drafting_lines -> drafting_lemmatizer -> drafting_concepts
                -> drafting_modality -> drafting_quantities -> drafting_references

and each component records what it finds as extension attributes on the Doc:

    doc._.concepts    ConceptHit(concept id, kind, token start/end, char start/end)
    doc._.modals      Modal(force, negated, hedged, char start/end, sentence index)
    doc._.quantities  Quantity(value, unit, qualifier, char start/end)
    doc._.references  Reference(target kind, number path, external act or "", char start/end)
    doc._.defines     the term a definition defines ("" if none)

Lemmas come from spaCy's lookup table (spacy-lookups-data), looked up on the lower-cased
form because the table is case-sensitive. `analyse(text)` returns a cached Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from drafting.language import detect
from drafting.vocabulary import concepts, profile

# --- what the components record -------------------------------------------------------------------


@dataclass(frozen=True)
class ConceptHit:
    id: str
    kind: str
    start: int  # token index
    end: int
    start_char: int
    end_char: int


@dataclass(frozen=True)
class Modal:
    force: str  # obligation | prohibition | permission
    hedged: bool  # "shall endeavour to", "should", "where practicable"
    start_char: int
    end_char: int
    sentence: int
    text: str


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # year | month | week | day | working day | hour | percent | currency | penalty unit | count
    qualifier: str  # at-least | up-to | exactly
    start_char: int
    end_char: int
    text: str

    @property
    def in_days(self) -> float | None:
        factor = {"year": 365.0, "month": 30.0, "week": 7.0, "day": 1.0, "working day": 1.4, "hour": 1 / 24}.get(self.unit)
        return None if factor is None else self.value * factor


@dataclass(frozen=True)
class Reference:
    target: str  # article | section | subsection | paragraph | point | regulation | rule | schedule | annex
    path: tuple[str, ...]  # ("12", "3", "a")
    external: str  # the act referred to, "" for a reference inside the same text
    start_char: int
    end_char: int
    text: str


for _name in ("concepts", "modals", "quantities", "references"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("defines"):
    Doc.set_extension("defines", default="")


# --- components ---------------------------------------------------------------------------------------


@Language.component("drafting_lines")
def drafting_lines(doc: Doc) -> Doc:
    """A line break ends a sentence: points of a list are compared one by one."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text:
            doc[i + 1].is_sent_start = True
        elif token.text == ";" and i + 1 < len(doc) and not doc[i + 1].is_sent_start:
            doc[i + 1].is_sent_start = True
    return doc


@Language.factory("drafting_lemmatizer")
def make_lemmatizer(nlp: Language, name: str):
    return LowerLookupLemmatizer()


class LowerLookupLemmatizer:
    """spaCy's English lookup lemmas, looked up on the lower-cased form (the table is case-sensitive),
    in one spelling ("authorisation" and "authorization" share the lemma), so that concepts and
    similarity do not depend on British or American spelling."""

    def __init__(self):
        from spacy.lookups import load_lookups

        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self.extra = {"licences": "licence", "licenses": "license", "authorisations": "authorisation",
                      "authorizations": "authorization", "brokering": "brokering", "data": "data", "means": "means",
                      "goods": "goods", "services": "service", "requirements": "requirement", "provisions": "provision"}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            lower = token.lower_
            token.lemma_ = one_spelling(self.extra.get(lower) or self.table.get(lower, lower))
        return doc


@Language.factory("drafting_concepts")
def make_concepts(nlp: Language, name: str):
    return ConceptMatcher(nlp)


class ConceptMatcher:
    """Find vocabulary concepts by lemma with a PhraseMatcher; drop hits inside a longer hit of the same kind.

    The phrases are English (vocabulary.yaml) or, for another language, those of its bilingual
    lexicon (drafting/data/languages/<code>.yaml); either way a hit names the same concept id."""

    EXACT_KINDS = ("trigger",)  # "known" must not count as "knows": English triggers match word for word

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.exact = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.kinds: dict[str, str] = {}
        lemmatizer = nlp.get_pipe("drafting_lemmatizer")
        foreign = profile(nlp.lang)
        for concept in concepts().values():
            self.kinds[concept.id] = concept.kind
            phrases = foreign.concept_phrases.get(concept.id, ()) if foreign else concept.phrases
            if not phrases:
                continue
            if concept.kind in self.EXACT_KINDS and foreign is None:
                self.exact.add(concept.id, [nlp.make_doc(p.lower()) for p in phrases])
            else:
                self.matcher.add(concept.id, [lemmatizer(nlp.make_doc(p)) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        hits = []
        for match_id, start, end in list(self.matcher(doc)) + list(self.exact(doc)):
            cid = doc.vocab.strings[match_id]
            span = doc[start:end]
            hits.append(ConceptHit(cid, self.kinds[cid], start, end, span.start_char, span.end_char))
        kept = [
            h for h in hits
            if not any(o is not h and o.kind == h.kind and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in hits)
        ]
        doc._.concepts = sorted(set(kept), key=lambda h: (h.start, h.end, h.id))
        return doc


OBLIGATION_WORDS = {"shall", "must"}
POSSIBLE_USE = {"be intended", "be used", "be destined", "be likely", "be diverted", "be required", "be needed"}
PERMISSION_WORDS = {"may", "can"}
MODAL_WORDS = OBLIGATION_WORDS | PERMISSION_WORDS
# What qualifies a duty: "shall endeavour to", "shall use its best endeavours", "where practicable", "should"
DUTY_WORDS = ("shall", "must", "will")
HEDGE_VERBS = ("endeavour", "endeavor", "seek", "try", "strive", "aim")
HEDGE_EFFORTS = ("best", "reasonable", "its", "all")
HEDGE_OPENERS = ("where", "wherever", "whenever", "if", "so", "as")
HEDGE_LIMITS = ("practicable", "possible", "feasible", "appropriate")
HEDGE = re.compile(
    rf"\b(?:(?:{'|'.join(DUTY_WORDS)})\s+(?:{'|'.join(HEDGE_VERBS)}|use\s+(?:{'|'.join(HEDGE_EFFORTS)})\b(?:\s+\w+)?)"
    rf"|(?:{'|'.join(HEDGE_OPENERS)})\s+(?:far\s+)?(?:as\s+)?(?:{'|'.join(HEDGE_LIMITS)})|should)\b", re.I)
NEGATIVE_SUBJECTS = {"no", "neither", "nobody", "none"}


def _phrases(*parts: tuple[str, ...] | str) -> list[str]:
    """Every phrase made of one choice from each part ("" in a part: the word may be left out)."""
    out = [""]
    for part in parts:
        choices = (part,) if isinstance(part, str) else part
        out = [f"{head} {c}".strip() for head in out for c in choices]
    return out


BE = ("is", "are", "be", "shall", "will", "being")
MODAL_PHRASES = {
    "OBLIGATION": _phrases(BE, ("required", "obliged", "bound"), "to") + _phrases(("has", "have"), "a duty")
    + _phrases(BE, "under", ("a", "an", "legal", ""), ("obligation", "duty")),
    "PROHIBITION": _phrases(BE, ("prohibited", "forbidden")) + _phrases(("commits", "commit"), "an offence")
    + _phrases(BE, "guilty of") + ["it is an offence"],
    "PERMISSION": _phrases(BE, ("entitled", "empowered", "permitted", "allowed", "authorised", "authorized"), "to")
    + _phrases("at", ("its", "his", "her", "their"), "discretion"),
    "HEDGE": _phrases(DUTY_WORDS, HEDGE_VERBS) + _phrases(DUTY_WORDS, "use", HEDGE_EFFORTS)
    + _phrases(HEDGE_OPENERS, ("far", ""), ("as", ""), HEDGE_LIMITS) + ["should"],
    "MODAL_WORD": sorted(MODAL_WORDS),  # the candidates read in ModalityFinder
}


@Language.factory("drafting_modality")
def make_modality(nlp: Language, name: str):
    return ModalityFinder(nlp)


class ModalityFinder:
    """Deontic force of each clause: obligation, prohibition or permission, and hedges."""

    def __init__(self, nlp: Language):
        # fixed phrases, matched on the lower-cased words by a PhraseMatcher (a token Matcher tried
        # every pattern at every word of every provision: a tenth of a 30,000-word run)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in MODAL_PHRASES.items():
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        sent_index = _sentence_numbers(doc)
        doc_text = text_of(doc)
        modals: list[Modal] = []
        hedged_sents = set()
        covered: set[int] = set()
        candidates: list[int] = []
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if label == "MODAL_WORD":
                candidates.append(start)
                continue
            span = doc[start:end]
            if label == "HEDGE":
                hedged_sents.add(sent_index[start])
                if span[0].lower_ == "should":
                    modals.append(Modal("obligation", True, span.start_char, span.end_char, sent_index[start], span.text))
                    covered.add(start)
                continue
            force = {"OBLIGATION": "obligation", "PROHIBITION": "prohibition", "PERMISSION": "permission"}[label]
            if force == "obligation" and any(t.lower_ == "not" for t in doc[max(0, start - 1):end]):
                force = "prohibition"
            modals.append(Modal(force, False, span.start_char, span.end_char, sent_index[start], span.text))
            covered.update(range(start, end))
        for token in (doc[i] for i in sorted(set(candidates))):
            if token.i in covered:
                continue
            if token.lower_ == "may" and token.i > 0 and doc[token.i - 1].lower_ in ("as", "which", "that") and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("be",) and _is_reference_phrase(doc, token.i):
                continue  # "as may be prescribed": not a rule of the provision
            if token.lower_ == "can" and not _is_modal_can(doc, token.i):
                continue
            if token.lower_ == "may" and token.i >= 2 and doc[token.i - 1].lower_ == "or" and doc[token.i - 2].lower_ in ("is", "are", "was", "were"):
                continue  # "are or may be intended": a possibility, not a permission
            if token.lower_ == "may" and " ".join(t.lower_ for t in doc[token.i + 1:token.i + 3]) in POSSIBLE_USE:
                continue  # "intended, or may be intended": a possibility, not a permission
            if token.lower_ == "may" and _in_condition(doc, token.i):
                continue  # "Where a foreign person may dispose of the goods, ...": a case, not a permission
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            negated = nxt is not None and nxt.lower_ in ("not", "n't", "never")
            subject_negative = _negative_subject(doc, token.i)
            sent = sent_index[token.i]
            end_char = nxt.idx + len(nxt.text) if negated else token.idx + len(token.text)
            text = doc_text[token.idx:end_char]
            if token.lower_ in OBLIGATION_WORDS:
                force = "prohibition" if (negated or subject_negative) else "obligation"
            else:
                force = "prohibition" if (negated or subject_negative) else "permission"
            modals.append(Modal(force, False, token.idx, end_char, sent, text))
        modals = [Modal(m.force, m.hedged or (m.sentence in hedged_sents and m.force == "obligation"), m.start_char, m.end_char, m.sentence, m.text) for m in modals]
        doc._.modals = sorted(modals, key=lambda m: m.start_char)
        return doc


def _sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token (from the array of sentence starts: a loop over the
    tokens in Python made Token objects for every word of every provision)."""
    if not len(doc):
        return []
    starts = doc.to_array("SENT_START") == 1
    starts[0] = True
    return (np.cumsum(starts) - 1).tolist()


def _is_reference_phrase(doc: Doc, i: int) -> bool:
    window = " ".join(t.lower_ for t in doc[i + 1:i + 4])
    return window.startswith(("be prescribed", "be specified", "be necessary", "be required", "be determined", "be appropriate", "be the case"))


CONDITION_WORDS = {"where", "if", "when", "whenever", "unless", "whether", "wherever"}


def _in_condition(doc: Doc, i: int) -> bool:
    """Whether the token at `i` is in a clause that opens with "where", "if", "when" ...: the
    condition of a rule, not the rule ("Where the person may be liable, ..."; but not "Where it
    considers it necessary, the Authority may ...", whose "may" follows the comma)."""
    k = i - 1
    while k >= 0 and not doc[k].is_sent_start and doc[k].text not in CLAUSE_BREAKS:
        k -= 1
    start = k + 1 if k >= 0 and doc[k].text in CLAUSE_BREAKS else max(k, 0)
    opening = CLAUSE_OPENING.match(doc[start:i].text)
    return bool(opening) and opening.group(1).lower() in CONDITION_WORDS


CLAUSE_BREAKS = {",", ";", ":", "—", "–"}
CLAUSE_OPENING = re.compile(r"^\s*(?:\(?[0-9a-zA-Z]{1,4}[.)]\s*)?([^\W\d_]+)")


def _is_modal_can(doc: Doc, i: int) -> bool:
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and nxt.lower_ in ("not",)  # "can" alone describes capability, "cannot"/"can not" forbids


def _negative_subject(doc: Doc, i: int) -> bool:
    """'No person shall ...', 'Neither the exporter nor ... shall': the subject negates the verb."""
    sent_start = i
    while sent_start > 0 and not doc[sent_start].is_sent_start and i - sent_start < 12:
        sent_start -= 1
    for token in doc[max(sent_start, i - 12):i]:
        if token.lower_ in NEGATIVE_SUBJECTS and not (token.lower_ == "no" and doc[token.i + 1].lower_ in ("later", "longer", "more", "less", "objection")):
            return True
    return False


WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a": 1, "an": 1,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
UNIT_WORDS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week", "weeks": "week",
    "day": "day", "days": "day", "hour": "hour", "hours": "hour", "percent": "percent", "%": "percent",
    "units": "penalty unit", "unit": "penalty unit",
}
CURRENCY_WORDS = {"dollars", "dollar", "euros", "euro", "eur", "usd", "ringgit", "rupees", "pounds", "francs", "tenge", "dirhams",
                  "pesos", "rand", "yen", "currency", "units", "$", "€", "£"}
QUALIFIERS = [
    ("at-least", ("at least", "not less than", "no less than", "a minimum of", "minimum of", "minimum", "or more", "not shorter than", "no shorter than")),
    ("up-to", ("up to", "not exceeding", "not more than", "no more than", "no longer than", "not longer than", "maximum of", "a maximum of",
               "maximum", "within", "at most", "exceeding", "until", "before the end of", "or less")),
]


HAS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(w for w in WORD_NUMBERS if len(w) > 2) + r")\b", re.I)


@Language.component("drafting_quantities")
def drafting_quantities(doc: Doc) -> Doc:
    """Figures with their unit and qualifier: 'at least five (5) years', 'within 10 working days'."""
    found: list[Quantity] = []
    text = text_of(doc)
    if not HAS_NUMBER.search(text):
        doc._.quantities = found
        return doc
    tokens = doc  # indexed where a figure may start, not walked token by token
    i = 0
    for first in _number_starts(doc, text):
        if first < i:
            continue
        value, j = _read_number(tokens, first)
        if value is None:
            continue
        i = first
        # "five (5) years": skip the figure repeated in brackets
        if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 1].like_num and tokens[j + 2].text == ")":
            j += 3
        unit, k = _read_unit(tokens, j, i)
        if unit is None:
            i = j
            continue
        start = tokens[i].idx
        end = tokens[k - 1].idx + len(tokens[k - 1].text)
        before = text[max(0, start - 40):start].lower()
        after = text[end:end + 12].lower()
        qualifier = "exactly"
        for q, phrases in QUALIFIERS:
            if any(before.rstrip().endswith(p) for p in phrases) or any(after.lstrip().startswith(p) for p in phrases if p.startswith("or ")):
                qualifier = q
                break
        found.append(Quantity(value, unit, qualifier, start, end, text[start:end]))
        i = k
    doc._.quantities = found
    return doc


def _number_starts(doc: Doc, text: str) -> list[int]:
    """Indices of the tokens where a figure may start (a digit or a number word)."""
    out = []
    for m in HAS_NUMBER.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and (not out or span.start != out[-1]):
            out.append(span.start)
    return out


def _read_number(tokens, i: int) -> tuple[float | None, int]:
    t = tokens[i]
    text = t.lower_.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        value = float(text)
        j = i + 1
        if j < len(tokens) and tokens[j].lower_ in SCALES:
            value *= SCALES[tokens[j].lower_]
            j += 1
        return value, j
    if text in WORD_NUMBERS and text not in ("a", "an"):
        value = 0.0
        current = 0.0
        j = i
        while j < len(tokens):
            w = tokens[j].lower_
            if w in WORD_NUMBERS and w not in ("a", "an", "hundred"):
                current += WORD_NUMBERS[w]
            elif w == "hundred":
                current = max(current, 1) * 100
            elif w in SCALES:
                value += max(current, 1) * SCALES[w]
                current = 0
            elif w in ("-", "and") and j + 1 < len(tokens) and tokens[j + 1].lower_ in WORD_NUMBERS:
                pass
            else:
                break
            j += 1
        return value + current, j
    return None, i + 1


def _read_unit(tokens, j: int, i: int) -> tuple[str | None, int]:
    if j >= len(tokens):
        return None, j
    w = tokens[j].lower_
    if w in ("working", "business") and j + 1 < len(tokens) and tokens[j + 1].lower_ in ("day", "days"):
        return "working day", j + 2
    if w in ("calendar",) and j + 1 < len(tokens) and tokens[j + 1].lower_ in ("day", "days", "year", "years", "month", "months"):
        return UNIT_WORDS[tokens[j + 1].lower_], j + 2
    if w == "per" and j + 1 < len(tokens) and tokens[j + 1].lower_ == "cent":
        return "percent", j + 2
    if w == "penalty" and j + 1 < len(tokens) and tokens[j + 1].lower_ in ("units", "unit"):
        return "penalty unit", j + 2
    if w in UNIT_WORDS and w not in ("units", "unit"):
        return UNIT_WORDS[w], j + 1
    if w in CURRENCY_WORDS or (i > 0 and tokens[i - 1].text in ("$", "€", "£")):
        return "currency", j + 1 if w in CURRENCY_WORDS else j
    return None, j


REFERENCE = re.compile(
    r"\b(?P<word>Articles?|Art\.|[Ss]ections?|[Ss]ubsections?|[Pp]aragraphs?|[Ss]ubparagraphs?|[Pp]oints?|[Rr]egulations?|[Rr]ules?|"
    r"[Ss]chedules?|Annex(?:es)?)\s+"
    r"(?P<num>(?:\d+[A-Za-z]?(?:\s?(?:bis|ter))?|\(\d{1,3}[A-Za-z]?\)|\([a-z]{1,4}\)|[IVX]+\b)(?:\.\d{1,2}(?!\d))?(?:\s?\([0-9a-z]{1,4}\))*)"
)
EXTERNAL = re.compile(
    r"^\s*(?:,\s*)?(?:of|to|under|in)\s+(?:the\s+)?(?P<act>(?:Regulation|Directive|Decision)\s*\((?:EU|EC|EEC|Euratom)\)\s*(?:No\s*)?\d+/\d+|"
    r"[A-Z][\w()\-]*(?:\s+[A-Z(][\w()\-]*)*\s+(?:Act|Code|Order|Regulations|Convention|Treaty)(?:,?\s+\d{4})?|the\s+\w+\s+Act|that\s+(?:Act|Regulation|Code))"
)
ACT_BEFORE = re.compile(r"(?P<act>(?:Regulation|Directive)\s*\((?:EU|EC|EEC)\)\s*(?:No\s*)?\d+/\d+)\s*,?\s*$")


REFERENCE_MORE = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)"
    r"(?P<num>(?:\d+[A-Za-z]?(?:\.\d{1,2}(?!\d))?|\([0-9a-z]{1,4}\))(?:\s?\([0-9a-z]{1,4}\))*)(?![\w/])"
)
REFERENCE_TARGETS = {"art": "article", "article": "article", "section": "section", "subsection": "subsection", "paragraph": "paragraph",
                     "subparagraph": "subparagraph", "point": "point", "regulation": "regulation", "rule": "rule", "schedule": "schedule",
                     "annex": "annex", "annexe": "annex"}


def _reference_path(num: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[()\s.]+", num) if p)  # "Article 3.1" is Article 3(1)


@Language.component("drafting_references")
def drafting_references(doc: Doc) -> Doc:
    """Cross-references: 'section 12(3)(a)', 'Article 4(1)', 'Regulation (EU) 2021/821, Art 27(3)', and
    each item of a list of them ('section 7(2), 8(2) or 9(2)', 'Articles 4, 5 and 6 of ...')."""
    refs: list[Reference] = []
    text = text_of(doc)
    for m in REFERENCE.finditer(text):
        word = m.group("word").lower().rstrip(".")
        word = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        word = "annex" if word.startswith("annex") else word
        target = REFERENCE_TARGETS.get(word, word)
        items = [(_reference_path(m.group("num")), m.start(), m.end(), m.group(0))]
        end = m.end()
        while True:
            more = REFERENCE_MORE.match(text[end:end + 40])
            if not more:
                break
            path = _reference_path(more.group("num"))
            if more.group("num").startswith("(") and items[-1][0]:
                path = items[-1][0][:1] + path if target in ("section", "article") else path  # "section 7(2) or (3)"
            items.append((path, end + more.start("num"), end + more.end("num"), more.group("num")))
            end += more.end()
        ext = EXTERNAL.match(text[end:end + 120])
        external = ext.group("act") if ext else ""
        if not external:
            before = ACT_BEFORE.search(text[max(0, m.start() - 60):m.start()])
            external = before.group("act") if before else ""
        for path, start, stop, shown in items:
            refs.append(Reference(target, path, external, start, stop, shown))
    doc._.references = refs
    return doc


DEFINES = re.compile(
    r"^\s*(?:\(?[0-9a-z]{1,4}[.)]\s*)?[“\"‘'](?P<term>[^”\"’']{1,80})[”\"’']\s*(?:or\s+[“\"‘'][^”\"’']{1,40}[”\"’']\s*)?(?:\([^)]*\)\s*)?,?\s*(?:means|includes|has the|refers to|shall mean|mean)\b"
    r"|^\s*(?:\(?[0-9a-z]{1,4}[.)]\s*)?(?P<bare>[A-Z][\w\- ]{1,60}?)\s+(?:refers to|refer to|means)\b"
    # "re-export – the export of ...", "Exporter — any person who ...": a term, a dash, then what it means
    r"|^\s*(?:\(?[0-9a-z]{1,4}[.)]\s*)?(?P<dashed>[a-z][\w\- ,()]{1,60}?|[A-Z][\w\- ,()]{1,60}?(?=\s+[–—]\s+(?:a|an|the|any)\b))\s+[–—]\s+\S"
)


@Language.component("drafting_definitions")
def drafting_definitions(doc: Doc) -> Doc:
    m = DEFINES.match(doc[:60].text)  # a definition says so in its first words (Doc.text would rebuild the whole text)
    doc._.defines = (m.group("term") or m.group("bare") or m.group("dashed") or "").strip() if m else ""
    return doc


# --- the pipeline --------------------------------------------------------------------------------------


PIPELINES = ("en", "fr", "es", "ru", "ar")  # languages with a full pipeline; others get figures and references only


# The components, in order: each a name in the pipeline, and the factory that makes it for English
# (and for a language without a profile) or from the language's profile (drafting.nlp_languages).
COMPONENTS = [
    ("drafting_lemmatizer", "drafting_lemmatizer", "drafting_profile_lemmatizer"),
    ("drafting_concepts", "drafting_concepts", "drafting_concepts"),
    ("drafting_modality", "drafting_modality", "drafting_profile_modality"),
    ("drafting_quantities", "drafting_quantities", "drafting_profile_quantities"),
    ("drafting_references", "drafting_references", "drafting_profile_references"),
    ("drafting_definitions", "drafting_definitions", "drafting_profile_definitions"),
]


@lru_cache(maxsize=8)
def get_nlp(lang: str = "en") -> Language:
    """The blank pipeline of a language with the drafting components (built once per language).
    English and languages without a profile ("xx": figures and article numbers only) use the
    English components; French, Spanish, Russian and Arabic the profile-driven ones."""
    code = lang if lang in PIPELINES else "xx"
    profiled = code not in ("en", "xx")
    if code != "en":
        import drafting.nlp_languages  # noqa: F401  (registers the profile-driven components)
    nlp = spacy.blank(code)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("drafting_lines")
    for name, english, profile_factory in COMPONENTS:
        if profiled and profile_factory != english:
            nlp.add_pipe(profile_factory, name=name, config={"code": code})
        else:
            nlp.add_pipe(english, name=name)
    return nlp


def language_of(text: str, lang: str | None = None) -> str:
    """The pipeline a text goes through: the language given, else the one detected (English by default)."""
    if lang:
        return lang
    return detect(text).code


_CACHE: dict[tuple[str, str], Doc] = {}  # least recently used first
_CACHE_LIMIT = 20000


def _cached(key: tuple[str, str]) -> Doc | None:
    """The analysed Doc of a (language, text), moved to the end as the most recently used, so that
    the texts every comparison reads again (the model law's) outlive a long run of drafts."""
    doc = _CACHE.pop(key, None)
    if doc is not None:
        _CACHE[key] = doc
    return doc


def _keep(key: tuple[str, str], doc: Doc) -> None:
    """Cache a Doc; past the limit the least recently used quarter is let go (a clear-all made
    every comparison after it analyse the model law again)."""
    if len(_CACHE) >= _CACHE_LIMIT:
        for old in list(_CACHE)[: _CACHE_LIMIT // 4]:
            del _CACHE[old]
    _CACHE[key] = doc


def text_of(doc: Doc) -> str:
    """The Doc's text, kept with it: spaCy rebuilds `Doc.text` from the tokens at every call, which
    on a long provision costs more than the check that reads it."""
    text = doc.user_data.get("drafting_text")
    if text is None:
        text = doc.user_data["drafting_text"] = doc.text
    return text


def _new_doc(nlp: Language, text: str) -> Doc:
    """The tokens of `text`, with the text kept for `text_of` (the components all read it)."""
    doc = nlp.make_doc(text)
    doc.user_data["drafting_text"] = text
    return doc


def analyse(text: str, lang: str | None = None) -> Doc:
    """The analysed Doc of a text (cached: the same text is analysed once). `lang` chooses the
    pipeline; without it the text's language is detected."""
    code = language_of(text, lang)
    doc = _cached((code, text))
    if doc is None:
        doc = get_nlp(code)(_new_doc(get_nlp(code), text))
        _keep((code, text), doc)
    return doc


def analyse_many(texts: list[str], lang: str | list[str] | None = None) -> list[Doc]:
    """Analyse several texts at once (faster than one by one), reusing cached results. `lang` is
    one language for all, one per text ("" or None: detect), or None."""
    langs = lang if isinstance(lang, list) else [lang] * len(texts)
    keys = [(language_of(t, code or None), t) for t, code in zip(texts, langs)]
    unique = list(dict.fromkeys(keys))
    found = {k: doc for k in unique if (doc := _cached(k)) is not None}
    missing = [k for k in unique if k not in found]
    by_language: dict[str, list[str]] = {}
    for code, text in missing:
        by_language.setdefault(code, []).append(text)
    for code, group in by_language.items():
        nlp = get_nlp(code)
        for text, doc in zip(group, nlp.pipe((_new_doc(nlp, t) for t in group), batch_size=256)):
            found[(code, text)] = doc
            _keep((code, text), doc)
    return [found[k] for k in keys]


def defined_term(unit, doc: Doc) -> str:
    """The term a unit defines ("" if none): a definition unit's own term (the structure stage
    names it: 'Section 2 "broker"'), else the term its text defines ("“broker” means ..."), else
    the term a model law states it defines (a concept id, read as its first English phrase)."""
    provision = unit.provision
    if provision.kind == "definition" and provision.number:
        return provision.number
    if doc._.defines:
        return doc._.defines
    stated = getattr(provision, "defines", "") or ""
    concept = concepts().get(stated)
    return concept.phrases[0] if concept and concept.phrases else stated.replace("-", " ")


def term_concept(term: str, lang: str | None = None) -> str:
    """The vocabulary concept a defined term names, read in its own language ("" if none): the
    longest phrase found ("export licence" is a licence, not an export); an English term also as
    "the <term>" ("Controller": the vocabulary has "the controller")."""
    if not term:
        return ""
    doc = analyse(term, lang)
    hits = doc._.concepts or (analyse(f"the {term}", "en")._.concepts if doc.lang_ == "en" else [])
    return max(hits, key=lambda h: h.end - h.start).id if hits else ""


LEGAL_STOP_WORDS = {"shall", "may", "must", "pursuant", "thereof", "therein", "thereto", "hereby", "herein", "hereof",
                    "hereunder", "thereunder", "whereby", "accordance", "provide", "provision", "article", "section",
                    "subsection", "paragraph", "point", "act", "regulation", "referred", "refer", "apply", "relevant",
                    "concern", "without", "prejudice", "purpose", "following"}


def content_lemmas(doc: Doc, start: int = 0, end: int | None = None) -> list[str]:
    """The words that carry meaning, as lemmas in one spelling, plus one "C:<id>" word for each
    vocabulary concept found (and for the broader concepts it falls under), so that "permit" and
    "licence" share a word while "individual and global licences" still shares "individual".

    `start`/`end` (token indices) restrict the count to a part of the text. The result is kept
    with the Doc (analysed Docs are cached, so a model law's words are counted once a process).
    """
    end = len(doc) if end is None else end
    kept = doc.user_data.setdefault("drafting_content_lemmas", {})
    if (start, end) not in kept:
        kept[(start, end)] = tuple(_content_lemmas(doc, start, end))
    return list(kept[(start, end)])


def _content_lemmas(doc: Doc, start: int, end: int) -> list[str]:
    out: list[str] = []
    vocabulary = concepts()
    foreign = profile(doc.lang_) if doc.lang_ != "en" else None
    foreign_stops = foreign.stop_words if foreign else frozenset()
    for hit in doc._.concepts:
        if hit.start < start or hit.end > end:
            continue
        out.append(f"C:{hit.id}")
        out.extend(f"C:{b}" for b in vocabulary[hit.id].broader)
    glossary = _english_words(doc.lang_) if foreign else {}
    for token in doc[start:end]:
        if token.is_punct or token.is_space or token.is_stop or token.like_num:
            continue
        if foreign:
            # a glossary word counts even where the language lists it as too common to ("loi" is the
            # model's "law"); the others keep their own lemma
            english = glossary.get(token.lemma_)
            lemma = one_spelling(english) if english else token.lemma_
        else:
            lemma = one_spelling(token.lemma_)
        if len(lemma) < 2 or not any(c.isalpha() for c in lemma) or lemma in LEGAL_STOP_WORDS or lemma in foreign_stops:
            continue
        out.append(lemma)
    return out


def _english_words(code: str) -> dict[str, str]:
    from drafting.nlp_languages import english_words  # (the language layer loads once drafting.nlp is loaded)

    return english_words(code)


SPELLING_RULES = [(re.compile(r"isation$"), "ization"), (re.compile(r"ise$"), "ize"), (re.compile(r"our$"), "or"),
                  (re.compile(r"^licence$"), "license"), (re.compile(r"^defence$"), "defense"), (re.compile(r"^programme$"), "program"),
                  (re.compile(r"ship$"), "ship"), (re.compile(r"^transship"), "tranship")]


@lru_cache(maxsize=50000)
def one_spelling(lemma: str) -> str:
    """British and American spellings of a word reduced to one ("authorisation" -> "authorization")."""
    for pattern, repl in SPELLING_RULES:
        lemma = pattern.sub(repl, lemma)
    return lemma
