"""The language layer for drafts not written in English: French, Spanish, Russian, Arabic.

The pipeline has the same shape and fills the same Doc attributes as the English one (see
`drafting.nlp`), so that everything after it — alignment, findings, export — works unchanged:

    sentencizer -> drafting_lines -> drafting_lemmatizer -> drafting_concepts
                -> drafting_modality -> drafting_quantities -> drafting_references -> drafting_definitions

What differs is read from the language's profile (drafting/data/languages/<code>.yaml, see
`drafting.vocabulary.profile`): the concept phrases of the bilingual lexicon (so that "courtage",
"посреднические услуги" and "الوساطة" are all C:brokering, as "brokering" is), the modal verbs
("doit"/"peut", "обязан"/"вправе", "يجب"/"يجوز"), number words, units and the words that
qualify a figure, and the words that cite a provision. Lemmas come from spaCy's lookup tables
(spacy-lookups-data: French, Spanish, Russian), looked up on the lower-cased form; Arabic, for
which spaCy has no table, goes through a light stemmer.

English keeps its own components (drafting.nlp): they carry rules tuned on English statute
wording (the perturbation suite measures them), which these generic ones do not replace.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from drafting.nlp import text_of  # (drafting.nlp loads this module only once it is itself loaded)
from drafting.vocabulary import LanguageProfile, profile

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")  # short vowels, shadda, sukun, tatweel
ARABIC_ACCUSATIVE = re.compile(r"(?:\u0627\u064B|\u064B\u0627)$")  # "اً" or "ًا" at the end of a word
ARABIC_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
ARABIC_SUFFIXES = ("ات", "ون", "ين", "ان", "ها", "هم", "هن", "ية", "ة", "ه")


def plain_text(text: str, lang: str) -> str:
    """The text as the wordings of a language profile are written: Arabic without diacritics or
    tatweel, its alef forms and final alef maqsura unified ("يُعمل بهذا القانون" -> "يعمل بهذا القانون");
    other languages as they are."""
    if lang != "ar":
        return text
    text = ARABIC_DIACRITICS.sub("", text)
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")


def plain_offsets(text: str, lang: str) -> list[int]:
    """For each character of plain_text(text, lang), where it stands in `text` (a pattern found in
    the plain text is placed on the words as written, diacritics and all)."""
    if lang != "ar":
        return list(range(len(text)))
    return [k for k, char in enumerate(text) if not ARABIC_DIACRITICS.fullmatch(char)]


@lru_cache(maxsize=100000)
def arabic_stem(word: str) -> str:
    """A light stem of an Arabic word: diacritics and tatweel removed, alef forms unified, then
    one attached conjunction/preposition/article and one plural or feminine ending taken off,
    as long as a stem of three letters remains ("والتراخيص" -> "تراخيص", "الجمركية" -> "جمرك").
    The alef that carries an accusative tanween goes with it ("برنامجاً" -> "برنامج")."""
    w = plain_text(ARABIC_ACCUSATIVE.sub("", word), "ar")
    for prefix in ARABIC_PREFIXES:
        if w.startswith(prefix.replace("أ", "ا")) and len(w) - len(prefix) >= 3:
            w = w[len(prefix):]
            break
    for suffix in ARABIC_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w


RUSSIAN_ADJECTIVE_ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ая", "яя", "ую", "юю", "ой", "ей", "ые", "ие", "ых", "их",
                             "ым", "им", "ый", "ий", "ое", "ее")


# case endings of nouns, longest first ("экспортер-ами", "держател-ем", "кибернаблюдени-я")
RUSSIAN_NOUN_ENDINGS = ("ами", "ями", "ах", "ях", "ам", "ям", "ов", "ев", "ом", "ем", "ой", "ью", "а", "я", "у", "ю", "е", "ы", "и", "о")


@lru_cache(maxsize=8)
def russian_nouns(code: str) -> dict[str, str]:
    """The profile's single Russian words the lookup table knows in no form ("экспортер",
    "держатель", "кибернаблюдение"), by the stem their case endings follow ("держател" -> "держатель"):
    their declined forms are brought back to them (`russian_noun`)."""
    prof = profile(code)
    if prof is None or code != "ru":
        return {}
    table, lemmas = lemma_table(code), table_lemmas(code)
    words = {w for phrases in (*prof.concept_phrases.values(), *prof.glossary.values()) for p in phrases for w in p.lower().split()}
    unknown = sorted(w for w in words if len(w) > 3 and w not in table and w not in lemmas and not w.endswith(RUSSIAN_ADJECTIVE_ENDINGS))
    stems = {w: w for w in unknown}
    stems.update({w[:-1]: w for w in unknown if w.endswith(("ь", "е", "о", "а", "я"))})  # "кибернаблюдени-я"
    return stems


def russian_noun(word: str, stems: dict[str, str]) -> str | None:
    """The lexicon's word of which `word` is a case form ("экспортера", "экспортерами" ->
    "экспортер", "держателем" -> "держатель"), or None."""
    for ending in RUSSIAN_NOUN_ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in stems:
            return stems[word[: -len(ending)]]
    return stems.get(word)


def russian_adjective(word: str) -> str:
    """A Russian adjective the lookup table does not have, in one form for all its cases and
    genders ("брокерской", "брокерская" -> "брокерск-"), so that a phrase of the lexicon meets it
    however it is declined; other words unchanged."""
    for ending in RUSSIAN_ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)] + "-"
    return word


@lru_cache(maxsize=8)
def table_lemmas(code: str) -> frozenset[str]:
    """The lemmas a lookup table gives: the Russian table maps every other form to its lemma but
    does not list the lemma itself ("решения" -> "решение", "решение" absent)."""
    table = lemma_table(code)
    if table is None:
        return frozenset()
    return frozenset(v for _, v in table.items() if isinstance(v, str))


@lru_cache(maxsize=8)
def lemma_table(code: str):
    """spaCy's lemma lookup table of a language, loaded once (the Russian one takes seconds)."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups(code, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError, OSError):
        return None


