"""Plain text: drafts saved as .txt and official acts in the corpus format.

The official-act format (as in the shared EU corpus) starts with '# key: value' header lines,
marks unavailable text with '# MISSING: ...', keeps footnotes after a '# FOOTNOTES' line and
puts footnote markers like '[^E0001]' in the text. Ordinary text files may be hard-wrapped
(lines cut at a fixed width): lines are joined back into paragraphs unless the next line
starts a new provision.
"""

from __future__ import annotations

import re

from drafting.ingest.layout import (
    HYPHENATED_COMPOUNDS,
    drop_page_furniture,
    hyphenated_words,
    join_lines,
    opens_provision,
)
from drafting.ingest.source import Block, Piece, SourceText
from drafting.tree import OMISSION_MARK

HEADER_LINE = re.compile(r"^#\s*([a-z][a-z _-]{0,30}):\s?(.*)$")
MISSING_LINE = re.compile(r"^#\s*MISSING\b", re.I)
FOOTNOTES_LINE = re.compile(r"^#\s*FOOTNOTES\s*$", re.I)
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
FOOTNOTE_MARKER = re.compile(r"\s?\[\^[^\]\s]{1,20}\]")
EDITORIAL_OMISSION = re.compile(r"\[\s?(?:\.\.\.|…)[^\]]{0,300}\]")


def read_text(text: str, name: str) -> SourceText:
    """Read plain text into blocks (one per paragraph)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    metadata: dict[str, str] = {}
    notes: list[str] = []
    lines: list[tuple[str, int]] = []  # (line, outline level)
    missing = omitted = marks = 0
    footnotes = False
    in_header = True
    for raw in text.split("\n"):
        line = raw.rstrip()
        if FOOTNOTES_LINE.match(line):
            footnotes = True
            break
        if MISSING_LINE.match(line):
            missing += 1
            lines.append(("", 0))
            continue
        header = HEADER_LINE.match(line)
        if header and (in_header or line.startswith("# ")):
            key = header.group(1).strip().lower()
            metadata.setdefault(key, header.group(2).strip())
            continue
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            lines.append((heading.group(2).strip(), len(heading.group(1))))
            in_header = False
            continue
        if line.strip():
            in_header = False
        cleaned, n = FOOTNOTE_MARKER.subn("", line)
        marks += n
        # the mark stays where the line keeps other words ("(1) […]"): the unit is then known to be
        # incomplete (drafting.tree.Unit.incomplete), and the reader sees where text is missing
        cleaned, n = EDITORIAL_OMISSION.subn(OMISSION_MARK, cleaned)
        omitted += n
        if n and not cleaned.replace(OMISSION_MARK, "").strip():
            lines.append(("", 0))
            continue
        lines.append((cleaned.rstrip(), 0))
    if missing:
        notes.append(f"The text marks {missing} passage(s) as missing from the source; they could not be compared.")
    if omitted:
        notes.append(f"The text marks {omitted} passage(s) as omitted ('[...]'); they could not be compared.")
    if marks or footnotes:
        notes.append(
            f"{marks} footnote reference mark(s) such as '[^1]' were omitted from the text"
            + (", and the footnotes after '# FOOTNOTES' were left out." if footnotes else ".")
        )
    paragraphs = join_wrapped_lines(lines)
    paragraphs, dropped = drop_page_furniture(paragraphs)
    if dropped:
        notes.append(f"{dropped} running header, footer or page-number line(s) were omitted (they are not part of the law).")
    blocks = []
    for i, (para, outline) in enumerate(paragraphs):
        blocks.append(Block(text=para, outline=outline, pieces=[Piece(para=i, offset=0, length=len(para))]))
    return SourceText(name=name, format="txt", blocks=blocks, metadata=metadata, notes=notes, omissions=missing + omitted)


def join_wrapped_lines(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Paragraphs from lines: blank lines separate; wrapped lines inside a paragraph are joined.

    When the text is hard-wrapped, a line ends its paragraph when it is clearly shorter than
    the text width (as the last line of a paragraph is), or when the next line opens a provision
    ("(a)", "12.", "Article 5", a quoted defined term) after a line that ended a sentence or
    clause - a sentence that merely wraps onto a line starting "Article 4" or "Regulation (EU)"
    goes on. Words hyphenated at a line end are rejoined by the rule of
    `drafting.ingest.layout.join_lines` ("authori-" + "sation", but "dual-" + "use" stays
    "dual-use").
    """
    width = _wrap_width([ln for ln, _ in lines])
    compounds = set(HYPHENATED_COMPOUNDS) | hyphenated_words([ln for ln, _ in lines])
    paragraphs: list[tuple[str, int]] = []
    current: list[str] = []
    text = ""
    current_outline = 0

    def flush() -> None:
        nonlocal current, current_outline, text
        if current:
            paragraphs.append((text.strip(), current_outline))
        current, current_outline, text = [], 0, ""

    for line, outline in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if outline:
            flush()
            paragraphs.append((stripped, outline))
            continue
        if current and (
            width is None
            or len(current[-1]) < 0.7 * width
            or opens_provision(current[-1], stripped, len(current) == 1)
        ):
            flush()
        text = join_lines(text, stripped, compounds) if current else stripped
        current.append(stripped)
    flush()
    return [(p, o) for p, o in paragraphs if p]


def _wrap_width(lines: list[str]) -> int | None:
    """The fixed width the text is wrapped at, or None when lines are whole paragraphs."""
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    if len(lengths) < 12:
        return None
    p90 = lengths[int(len(lengths) * 0.9)]
    if p90 > 140:
        return None  # long lines: one paragraph per line
    near = sum(1 for n in lengths if 0.8 * p90 <= n <= p90 + 2)
    return p90 if near >= 0.45 * len(lengths) else None
