"""Layout clean-up shared by the readers of paginated text (PDF, wrapped .txt).

Running headers, footers and page numbers are printed on every page but are not part of the
law; they are recognised by repetition and by their shape and left out.
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


def is_structural_start(line: str) -> bool:
    """Whether a line opens a new provision, heading or list item."""
    return bool(STRUCTURAL_START.match(line.strip()))


def drop_page_furniture(paragraphs: list[tuple[str, int]], min_repeats: int = 3) -> tuple[list[tuple[str, int]], int]:
    """Drop page numbers and short lines repeated on many pages (running headers/footers).

    Only applies when the text looks paginated (several page-number lines), so that an
    ordinary text where a short line happens to repeat is left alone.
    """
    page_lines = [p for p, _ in paragraphs if PAGE_NUMBER.match(p.strip())]
    if len(page_lines) < 3:
        return paragraphs, 0
    counts = Counter(p.strip() for p, _ in paragraphs if len(p.strip()) <= 90)
    repeated = {t for t, n in counts.items() if n >= min_repeats and not is_structural_start(t)}
    kept = [(p, o) for p, o in paragraphs if not (PAGE_NUMBER.match(p.strip()) or p.strip() in repeated)]
    return kept, len(paragraphs) - len(kept)