class ProfileLemmatizer:
    """Lemmas from spaCy's lookup table of the language, on the lower-cased form; Arabic by stem."""

    def __init__(self, code: str):
        self.code = code
        self.table = lemma_table(code) if code != "ar" else None
        self.lemmas = table_lemmas(code) if code == "ru" else frozenset()
        self.noun_stems = russian_nouns(code)

    def lemma(self, lower: str) -> str:
        if self.code == "ar":
            return arabic_stem(lower.translate(ARABIC_INDIC))
        if self.table is not None:
            if self.code == "ru" and lower not in self.table:
                if lower in self.lemmas:
                    return lower
                return russian_noun(lower, self.noun_stems) or russian_adjective(lower)
            found = self.table.get(lower, lower)
            return found[0] if isinstance(found, list) and found else str(found)  # some tables list several lemmas
        return lower

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = self.lemma(token.lower_)
        return doc


@lru_cache(maxsize=8)
def english_words(code: str) -> dict[str, str]:
    """The language's lemmas that the profile's glossary gives an English word for ("traduction" ->
    "translation"): counted as that English word, a draft's own words can meet the model's."""
    prof = profile(code)
    if prof is None:
        return {}
    lemmatizer = ProfileLemmatizer(code)
    out: dict[str, str] = {}
    for english, words in prof.glossary.items():
        for word in words:
            # the word as written too: a lookup table maps the other forms to it ("изменения" ->
            # "изменение") but may not list the word itself, which then gets a fallback lemma
            for key in (word.lower(), lemmatizer.lemma(word.lower())):
                out.setdefault(key, english)
    return out


@Language.factory("drafting_profile_lemmatizer", default_config={"code": "fr"})
def make_profile_lemmatizer(nlp: Language, name: str, code: str):
    return ProfileLemmatizer(code)


# --- modality --------------------------------------------------------------------------------------------


