"""Which language a text is written in, from its script and its commonest words.

No model is used: the script decides between Cyrillic, Arabic, Thai and Latin; Kazakh is told
from Russian by the letters only Kazakh uses, Vietnamese from other Latin-script languages by
its tone marks, and English, French and Spanish apart by their function words. `detect` is
cheap enough to run on every provision (mixed texts are told apart one provision at a time).

SUPPORTED are the languages the whole pipeline reads, aligns and checks; the others are
recognised so that the user is told, rather than given English-only results.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

SUPPORTED = ("en", "fr", "es", "ru", "ar")
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "kk": "Kazakh", "th": "Thai",
         "vi": "Vietnamese", "xx": "unknown"}
RIGHT_TO_LEFT = ("ar",)
RECOGNISED_ONLY = ("kk", "th", "vi")  # told apart and read for structure, but not compared (no vocabulary yet)
SCRIPTS = {"en": "Latin", "fr": "Latin", "es": "Latin", "vi": "Latin", "ru": "Cyrillic", "kk": "Cyrillic", "ar": "Arabic", "th": "Thai"}


def same_script(a: str, b: str) -> bool:
    """Whether two languages are written in the same script: a French and an English text can share
    names, acronyms and words borrowed whole; a Russian or an Arabic one shares only figures with English."""
    return SCRIPTS.get(a, a) == SCRIPTS.get(b, b)


def not_read_note(code: str) -> str:
    """What a drafter is told when the draft is in a language the comparison cannot read yet."""
    name = NAMES.get(code, code)
    readable = ", ".join(NAMES[c] for c in SUPPORTED[:-1]) + " and " + NAMES[SUPPORTED[-1]]
    return (f"The draft is in {name}, which the comparison cannot read yet (it reads {readable}): its articles were read, "
            f"but none was compared with the model, so no gap or divergence is reported. If the language was detected "
            f"wrongly, choose the right one under 'Language of the draft'; if a Russian or English version of the draft "
            f"exists, compare that one.")

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
VIETNAMESE_MARKS = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ")
FUNCTION_WORDS = {
    "en": {"the", "of", "and", "to", "in", "shall", "or", "any", "by", "for", "be", "is", "which", "that", "with", "this", "under"},
    "fr": {"le", "la", "les", "des", "du", "de", "et", "ou", "est", "sont", "dans", "pour", "par", "une", "un", "au", "aux", "qui",
           "présente", "doit", "peut", "sur", "ne", "pas"},
    "es": {"el", "la", "los", "las", "del", "de", "y", "o", "en", "por", "para", "una", "un", "que", "con", "se", "al", "será",
           "deberá", "podrá", "presente", "sus"},
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Detected:
    code: str  # en | fr | es | ru | ar | kk | th | vi | xx
    confidence: float  # share of the evidence that points to this language

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)

    @property
    def supported(self) -> bool:
        return self.code in SUPPORTED


def detect(text: str, default: str = "en") -> Detected:
    """The language of `text` (`default` when there is too little to tell)."""
    return _detect(text[:4000], default)


CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFEFF]")
THAI = re.compile(r"[\u0E00-\u0E7F]")
KAZAKH = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")
VIETNAMESE = re.compile("[" + "".join(sorted(VIETNAMESE_MARKS)) + "]")


@lru_cache(maxsize=20000)
def _detect(text: str, default: str) -> Detected:
    letters = "".join(WORD.findall(text))  # counted by regular expressions: a loop over the characters took longer than the rest
    scripts = Counter({"cyrillic": len(CYRILLIC.findall(letters)), "arabic": len(ARABIC.findall(letters)),
                       "thai": len(THAI.findall(letters))})
    scripts["latin"] = len(letters) - sum(scripts.values())
    kazakh, vietnamese = len(KAZAKH.findall(letters)), len(VIETNAMESE.findall(letters))
    total = sum(scripts.values())
    if total < 3:
        return Detected(default, 0.0)
    script, count = scripts.most_common(1)[0]
    share = count / total
    if script == "cyrillic":
        return Detected("kk" if kazakh >= max(2, 0.01 * count) else "ru", share)
    if script == "arabic":
        return Detected("ar", share)
    if script == "thai":
        return Detected("th", share)
    if vietnamese >= max(3, 0.03 * count):
        return Detected("vi", share)
    words = Counter(w.lower() for w in WORD.findall(text))
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(scores, key=scores.get)
    evidence = sum(scores.values())
    if scores[best] < 2:
        return Detected(default, 0.0)
    return Detected(best, round(share * scores[best] / evidence, 3))


def detect_document(texts: list[str], default: str = "en") -> Detected:
    """The language of a whole text, from its provisions: the commonest language, weighed by length."""
    weight: Counter = Counter()
    for text in texts:
        found = detect(text, default)
        if found.confidence > 0:
            weight[found.code] += len(text)
    if not weight:
        return Detected(default, 0.0)
    code, amount = weight.most_common(1)[0]
    return Detected(code, round(amount / sum(weight.values()), 3))
