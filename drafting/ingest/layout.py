"""Layout clean-up shared by the readers of paginated text (PDF, wrapped .txt).

Running headers, footers and page numbers are printed on every page but are not part of the
law; they are recognised by repetition and by their shape and left out.

Words hyphenated at a line end are joined back by one rule (`join_lines`):

- a line ending in a soft hyphen always joins the next line without it;
- a line ending in a hyphen right after a letter ("authori-") joins the next line WITHOUT the
  hyphen when the next line starts with a lowercase letter and the rejoined pair is not a
  known hyphenated compound ("authori-" + "sation" -> "authorisation");
- it KEEPS the hyphen (and adds no space) when the pair is a known compound - one of
  `HYPHENATED_COMPOUNDS` ("dual-use", "end-user", "re-export", ...), a word after a prefix
  that is written with a hyphen ("non-", "self-": `KEEP_HYPHEN_AFTER`), or a hyphenated word
  the same document prints inside a line - or when the next line starts with a capital or a
  digit ("non-" + "EU" -> "non-EU");
- a dash after a space ("text -", "text –") is punctuation: the lines join with a space.

A citation cut between its brackets ("section 4(2)" + "(e), and") is joined without a space.
"""

from __future__ import annotations

import re
from collections import Counter

STRUCTURAL_START = re.compile(
    r"""^(?:
        \(?[0-9]{1,3}[A-Za-z]{0,2}[.)]          # 1.  1)  (1)  5A.
      | \([0-9]{1,3}[A-Za-z]{0,2}\)
      | \(?[a-z]{1,3}[.)](?:\s|$)               # (a)  a)  a.  (aa)  (iv)
      | \([A-Za-z]{1,4}\)
      | (?:ARTICLE|Article|Art\.|SECTION|Section|SEC\.|Sec\.|PART|Part|CHAPTER|Chapter|TITLE|Title|
           DIVISION|Division|SCHEDULE|Schedule|ANNEX|Annex|RULE|Rule|REGULATION|Regulation)\b
      | [“"‘']                                   # a quoted defined term
      | [—–•\-]\s                                 # an indent or bullet
    )""",
    re.X,
)
PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I
)


# Hyphenated compounds of export-control and legislative English that keep their hyphen when a
# line break falls after it. A document's own hyphenated words are added to these when reading.
HYPHENATED_COMPOUNDS = frozenset(
    """
    dual-use end-use end-user end-users re-export re-exports re-exported re-exporting re-exportation
    re-import re-imported re-transfer re-transferred non-listed non-military non-proliferation
    non-governmental non-binding non-compliance non-exhaustive non-member non-eu so-called
    cross-border third-country follow-up decision-making co-operation co-operate self-assessment
    long-term short-term medium-term catch-all intra-union intra-community extra-union pre-existing
    know-how up-to-date case-by-case end-use-based by-product by-products cyber-surveillance
    e-mail e-commerce two-thirds one-third well-founded ex-post ex-ante ad-hoc risk-based
    sub-paragraph sub-paragraphs sub-section sub-sections sub-clause co-ordinate co-ordination
    state-owned state-of-the-art part-time full-time high-level low-level multi-party
    """.split()
)
# prefixes that legislative English writes with a hyphen ("non-discriminatory", "self-assessment")
KEEP_HYPHEN_AFTER = frozenset({"non", "self", "quasi", "pseudo", "anti", "ex"})
WORD_BEFORE_HYPHEN = re.compile(r"(\w+)[-\u2010]$")
FIRST_WORD = re.compile(r"^([^\W\d_]+)")
CITATION_HEAD = re.compile(r"\w\([0-9a-zA-Z]{1,5}\)$")
CITATION_TAIL = re.compile(r"^\([0-9a-zA-Z]{1,5}\)(?=[\s,;.:)(]|$)")
HYPHENATED_WORD = re.compile(r"\b[^\W\d_]+(?:[-\u2010][^\W\d_]+)+\b")


def hyphenated_words(lines: list[str]) -> set[str]:
    """The hyphenated words a document prints inside its lines (lowercased), e.g. 'dual-use'."""
    found: set[str] = set()
    for line in lines:
        body = line.rstrip()
        if body.endswith(("-", "\u2010")):
            body = body[: body.rfind(" ")] if " " in body else ""
        for m in HYPHENATED_WORD.finditer(body):
            found.add(m.group(0).lower().replace("\u2010", "-"))
    return found


def join_lines(previous: str, line: str, compounds: frozenset[str] | set[str] = HYPHENATED_COMPOUNDS) -> str:
    """`previous` with the next `line` of the same paragraph appended (see the module docstring)."""
    previous = previous.rstrip()
    line = line.strip()
    if not previous:
        return line
    if not line:
        return previous
    if previous.endswith("\u00ad"):  # soft hyphen: always a word split by the typesetter
        return previous[:-1] + line
    head = WORD_BEFORE_HYPHEN.search(previous)
    if head is None:
        if previous.endswith(")") and CITATION_TAIL.match(line) and CITATION_HEAD.search(previous):
            return previous + line  # "section 4(2)" + "(e), and" -> "section 4(2)(e), and"
        return f"{previous} {line}"
    first = line[0]
    if first.islower():
        tail = FIRST_WORD.match(line)
        pair = f"{head.group(1)}-{tail.group(1) if tail else ''}".lower()
        if pair in compounds or pair in HYPHENATED_COMPOUNDS or head.group(1).lower() in KEEP_HYPHEN_AFTER:
            return previous[:-1] + "-" + line
        return previous[:-1] + line
    if first.isupper() or first.isdigit():
        return previous[:-1] + "-" + line
    return f"{previous} {line}"


