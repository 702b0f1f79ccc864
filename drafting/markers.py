"""How provisions announce themselves at the start of a line, in every drafting style we meet.

`container_at`, `article_at`, `enumeration_at` and `definition_at` each look at the start of
a line and say what opens there (and how many characters the marker takes), or None.
Deciding what the marker means in its context (a "1." is a paragraph under "Article 3" but a
section in an Act without the word "Section") is the job of `drafting.structure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN_LOWER = re.compile(r"^(?=[ivxl])(x{0,3})(ix|iv|v?i{0,3})$")
ROMAN_UPPER = re.compile(r"^(?=[IVXL])(X{0,3})(IX|IV|V?I{0,3})$")
LATIN_SUFFIX = r"(?:\s?-?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))"
WORD_NUMBERS = "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN FIFTEEN".split()

CONTAINER_WORDS = {
    "part": "part",
    "chapter": "chapter",
    "title": "title",
    "division": "division",
    "subdivision": "subdivision",
    "sub-division": "subdivision",
    "schedule": "schedule",
    "annex": "annex",
    "annexure": "annex",
    "appendix": "annex",
    "section": "subdivision",  # only when articles are called "Article" (EU style)
    # other languages: Russian, French, Spanish, Arabic
    "глава": "chapter", "раздел": "part", "chapitre": "chapter", "titre": "title", "capítulo": "chapter", "título": "title",
    "الفصل": "chapter", "الباب": "part", "فصل": "chapter", "باب": "part",
    "annexe": "annex", "anexo": "annex", "приложение": "annex", "الملحق": "annex", "الجدول": "schedule", "الجزء": "part",
    # languages the comparison does not read yet, read for their structure: Vietnamese, Thai, Kazakh
    "chương": "chapter", "mục": "part", "หมวด": "chapter", "ส่วน": "part", "тарау": "chapter", "бөлім": "part",
}
CONTAINER = re.compile(
    r"^(?P<word>PART|Part|CHAPTER|Chapter|TITLE|Title|DIVISION|Division|SUBDIVISION|Subdivision|Sub-division|"
    r"SCHEDULE|Schedule|ANNEX|Annex|ANNEXURE|Annexure|APPENDIX|Appendix|SECTION|Section)"
    r"\s+(?P<num>[IVXLC]{1,7}[A-Z]?|\d{1,3}[A-Z]{0,2}|[A-Z](?=\b)|" + "|".join(WORD_NUMBERS) + r")(?![\w(/,]|\.\d)\.?"
    r"(?:\s*(?:[-–—:.]{1,2}|\|)\s*|\s+|$)(?P<rest>.*)$"
)
ORDINAL_WORDS = {  # "الفصل الأول", "TITRE PREMIER", "CAPÍTULO PRIMERO"
    "الأول": "1", "الاول": "1", "الثاني": "2", "الثالث": "3", "الرابع": "4", "الخامس": "5", "السادس": "6", "السابع": "7",
    "الثامن": "8", "التاسع": "9", "العاشر": "10", "الحادي عشر": "11", "الثاني عشر": "12",
    "premier": "1", "première": "1", "primero": "1", "segundo": "2", "tercero": "3", "cuarto": "4", "quinto": "5",
}
FOREIGN_CONTAINER = re.compile(
    r"^(?P<word>ГЛАВА|Глава|РАЗДЕЛ|Раздел|ПРИЛОЖЕНИЕ|Приложение|CHAPITRE|Chapitre|TITRE|Titre|ANNEXE|Annexe|CAPÍTULO|Capítulo|"
    r"TÍTULO|Título|ANEXO|Anexo|الفصل|الباب|الملحق|الجدول|الجزء|CHƯƠNG|Chương|"
    r"MỤC|Mục|หมวด|ส่วน)\s+"
    r"(?P<num>[IVXLC]{1,7}|\d{1,3}|[٠-٩]{1,3}|[๐-๙]{1,3}|" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")(?![\w])\.?"
    r"(?:\s*(?:[-–—:.]{1,2})\s*|\s+|$)(?P<rest>.*)$",
    re.I,
)
# Kazakh puts the number first: "1-тарау", "5-бап."
KAZAKH_CONTAINER = re.compile(r"^(?P<num>\d{1,3})-(?P<word>тарау|бөлім)\.?(?:\s*[-–—:.]?\s*|$)(?P<rest>.*)$", re.I)
# The Commonwealth numbers its schedules by an ordinal before the word: "FIRST SCHEDULE", "The Second
# Schedule"; so do translations of such acts ("ПЕРВОЕ ПРИЛОЖЕНИЕ")
LEADING_ORDINALS = {w: str(k) for words in ("first second third fourth fifth sixth seventh eighth ninth tenth",
                                            "первое второе третье четвертое пятое шестое седьмое восьмое девятое десятое")
                    for k, w in enumerate(words.split(), 1)}
ORDINAL_CONTAINER = re.compile(
    r"^(?:THE\s+|The\s+)?(?P<ord>" + "|".join(w for o in LEADING_ORDINALS for w in (o.upper(), o.capitalize())) + r")\s+"
    r"(?P<word>SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ПРИЛОЖЕНИЕ|Приложение)(?!\w)\.?(?:\s*[-–—:.]\s*|\s+|$)(?P<rest>.*)$"
)
CONTAINER_NO_NUMBER = re.compile(
    r"^(?P<word>SCHEDULE|ANNEX|APPENDIX)\b\s*(?P<rest>.*)$|^(?P<word2>Schedule|Annex|Appendix)\s*(?P<rest2>(?:[(—–-].*)?)$"
)

ARTICLE_WORDS = {
    "article": "Article",
    "art.": "Article",
    "art": "Article",
    "section": "Section",
    "sec.": "Section",
    "sec": "Section",
    "§": "Section",
    "regulation": "Regulation",
    "reg.": "Regulation",
    "rule": "Rule",
    "clause": "Clause",
    # other languages: the word for an article in Russian, Spanish, Arabic (French uses "Article"/"Art."),
    # and in Vietnamese, Thai and Kazakh ("Điều 5.", "มาตรา ๕", "5-бап."), read for their structure only
    "статья": "Article", "ст.": "Article", "artículo": "Article", "المادة": "Article", "مادة": "Article",
    "điều": "Article", "มาตรา": "Article", "бап": "Article",
}
# How a citation prints the article word where it is not English (a Russian draft cites "Статья 5";
# a Kazakh one "5-бап", the number first)
ARTICLE_DISPLAY = {"статья": "Статья", "ст.": "Статья", "artículo": "Artículo", "المادة": "المادة", "مادة": "المادة",
                   "điều": "Điều", "มาตรา": "มาตรา", "бап": "{number}-бап"}
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹๐๑๒๓๔๕๖๗๘๙", "012345678901234567890123456789")
ARTICLE = re.compile(
    r"^(?P<word>ARTICLE|Article|Art\.|ART\.|SECTION|Section|SEC\.|Sec\.|§|REGULATION|Regulation|RULE|Rule|CLAUSE|Clause"
    r"|СТАТЬЯ|Статья|Ст\.|ARTÍCULO|Artículo|Art\.|المادة|مادة|ĐIỀU|Điều|มาตรา)"
    r"\s*(?:\((?P<pnum>[\d٠-٩๐-๙]{1,4}[A-Za-z]{0,2})\)|(?P<num>[\d٠-٩๐-๙]{1,4}[A-Za-z]{0,2}" + LATIN_SUFFIX + r"?))"
    r"(?![\w/(]|\.\d)\.?(?P<sep>\s*(?:[-–—:]{1,2}|\.)?\s*)(?P<rest>.*)$"
)
BARE_ARTICLE = re.compile(
    r"^(?P<num>\d{1,3}[A-Z]{0,3}" + LATIN_SUFFIX + r"?)(?:\.(?!\d)|(?=\s+[A-Z(“\"])|(?=—|–))(?P<sep>\s*(?:[-–—]{1,2})?\s*)(?P<rest>.*)$"
)
# Amendment markers before the text: legislation.gov.uk's "[F1 8.—(1)" and "[F1“term” means";
# India Code's footnote number and bracket before an inserted Chapter or section ("2 [CHAPTER IVA").
AMENDMENT_MARK = re.compile(
    r"^\[?F\d{1,4}(?:\s+(?=\S)|(?=[“\"‘]))"
    r"|^\d{1,3}\s?\[(?=(?:CHAPTER|Chapter|PART|Part|SCHEDULE|Schedule|ARTICLE|Article|SECTION|Section)\b|\d{1,3}[A-Z]{0,3}\.)"
)
# A note in square brackets, or legislation.gov.uk's "F68..." where repealed words stood.
EDITORIAL = re.compile(r"^\[[^\[\]]*\]$|^\[?F\d{1,4}\s*(?:\.\s?){3}\]?$")
DECORATED = re.compile(r"^([=*#~_]{3,})\s*(?P<title>.*?)\s*([=*#~_]{3,})$")
TOC_HEADING = re.compile(
    r"(?:ARRANGEMENT OF (?:SECTIONS|ARTICLES|PROVISIONS|REGULATIONS|RULES)|TABLE OF PROVISIONS|TABLE OF CONTENTS)\b"
    r"|^\s*CONTENTS\s*$",  # "Contents" alone on its line; inside a heading ("Contents of licences") it is a word
    re.I,
)
QUOTE_OPEN = "“\"‘'«"
QUOTE_CLOSE = "”\"’'»"
_QUOTED = r"[“\"‘'«][^“”\"‘’«»]{1,80}?[”\"’'»]"
DEFINITION = re.compile(
    r"^[“\"‘'«](?P<term>[^“”\"‘’«»]{1,80}?)[”\"’'»]"
    r"(?:\s*(?:,|\band\b|\bor\b)\s*" + _QUOTED + r")*"  # “technical assistance” and “technical assistance controls”
    r"[,،]?\s*(?:\([^)]{1,40}\)\s*)?[,،]?\s*"
    r"(?:(?P<verb>means|mean|includes|include|ha(?:s|ve) the (?:same )?meanings?|shall mean|shall include|refers? to|"
    r"in relation to|is|are"
    # the same in the other languages read (a Commonwealth-style interpretation section in translation:
    # "«экспорт» применительно к товарам означает", "« courtier » désigne", "«corredor» significa", "«السمسار» يعني")
    r"|означа(?:ет|ют)|включа(?:ет|ют)|понима(?:ется|ются)|применительно к"
    r"|désignent|désigne|s'entendent|s'entend|signifie|comprend"
    r"|significa|designa|se entiende|comprende|incluye"
    r"|يعني|تعني|يقصد|يشمل|تشمل|فيما يتعلق)(?!\w)|(?P<dash>[—–:]|-(?=\s|$)))"
)
# "Emirate: The Emirate of Dubai." - a term and a colon, as definitions articles of civil-law
# translations list them (only read as a definition inside a definitions article).
COLON_DEFINITION = re.compile(r"^(?P<term>[A-Z][\w’'()/&.-]*(?:[ -][\w’'()/&.-]+){0,6}?)\s?:\s+(?=\S)")
DEFINITIONS_INTRO = re.compile(
    r"\b(?:definitions?|interpretation|meanings?|(?:words|terms|expressions) (?:used|shall|have|will)|following (?:words|terms|expressions))\b",
    re.I,
)
DEFINITION_LOST_QUOTE = re.compile(
    r"^(?P<term>[A-Za-z][\w '’-]{0,60}?)[”\"’]\s*(?P<verb>means|includes|has the (?:same )?meaning|refers to)\b"
)


@dataclass
class Match:
    """What opens at the start of a line: a container, an article or an enumeration."""

    kind: str  # container kind, article word ("Article"...), or enumeration style
    number: str
    marker: str  # as printed
    length: int  # characters consumed, marker and separator included
    rest: str = ""  # what follows on the line
    word: str = ""  # the article word as a citation prints it, where it is not English ("Статья")

    @property
    def citation(self) -> str:
        """How the article is cited: "Article 5", "Статья 5", "5-бап" (Kazakh puts the number first)."""
        word = self.word or self.kind
        return word.format(number=self.number) if "{number}" in word else f"{word} {self.number}"


def strip_amendment_mark(s: str) -> int:
    """Characters of a leading amendment marker to skip (0 if none)."""
    m = AMENDMENT_MARK.match(s)
    return m.end() if m else 0


def container_at(s: str, section_is_container: bool) -> Match | None:
    foreign = FOREIGN_CONTAINER.match(s) or KAZAKH_CONTAINER.match(s)
    if foreign:
        word = foreign.group("word")
        number = foreign.group("num")
        number = ORDINAL_WORDS.get(number.lower(), number).translate(ARABIC_INDIC)
        kind = CONTAINER_WORDS[word.lower()]
        length = foreign.start("rest")
        return Match(kind=kind, number=number, marker=s[:length].strip(" -–—:."), length=length, rest=foreign.group("rest").strip())
    ordinal = ORDINAL_CONTAINER.match(s)
    if ordinal:
        length = ordinal.start("rest")
        return Match(kind=CONTAINER_WORDS[ordinal.group("word").lower()], number=LEADING_ORDINALS[ordinal.group("ord").lower()],
                     marker=s[:length].strip(" -–—:."), length=length, rest=ordinal.group("rest").strip())
    m = CONTAINER.match(s)
    if not m:
        bare = CONTAINER_NO_NUMBER.match(s)
        if not bare:
            return None
        word = (bare.group("word") or bare.group("word2")).lower()
        rest = (bare.group("rest") or bare.group("rest2") or "").strip()
        return Match(kind=CONTAINER_WORDS[word], number="", marker=(bare.group("word") or bare.group("word2")),
                     length=len(s) - len(rest), rest=rest)
    word = m.group("word").lower()
    if word == "section" and not section_is_container:
        return None
    number = m.group("num") or ""
    rest = (m.group("rest") or "").strip()
    if word in ("title",) and rest and rest[:1].islower():
        return None  # "Title of the Act ..." in running text
    if rest.startswith("|") or "|" in s[m.end("num"):m.start("rest")]:
        return None  # a row of a correlation table ("Annex I | Annex I")
    kind = CONTAINER_WORDS[word]
    length = m.start("rest")
    return Match(kind=kind, number=number, marker=s[:length].strip(" -–—:.|"), length=length, rest=rest)


KAZAKH_ARTICLE = re.compile(r"^(?P<num>\d{1,4})-(?P<word>бап)\.?(?P<sep>\s*(?:[-–—:.])?\s*)(?P<rest>.*)$", re.I)


def article_at(s: str) -> Match | None:
    m = ARTICLE.match(s) or KAZAKH_ARTICLE.match(s)
    if not m:
        return None
    word = ARTICLE_WORDS[m.group("word").lower()]
    number = (m.groupdict().get("pnum") or m.group("num") or "").translate(ARABIC_INDIC).replace("-", " ").strip()
    number = re.sub(r"\s+", " ", number)
    rest = m.group("rest") or ""
    # "Article 3 of the Act ..." / "Section 5 applies ..." is running text, not a heading.
    if rest[:1].islower() and not m.group("sep").strip() or rest.startswith("|"):
        return None
    display = ARTICLE_DISPLAY.get(m.group("word").lower(), "")
    return Match(kind=word, number=number, marker=s[: m.start("sep")].strip(), length=m.start("rest"), rest=rest, word=display)


def bare_article_at(s: str) -> Match | None:
    m = BARE_ARTICLE.match(s)
    if not m:
        return None
    return Match(kind="", number=m.group("num").strip(), marker=m.group("num").strip(), length=m.start("rest"), rest=m.group("rest"))


CYRILLIC_LETTER = "а-яё"
ARABIC_LETTER = "\u0621-\u064A"
ENUM_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("paren-decimal", re.compile(r"^\((?P<n>\d{1,3}[A-Z]{0,2}[a-z]?|[٠-٩]{1,3})\)(?:\s+|(?=[A-Z“\"(\[])|$)")),
    ("paren-arabic", re.compile(r"^\((?P<n>[" + ARABIC_LETTER + r"]ـ?)\)(?:\s+|$)")),  # (أ) (ب) (هـ)
    ("cyrillic-paren", re.compile(r"^(?P<n>[" + CYRILLIC_LETTER + r"])\)(?:\s+|$)")),  # а) б)
    ("paren-cyrillic", re.compile(r"^\((?P<n>[" + CYRILLIC_LETTER + r"])\)(?:\s+|$)")),  # (а) (б): a Commonwealth-style act in Russian
    ("degree", re.compile(r"^(?P<n>\d{1,3})\s?\.?[°º]\.?(?:\s+|$)")),  # 1° (French), 1.º (Spanish)
    ("arabic-dash", re.compile(r"^(?P<n>[" + ARABIC_LETTER + r"]ـ?)\s?-\s+")),  # أ- ب-
    ("ordinal-word", re.compile(r"^(?P<n>أولاً|ثانياً|ثالثاً|رابعاً|خامساً|سادساً|سابعاً|ثامناً|تاسعاً|عاشراً|أولا|ثانيا|ثالثا|رابعا|خامسا)\s?[:\-–]\s*")),
    ("paren-lower", re.compile(r"^\((?P<n>[a-z]{1,3}|[ivxlc]{4,8})\)(?:\s+|(?=[A-Z“\"(\[])|$)")),  # (a) (aa) (viii)
    ("paren-upper", re.compile(r"^\((?P<n>[A-Z]{1,3}|[IVXLC]{4,8})\)(?:\s+|$)")),
    ("multi-decimal", re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,3}){1,4})\.?(?:\s+|$)")),
    ("dot-decimal", re.compile(r"^(?P<n>\d{1,3}[A-Z]?)\.(?!\d)(?:\s+|(?=[—–-])|$)")),
    ("decimal-paren", re.compile(r"^(?P<n>\d{1,3}[a-z]?)\)(?:\s+|$)")),
    ("lower-paren", re.compile(r"^(?P<n>[a-z]{1,3}|[ivxlc]{4,8})\)(?:\s+|$)")),
    ("lower-dot", re.compile(r"^(?P<n>[a-z]{1,2})\.(?:\s+)(?=\S)")),
]
INDENT = re.compile(r"^(?:[—–•▪◦·]|-(?=\s)|\*(?=\s))\s*")


ORDINAL_NUMBER = {w: str(k) for k, group in enumerate(
    [("أولاً", "أولا"), ("ثانياً", "ثانيا"), ("ثالثاً", "ثالثا"), ("رابعاً", "رابعا"), ("خامساً", "خامسا"), ("سادساً",), ("سابعاً",),
     ("ثامناً",), ("تاسعاً",), ("عاشراً",)], start=1) for w in group}


def enumeration_at(s: str) -> Match | None:
    """A list marker at the start of `s`: "(1)", "1.", "1)", "(a)", "a)", "a.", "(i)", "(A)", "1.2", and in
    other traditions "а)", "(а)", "(أ)", "أ-", "أولاً:", "1°", "1.º"."""
    for style, pattern in ENUM_PATTERNS:
        m = pattern.match(s)
        if m:
            n = m.group("n").translate(ARABIC_INDIC)
            n = ORDINAL_NUMBER.get(n, n).rstrip("ـ")
            if style == "lower-dot" and n not in ("i", "ii", "iii", "iv", "v") and len(n) > 1:
                continue
            marker = s[: m.end()].strip()
            return Match(kind=style, number=n, marker=marker, length=m.end(), rest=s[m.end():])
    return None


def indent_at(s: str) -> int:
    """Characters taken by an indent dash or bullet at the start of `s` (0 if none)."""
    m = INDENT.match(s)
    return m.end() if m else 0


def definition_at(s: str) -> str | None:
    """The term defined by a line such as '“broker” means ...' or '“broker”—' (None if it defines
    nothing). Of '“a” and “b” have the meanings ...' the first term is given."""
    m = DEFINITION.match(s) or DEFINITION_LOST_QUOTE.match(s)
    if not m:
        return None
    term = m.group("term").strip().strip(",")
    return term or None


def colon_definition_at(s: str) -> str | None:
    """The term of a 'Term: meaning' line ("DCD: The Dubai Customs Department.")."""
    m = COLON_DEFINITION.match(s)
    if not m or m.group("term").lower() in ("note", "notes", "example", "examples", "penalty", "explanation", "illustration"):
        return None
    return m.group("term").strip()


def is_roman(token: str) -> bool:
    return bool(ROMAN_LOWER.match(token) or ROMAN_UPPER.match(token))


def next_letter(token: str) -> str:
    """The letter label after `token` in Word/statute style: a..z, then aa, bb... (case kept)."""
    if not token:
        return "a"
    if len(set(token)) == 1:
        c = token[0]
        if c in "zZ":
            return ("a" if c == "z" else "A") * (len(token) + 1)
        return chr(ord(c) + 1) * len(token)
    return token + "?"


HEADING_VERBS = re.compile(r"\b(shall|must|may|is|are|was|were|has|have|will|should|applies|apply)\b", re.I)
# Thai writes no spaces between words: its operative words, found inside them ("must", "shall",
# "may", "is prohibited", "is called", "means", "this [Act]")
THAI_OPERATIVE = re.compile("ต้อง|ให้|อาจ|ห้าม|เรียกว่า|หมายความว่า|นี้")
NOTE_LINE = re.compile(r"^(?:Notes?|Examples?|Penalt(?:y|ies)|Illustrations?|Explanations?|Provisos?)\b[^:]{0,12}:", re.I)


def looks_like_heading(s: str) -> bool:
    """A short title line: no closing punctuation of a sentence, no operative verb."""
    s = s.strip()
    if not s or len(s) > 110 or len(s.split()) > 16:
        return False
    if s[-1] in ".;:,—–-" and not s.endswith("etc."):
        return False
    if s[0].islower() or s[0] in "(“\"‘'[":
        return False
    if HEADING_VERBS.search(s) or NOTE_LINE.match(s) or THAI_OPERATIVE.search(s):
        return False
    return True


def _starts_sentence(s: str) -> bool:
    s = s.strip()
    return bool(s) and (s[0].isupper() or s[0].isdigit() or s[0] in "(“\"‘'[«" or caseless_letter(s[0]))


def caseless_letter(c: str) -> bool:
    """A letter of a script without capitals (Arabic): it may start a sentence or a heading."""
    return c.isalpha() and not c.isupper() and not c.islower()


HEADING_SPLIT = re.compile(
    r"^(?P<head>[^.;:—–]{2,140}?)(?P<sep>\.(?:\s*[-–—]){1,4}\s*|(?:\s*[—–]){1,4}\s*|\.\s*-\s+|\.\s*:\s*|:\s+(?=[A-Z(«А-ЯЁ\u0621-\u064A])|\.\s+(?=\())"
    r"(?P<body>.*)$"
)
UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
HEADING_SENTENCE = re.compile(r"^(?P<head>[" + UPPER + r"][^.;:—–()]{3,70}?)\.\s+(?P<body>[" + UPPER + r"“\"«].*)$")
STRONG_HEADING = re.compile(r"^[^.;:—–]{2,140}?\.\s*(?:[-–—]\s*){1,4}\S")


def split_heading(rest: str) -> tuple[str, str]:
    """Split 'Short Title. – This Act ...' into ('Short Title', 'This Act ...').

    Also handles 'Controls on export.—(1) In regard ...' and a line that is only a heading.
    """
    rest = rest.strip()
    m = HEADING_SPLIT.match(rest)
    if m and m.group("body").strip() and not _starts_sentence(m.group("body")):
        m = None  # "Offence—supply of DSGL technology": one heading with a dash in it
    if m and not m.group("body").strip() and "." not in m.group("sep"):
        return "", rest  # "In this Act, unless the context otherwise requires—": a chapeau
    head = m.group("head").strip().rstrip(",").strip() if m else ""
    if m and looks_like_heading(head):
        return head, m.group("body").strip()
    short = HEADING_SENTENCE.match(rest)  # "Definitions. In these rules, ..."
    if short and len(short.group("head").split()) <= 6 and looks_like_heading(short.group("head")):
        return short.group("head").strip(), short.group("body").strip()
    if looks_like_heading(rest.rstrip(".")) and (rest.endswith(".") and len(rest.split()) <= 8 or not rest.endswith(".")):
        return rest.rstrip(".").strip(), ""
    return "", rest


def strong_heading(rest: str) -> bool:
    """Whether a line opens with a heading closed by a full stop and a dash ("Transfer
    controls.—(1) ..."), which cannot be anything but the provision's own heading."""
    return bool(STRONG_HEADING.match(rest.strip()))