class ProfileModality:
    """Obligation, prohibition or permission from the language's modal phrases; a negation word
    just before an obligation or permission phrase makes it a prohibition ("ne peut", "не вправе",
    "لا يجوز"); a hedge phrase in the sentence qualifies its obligation."""

    def __init__(self, nlp: Language, prof: LanguageProfile):
        # Arabic glues conjunctions to the verb ("ويجوز"): match on stems there, on words elsewhere.
        self.by_stem = prof.code == "ar"
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA" if self.by_stem else "LOWER")
        lemmatizer = ProfileLemmatizer(prof.code)
        for force in ("obligation", "permission", "prohibition", "hedge"):
            phrases = prof.modality.get(force, ())
            if phrases:
                docs = [nlp.make_doc(p.lower()) for p in phrases]
                self.matcher.add(force.upper(), [lemmatizer(d) for d in docs] if self.by_stem else docs)
        self.negation = {w.lower() for w in prof.modality.get("negation", ())}
        self.possibility = [p.lower() for p in prof.modality.get("possibility", ())]  # "peuvent être destinés": not a permission

    def __call__(self, doc: Doc) -> Doc:
        from drafting.nlp import Modal, _sentence_numbers

        sent_index = _sentence_numbers(doc)
        found: list[tuple[int, int, str]] = []
        hedged: set[int] = set()
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id].lower()
            if label == "hedge":
                hedged.add(sent_index[start])
                continue
            found.append((start, end, label))
        # the longest phrase wins where phrases overlap ("не вправе" over "вправе")
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, str]] = []
        for f in found:
            if kept and f[0] < kept[-1][1]:
                continue
            kept.append(f)
        modals = []
        lowered = text_of(doc).lower()
        for start, end, force in kept:
            if force == "permission" and any(lowered.startswith(p, doc[start].idx) for p in self.possibility):
                continue
            negated = any(t.lower_ in self.negation for t in doc[max(0, start - 2):start])
            if negated and force in ("obligation", "permission"):
                start = max(0, start - 2) if doc[max(0, start - 2)].lower_ in self.negation else start - 1
                force = "prohibition"
            span = doc[start:end]
            sent = sent_index[span.start]
            modals.append(Modal(force, force == "obligation" and sent in hedged, span.start_char, span.end_char, sent, span.text))
        doc._.modals = modals
        return doc


@Language.factory("drafting_profile_modality", default_config={"code": "fr"})
def make_profile_modality(nlp: Language, name: str, code: str):
    return ProfileModality(nlp, profile(code))


# --- figures -------------------------------------------------------------------------------------------


def _split_qualifier(phrase: str) -> tuple[str, str]:
    """("", phrase) for a qualifier written whole; (head, tail) for one written "head … tail"."""
    head, split, tail = phrase.partition("…")
    return (head.strip(), tail.strip()) if split else ("", phrase)