def is_page_number(line: str) -> bool:
    """A line that is only a page number ("12", "- 12 -", "Page 3 of 10", "iv")."""
    return bool(PAGE_NUMBER.match(line.strip()))


def furniture_key(line: str) -> str:
    """What a running header or footer keeps from page to page: its words with digits masked,
    in sorted order (so "L 206/3 ... 11.6.2021" and "11.6.2021 ... L 206/4" on facing pages match)."""
    masked = re.sub(r"\d+", "#", line.lower())
    return " ".join(sorted(masked.split()))


def is_structural_start(line: str) -> bool:
    """Whether a line opens a new provision, heading or list item."""
    return bool(STRUCTURAL_START.match(line.strip()))


# Telling a provision that opens on a new line from a sentence that wraps onto a line starting
# with "Article 4", "Regulation (EU)", "(b)" or a quotation mark.
CLAUSE_END = re.compile(r"(?:[.:;!?]|[.:;]['’”\")]|[;,]\s+(?:and|or)|—|–)$")
HEADING_ONLY = re.compile(
    r"^(?:ARTICLE|Article|SECTION|Section|CHAPTER|Chapter|PART|Part|TITLE|Title|ANNEX|Annex|SCHEDULE|Schedule)"
    r"\s+[0-9IVXLC]{1,6}[A-Za-z]{0,2}$"
)
# a line ending in one of these words is cut inside a sentence or a citation ("... listed in" + "Annex I.")
CITING_WORD = re.compile(
    r"\b(?:in|to|of|under|and|or|with|by|see|from|pursuant|than|at|on|per|the|this|that|these|such|a|an|"
    r"point|points|paragraph|paragraphs|subparagraph|subparagraphs|article|articles|section|sections|"
    r"subsection|subsections|annex|annexes|chapter|part|title|no|regulation|directive|decision)$",
    re.I,
)
CITED_MARKER = re.compile(r"^\([^()\s]{1,5}\)[,;:.)]")  # "(3), first subparagraph": a citation, not a point


def in_capitals(text: str, words: int = 2) -> bool:
    """A line in capitals (a heading such as "PART III CONTROL OF STRATEGIC ITEMS")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 * words and len(text.split()) >= words and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def opens_provision(previous: str, line: str, previous_is_first: bool) -> bool:
    """Whether `line` opens a new provision after a `previous` line that ran to the full width.

    It does when it starts like a provision ("(b)", "2.", "Article 4", a quoted term) and the
    previous line ended a sentence or clause (".", ":", ";", "; or"), or `line` is a bare
    "Article 4" (unless `previous` ends in a word that leads into a citation: "in", "of",
    "Article"...), or `previous` was a one-line heading. "(3), first subparagraph" is a
    citation, not a point.
    """
    from drafting.markers import looks_like_heading

    previous, line = previous.rstrip(), line.strip()
    if not is_structural_start(line) or CITED_MARKER.match(line):
        return False
    cited = bool(CITING_WORD.search(previous))
    if CLAUSE_END.search(previous):
        return True
    if cited:
        return False
    if HEADING_ONLY.match(line) or in_capitals(previous):
        return True
    return previous_is_first and looks_like_heading(previous) and not is_structural_start(previous)


def drop_page_furniture(paragraphs: list[tuple[str, int]], min_repeats: int = 3) -> tuple[list[tuple[str, int]], int]:
    """Drop page numbers and short lines repeated on many pages (running headers/footers).

    Only applies when the text looks paginated - at least three page-number lines counting
    upwards ("1", "- 2 -", "Page 3 of 9") - so that an ordinary text where a short line or a
    bare figure happens to repeat is left alone.
    """
    numbers = [_page_value(p) for p, _ in paragraphs if PAGE_NUMBER.match(p.strip())]
    numbers = [n for n in numbers if n is not None]
    rising = sum(1 for a, b in zip(numbers, numbers[1:]) if b > a)
    if len(set(numbers)) < 3 or rising < 0.6 * (len(numbers) - 1):
        return paragraphs, 0
    counts = Counter(p.strip() for p, _ in paragraphs if len(p.strip()) <= 90)
    repeated = {t for t, n in counts.items() if n >= min_repeats and not is_structural_start(t)}
    kept = [(p, o) for p, o in paragraphs if not (is_page_number(p) and _page_value(p) or p.strip() in repeated)]
    return kept, len(paragraphs) - len(kept)


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _page_value(line: str) -> int | None:
    """The page number a page-number line shows (roman numerals too); None for 0 or no number."""
    text = line.strip().lower()
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group(0)) or None
    total = previous = 0
    for ch in reversed(text):
        value = ROMAN.get(ch, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None