class ProfileQuantities:
    """Figures with their unit and qualifier, in the language's words: "cinq (5) ans",
    "не менее пяти лет", "لا تقل عن خمس سنوات", "سنتين" (two years)."""

    def __init__(self, prof: LanguageProfile, lemma):
        self.prof = prof
        self.lemma = lemma
        self.numbers = {lemma(k.lower()): v for k, v in prof.numbers.items()} | {k.lower(): v for k, v in prof.numbers.items()}
        self.units = self._phrases(prof.units)
        # a dual is also found by its stem ("والسنتين"), unless the stem is the singular's ("عامين" and
        # "العام" share "عام": "الأمن العام" is public security, not two years)
        singulars = {lemma(word.lower()) for word in prof.units}
        self.duals = {k.lower(): v for k, v in prof.duals.items()} | {
            lemma(k.lower()): v for k, v in prof.duals.items() if lemma(k.lower()) not in singulars}
        self.currency = {c.lower() for c in prof.currency} | {lemma(c.lower()) for c in prof.currency}
        # (qualifier, head, tail): a phrase "head … tail" has its head earlier in the clause; a plain one has none
        self.qualifiers = [(q, *_split_qualifier(p.lower())) for q, phrases in prof.qualifiers.items() for p in phrases]

    def _phrases(self, table: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
        out = []
        for phrase, unit in table.items():
            words = tuple(phrase.lower().split())
            out.append((words, unit))
            out.append((tuple(self.lemma(w) for w in words), unit))
        return sorted(set(out), key=lambda p: -len(p[0]))

    def _unit_at(self, tokens, j: int) -> tuple[str | None, int]:
        for words, unit in self.units:
            n = len(words)
            got = tuple(t.lower_ for t in tokens[j:j + n])
            got_lemma = tuple(self.lemma(t.lower_) for t in tokens[j:j + n])
            if len(got) == n and (got == words or got_lemma == words):
                return unit, j + n
        if j < len(tokens) and (tokens[j].lower_ in self.currency or self.lemma(tokens[j].lower_) in self.currency):
            return "currency", j + 1
        return None, j

    def _number_at(self, tokens, i: int) -> tuple[float | None, int]:
        text = tokens[i].text.translate(ARABIC_INDIC).replace("\u00a0", "").replace(" ", "")
        plain = text.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", text) else text.replace(",", "").replace(".", "")
        if re.fullmatch(r"\d+(\.\d+)?", plain):
            value, j = float(plain), i + 1
            while j < len(tokens) and re.fullmatch(r"\d{3}", tokens[j].text.translate(ARABIC_INDIC)):
                value = value * 1000 + float(tokens[j].text.translate(ARABIC_INDIC))  # "10 000 000"
                j += 1
            if j < len(tokens) and self._scale(tokens[j]) > 1:
                value *= self._scale(tokens[j])
                j += 1
            return value, j
        word = tokens[i].lower_
        if word in self.numbers or self.lemma(word) in self.numbers:
            value, j = 0.0, i
            while j < len(tokens):
                w = tokens[j].lower_
                n = self.numbers.get(w, self.numbers.get(self.lemma(w)))
                if n is None and w in ("و", "et", "y", "и", "-") and j + 1 < len(tokens) and (
                        tokens[j + 1].lower_ in self.numbers):
                    j += 1
                    continue
                if n is None:
                    break
                value = value * n if n >= 1000 and value else value + n
                j += 1
            return value, j
        return None, i + 1

    def _qualifier(self, text: str, start: int) -> str:
        """The qualifier just before a figure ("لا تقل عن", "не менее"), or one split by the words it
        governs, written "head … tail" in the profile ("لا تزيد … على": "لا تزيد مدة صلاحية التراخيص
        على ثلاث سنوات"), whose head is in the same clause."""
        before = text[max(0, start - 40):start].lower().rstrip()
        clause = re.split(r"[.;:،؛,]", text[max(0, start - 120):start].lower())[-1]
        for q, head, tail in self.qualifiers:
            if before.endswith(tail) and (not head or head in clause):
                return q
        return "exactly"

    def _scale(self, token) -> float:
        n = self.numbers.get(token.lower_, 0.0)
        return n if n >= 1000 else 1.0

    def __call__(self, doc: Doc) -> Doc:
        from drafting.nlp import Quantity

        tokens = list(doc)
        text = text_of(doc)
        found = []
        i = 0
        while i < len(tokens):
            dual = self.duals.get(tokens[i].lower_) or self.duals.get(self.lemma(tokens[i].lower_))
            if dual:
                start, end, value, unit, k = tokens[i].idx, tokens[i].idx + len(tokens[i].text), 2.0, dual, i + 1
            else:
                value, j = self._number_at(tokens, i)
                if value is None:
                    i += 1
                    continue
                if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 1].text.translate(ARABIC_INDIC).isdigit() and tokens[j + 2].text == ")":
                    j += 3  # "cinq (5) ans"
                unit, k = self._unit_at(tokens, j)
                if unit is None:
                    i = j
                    continue
                start, end = tokens[i].idx, tokens[k - 1].idx + len(tokens[k - 1].text)
            found.append(Quantity(value, unit, self._qualifier(text, start), start, end, text[start:end]))
            i = k
        doc._.quantities = found
        return doc


@Language.factory("drafting_profile_quantities", default_config={"code": "fr"})
def make_profile_quantities(nlp: Language, name: str, code: str):
    return ProfileQuantities(profile(code), ProfileLemmatizer(code).lemma)


# --- references and definitions ---------------------------------------------------------------------------


class ProfileReferences:
    """Cross-references in the language's words: "article 12, paragraphe 3", "статьи 5", "المادة (5)",
    "artículo 4, apartado 2"; the act cited ("du règlement (UE) 2021/821") when named right after."""

    EXTERNAL = re.compile(r"^\s*,?\s*(?:\S+\s+){0,3}?(?P<act>(?:\(?(?:UE|EU|CE|EC|ЕС)\)?\s*)?(?:n[°ºo.]\s*)?\d{2,4}/\d{1,4})")

    def __init__(self, prof: LanguageProfile):
        self.targets: list[tuple[re.Pattern, str]] = []
        for target, words in prof.references.items():
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self.targets.append((re.compile(
                rf"(?<![\w\u0600-\u06FF])(?:{alternatives})\s*(?P<num>\(?[0-9٠-٩]{{1,4}}[a-zA-Z]?\)?(?:\s?\([0-9a-z]{{1,3}}\))*)", re.I), target))

    def __call__(self, doc: Doc) -> Doc:
        from drafting.nlp import Reference

        refs = []
        text = text_of(doc)
        for pattern, target in self.targets:
            for m in pattern.finditer(text):
                path = tuple(p for p in re.split(r"[()\s]+", m.group("num").translate(ARABIC_INDIC)) if p)
                ext = self.EXTERNAL.match(text[m.end():m.end() + 80])
                external = ext.group("act") if ext and target in ("article", "paragraph", "point") else ""
                refs.append(Reference(target, path, external, m.start(), m.end(), m.group(0)))
        doc._.references = sorted(refs, key=lambda r: r.start_char)
        return doc


@Language.factory("drafting_profile_references", default_config={"code": "fr"})
def make_profile_references(nlp: Language, name: str, code: str):
    return ProfileReferences(profile(code))


class ProfileDefinitions:
    """The term a definition defines: «courtier»: ..., “брокер” – ..., «السلع»: ..., Se entenderá por «X»."""

    def __init__(self, prof: LanguageProfile):
        verbs = "|".join(re.escape(v) for v in sorted(prof.definitions, key=len, reverse=True) if v.strip() not in (":", "–", "—"))
        quoted = r"[«“\"‘'„]\s*(?P<term>[^»”\"’'“]{1,80}?)\s*[»”\"’'“]"
        self.patterns = [
            re.compile(rf"^\s*(?:\(?[0-9a-zа-я\u0600-\u06FF]{{1,4}}[.)°]\s*)?[-–—]?\s*{quoted}\s*(?:[:–—-]|{verbs})" if verbs else
                       rf"^\s*{quoted}\s*[:–—-]", re.I),
            re.compile(rf"^\s*(?:{verbs})\s*{quoted}", re.I) if verbs else None,
            re.compile(r"^\s*(?:\(?[0-9a-zа-я\u0600-\u06FF]{1,4}[.)°]\s*)?[-–—]?\s*(?P<term>[^\W\d_][^:.;–—]{1,60}?)\s*[:–—]\s+\S", re.I),
        ]

    def __call__(self, doc: Doc) -> Doc:
        doc._.defines = ""
        first_line = text_of(doc).split("\n", 1)[0]
        for pattern in self.patterns:
            if pattern is None:
                continue
            m = pattern.match(first_line)
            if m:
                doc._.defines = m.group("term").strip()
                break
        return doc


@Language.factory("drafting_profile_definitions", default_config={"code": "fr"})
def make_profile_definitions(nlp: Language, name: str, code: str):
    return ProfileDefinitions(profile(code))
