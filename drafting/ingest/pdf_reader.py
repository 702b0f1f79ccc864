"""PDF documents with a text layer, read with pdfplumber into blocks (one per paragraph).

The text of a PDF is a set of positioned words; paragraphs, columns and reading order have to
be rebuilt from the positions. Per page:

1. Words are grouped into rows by vertical overlap.
2. Columns: a gutter is a vertical strip in the middle of the text that the words of most rows
   do not cross, with rows on both sides of it that fill their side. A page with a gutter is
   read column by column: the left column, then the right one; a row that crosses the gutter
   (a title over both columns) is read in its place, and the columns restart below it.
3. Running headers and footers: a line near the top or bottom edge of the page whose text
   (digits masked, so "Page 3" matches "Page 4") is printed at the same height on at least
   half of the pages is left out, as is any edge line that is only a page number.
4. Paragraphs: lines are joined into one block until a line starts a new one - after a larger
   vertical gap than the document's usual line spacing, when the indentation changes (first-
   line indents, and the text of a hanging "(a)" point, are recognised), after a short line
   (the last line of a paragraph), before and after a centred line (a heading such as
   "Article 4"), and where a line starts a provision ("(a)", "1.", "Article 4") after a line
   that ended a sentence or clause. A paragraph continues across a column or page break.
   Words hyphenated at a line end are rejoined by the rule in `drafting.ingest.layout`.

Each block records the page its first line is on. Scanned pages (images without text) cannot
be read: a PDF without any text is refused with a plain-English explanation, and pages without
text in an otherwise readable PDF are reported in the notes.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from drafting.errors import DraftingError
from drafting.ingest.guard import check_pdf, pdf_damaged_message
from drafting.ingest.layout import (
    CITING_WORD,
    HEADING_ONLY,
    HYPHENATED_COMPOUNDS,
    furniture_key,
    hyphenated_words,
    in_capitals,
    is_page_number,
    is_structural_start,
    join_lines,
    opens_provision,
)
from drafting.ingest.source import Block, Piece, SourceText

MAX_PAGES = 2000
MAX_SECONDS = 180.0  # reading stops (with a refusal) when a file takes longer than this
EDGE_BAND = 0.15  # the top and bottom share of a page where running headers and footers sit
MIN_FURNITURE_SHARE = 0.5  # a header or footer repeats on at least this share of the pages

@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Line:
    words: list[_Word]
    page: int
    column: int = 0  # 0: the page is one column (or the line spans both); 1: left; 2: right
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    centered: bool = False  # a short line centred in its column (a heading such as "Article 4")
    balanced: bool = False  # centred in its column, short or long (a heading that wraps)

    def finish(self) -> "_Line":
        self.words.sort(key=lambda w: w.x0)
        self.text = " ".join(w.text for w in self.words)
        self.x0 = min(w.x0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)
        self.size = statistics.median(w.size for w in self.words)
        return self


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)
    two_columns: bool = False
    images: int = 0


@dataclass
class _Frame:
    """The left and right edges of the text of one column kind (doc-wide or on one page)."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def read_pdf(data: bytes, name: str) -> SourceText:
    """Read a PDF with a text layer into blocks, one per paragraph, in reading order."""
    check_pdf(data, name)
    pages = _extract_pages(data, name)
    notes: list[str] = []
    textless = [p.number for p in pages if not p.lines]
    if len(textless) == len(pages):
        raise DraftingError(
            f"{name} is a scanned PDF: its pages are images without a text layer, so the words cannot be read; "
            "run it through text recognition (OCR) or upload a Word or text version instead."
        )
    if textless:
        notes.append(
            f"Page(s) {_page_list(textless)} have no text layer (scanned images?) and were left out; "
            "run the PDF through text recognition (OCR) to include them."
        )
    two_column = sum(1 for p in pages if p.two_columns)
    if two_column:
        notes.append(f"{two_column} page(s) are set in two columns; they were read column by column.")
    dropped = _drop_furniture(pages)
    if dropped:
        notes.append(f"{dropped} running header, footer or page-number line(s) were omitted (they are not part of the law).")
    footnotes = _drop_footnotes(pages)
    if footnotes:
        notes.append(f"{footnotes} footnote line(s) at the foot of pages were omitted; footnotes are not compared.")
    lines = [line for page in pages for line in page.lines]
    paragraphs = _paragraphs(lines, pages)
    blocks = []
    for i, (text, page) in enumerate(paragraphs):
        blocks.append(Block(text=text, page=page, pieces=[Piece(para=i, offset=0, length=len(text))]))
    return SourceText(name=name, format="pdf", blocks=blocks, metadata={}, notes=notes)


# --- reading the words ---------------------------------------------------------------------------


def _extract_pages(data: bytes, name: str) -> list[_Page]:
    """The words of every page, grouped into lines in reading order; refusals for files that
    cannot be opened (damaged, password-protected, too long, too slow)."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise DraftingError(_open_failure(exc, name)) from None
    started = time.monotonic()
    pages: list[_Page] = []
    with pdf:
        try:
            # walking the page tree is cheap: count the pages before reading any of them
            page_objects = list(itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
            if len(page_objects) > MAX_PAGES:
                declared = _declared_page_count(pdf.doc)
                raise DraftingError(_too_many_pages(name, declared if declared > MAX_PAGES else None))
            doctop = 0.0
            for index, page_obj in enumerate(page_objects):
                if time.monotonic() - started > MAX_SECONDS:
                    raise DraftingError(
                        f"{name} takes too long to read (it is very long, unusually complex or damaged): "
                        "save it again as a PDF from the program that made it, or upload a Word or text version."
                    )
                page = Page(pdf, page_obj, page_number=index + 1, initial_doctop=doctop)
                doctop += page.height
                words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                                           use_text_flow=False, extra_attrs=["size"])
                images = len(page.images)
                width, height = float(page.width), float(page.height)
                page.close()
                pages.append(_layout_page(index + 1, width, height, words, images))
        except DraftingError:
            raise
        except Exception as exc:
            raise DraftingError(_open_failure(exc, name)) from None
    if not pages:
        raise DraftingError(f"{name} has no pages, so it is damaged or not a real PDF: save it again and upload the new copy.")
    return pages


def _open_failure(exc: Exception, name: str) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    kind = type(inner).__name__
    if kind == "PDFPasswordIncorrect":
        return (
            f"{name} is protected by a password, so it cannot be read; remove the password "
            "(or save an unprotected copy) and upload it again."
        )
    if kind.startswith("PDFEncryption") or kind == "PDFKeyError":
        return f"{name} is encrypted in a way that cannot be read; save an unprotected copy of it and upload that."
    return pdf_damaged_message(name)


def _too_many_pages(name: str, count: int | None) -> str:
    what = f"has {count:,} pages" if count else f"has more than {MAX_PAGES:,} pages"
    return (
        f"{name} {what}, more than the {MAX_PAGES:,} pages that can be read at once; "
        "upload the part of the document that holds the law."
    )


def _declared_page_count(doc) -> int:
    """The page count the document's catalogue declares (0 when it cannot be read)."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else 0
        return int(count) if isinstance(count, (int, float)) else 0
    except Exception:
        return 0


def _layout_page(number: int, width: float, height: float, raw_words: list[dict], images: int) -> _Page:
    words = [
        _Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), float(w.get("size") or 0) or 10.0)
        for w in raw_words
        if w.get("upright", True) and w["text"].strip()
    ]
    page = _Page(number=number, width=width, height=height, images=images)
    if not words:
        return page
    rows = _rows(words)
    gutter = _find_gutter(rows)
    if gutter is None:
        page.lines = [_Line(row, number).finish() for row in rows]
        return page
    page.two_columns = True
    section_left: list[_Line] = []
    section_right: list[_Line] = []
    out: list[_Line] = []
    for row in rows:
        if any(w.x0 < gutter < w.x1 for w in row):  # the row crosses the gutter: a full-width line
            out += section_left + section_right
            section_left, section_right = [], []
            out.append(_Line(row, number, column=0).finish())
            continue
        left = [w for w in row if w.x1 <= gutter]
        right = [w for w in row if w.x0 >= gutter]
        if left:
            section_left.append(_Line(left, number, column=1).finish())
        if right:
            section_right.append(_Line(right, number, column=2).finish())
    page.lines = out + section_left + section_right
    return page


def _rows(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into rows: a word joins a row it overlaps vertically by half its height."""
    rows: list[list[_Word]] = []
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        placed = False
        for i in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            top, bottom = spans[i]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                rows[i].append(w)
                spans[i] = (min(top, w.top), max(bottom, w.bottom))
                placed = True
                break
        if not placed:
            rows.append([w])
            spans.append((w.top, w.bottom))
    order = sorted(range(len(rows)), key=lambda i: spans[i][0])
    return [sorted(rows[i], key=lambda w: w.x0) for i in order]


def _find_gutter(rows: list[list[_Word]]) -> float | None:
    """The x position between two columns of text, or None for a one-column page.

    Counting, for every x, the rows that have a word over it: a gutter is a strip in the
    middle 30-70% of the text's width, at least an em (and 8 points) wide, that at most a
    quarter of the rows cross (full-width titles, running heads, centred page numbers), with
    many more rows covering the em on each side of it than cross it (the two columns' edges).
    The ragged right edge of a one-column page, or aligned spaces in a monospaced text, do not
    have both. Each column must also hold at least three rows that fill a good part of it, so
    that a two-column table of short entries is not taken for columns.
    """
    if len(rows) < 6:
        return None
    left_edge = int(min(w.x0 for row in rows for w in row))
    right_edge = int(max(w.x1 for row in rows for w in row)) + 1
    span = right_edge - left_edge
    if span < 150:
        return None
    crossing = [0] * (span + 1)
    for row in rows:
        covered = bytearray(span + 1)
        for w in row:
            for x in range(int(w.x0) + 1, int(w.x1) + 1):
                covered[x - left_edge] = 1
        for i, c in enumerate(covered):
            crossing[i] += c
    em = statistics.median(w.size for row in rows for w in row)
    lo, hi = int(0.3 * span), int(0.7 * span)
    allowed = len(rows) / 4
    strip = _widest_run([lo <= i <= hi and c <= allowed for i, c in enumerate(crossing)])
    if strip is None or strip[1] - strip[0] < max(8.0, 0.9 * em):
        return None
    floor = min(crossing[strip[0] : strip[1] + 1])
    slack = max(1, len(rows) // 20)
    a, b = _widest_run([strip[0] <= i <= strip[1] and c <= floor + slack for i, c in enumerate(crossing)]) or strip
    window = int(1.5 * em) + 1
    left_level = max(crossing[max(0, a - window) : a] or [0])
    right_level = max(crossing[b + 1 : b + 1 + window] or [0])
    if min(left_level, right_level) < max(3, 2 * floor + 1):
        return None
    gutter = left_edge + (a + b) / 2
    left_rows = [[w for w in row if w.x1 <= gutter] for row in rows if not any(w.x0 < gutter < w.x1 for w in row)]
    right_rows = [[w for w in row if w.x0 >= gutter] for row in rows if not any(w.x0 < gutter < w.x1 for w in row)]
    left_rows = [r for r in left_rows if r]
    right_rows = [r for r in right_rows if r]
    if len(left_rows) < 3 or len(right_rows) < 3:
        return None
    left_width = gutter - left_edge
    right_width = right_edge - gutter
    if min(left_width, right_width) < 0.5 * max(left_width, right_width):
        return None
    left_fill = statistics.median((max(w.x1 for w in r) - min(w.x0 for w in r)) / left_width for r in left_rows)
    right_fill = statistics.median((max(w.x1 for w in r) - min(w.x0 for w in r)) / right_width for r in right_rows)
    if left_fill < 0.6 or right_fill < 0.6:
        return None
    return gutter


def _widest_run(flags: list[bool]) -> tuple[int, int] | None:
    """The first and last index of the longest run of True, or None."""
    best: tuple[int, int] | None = None
    start = None
    for i, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if best is None or i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


# --- running headers, footers and page numbers -------------------------------------------------------


def _drop_furniture(pages: list[_Page]) -> int:
    """Leave out edge lines repeated at the same height on most pages, and edge page numbers."""
    candidates: list[tuple[_Page, _Line]] = []
    for page in pages:
        for line in page.lines:
            if line.bottom <= page.height * EDGE_BAND or line.top >= page.height * (1 - EDGE_BAND):
                candidates.append((page, line))
    # where each key appears: page -> heights
    seen: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    exact: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for page, line in candidates:
        seen[furniture_key(line.text)][page.number].append(line.top)
        exact[line.text.strip()][page.number].append(line.top)
    needed = max(2, -(-len(pages) * MIN_FURNITURE_SHARE // 1))
    drop: set[int] = set()
    for page, line in candidates:
        if is_page_number(line.text):
            drop.add(id(line))
            continue
        if len(pages) < 2:
            continue
        # a line that opens a provision ("Article 7") must repeat word for word, not just in shape
        table = exact[line.text.strip()] if is_structural_start(line.text) else seen[furniture_key(line.text)]
        same_height = sum(1 for tops in table.values() if any(abs(t - line.top) <= 4 for t in tops))
        if same_height >= needed:
            drop.add(id(line))
    for page in pages:
        page.lines = [line for line in page.lines if id(line) not in drop]
    return len(drop)


FOOTNOTE_START = re.compile(r"^(?:\(\d{1,3}\)|\d{1,3}[.)]?\s|\[\d{1,3}\]|[*†‡¹²³⁴⁵⁶⁷⁸⁹])")


def _drop_footnotes(pages: list[_Page]) -> int:
    """Leave out footnotes: a run of lines in a smaller type at the foot of a page, the first of
    which starts with a footnote number ("(1) OJ L 206, 11.6.2021, p. 1.")."""
    sizes = [line.size for page in pages for line in page.lines for _ in line.words]
    if not sizes:
        return 0
    body = statistics.median(sizes)
    dropped = 0
    for page in pages:
        by_height = sorted(page.lines, key=lambda ln: ln.top)
        foot: list[_Line] = []
        for line in reversed(by_height):
            if line.size > 0.85 * body:
                break
            foot.insert(0, line)
        starts = [i for i, line in enumerate(foot) if FOOTNOTE_START.match(line.text)]
        if not starts or len(foot) == len(by_height):
            continue
        notes = {id(line) for line in foot[starts[0]:]}
        page.lines = [line for line in page.lines if id(line) not in notes]
        dropped += len(notes)
    return dropped


# --- paragraphs ----------------------------------------------------------------------------------------


def _frames(pages: list[_Page]):
    """A function giving the text edges of a line's column.

    The edges are taken over the whole document (the median over pages with enough lines), so
    that a page whose lines are all indented (a page of definitions) does not look unindented;
    facing pages with mirrored margins get the edges of their side (odd or even pages).
    """
    seen: dict[int, list[tuple[int, _Frame]]] = defaultdict(list)
    for page in pages:
        groups: dict[int, list[_Line]] = defaultdict(list)
        for line in page.lines:
            if not (line.column == 0 and page.two_columns):  # full-width lines of a two-column page
                groups[line.column].append(line)
        for column, lines in groups.items():
            if len(lines) >= 5:
                seen[column].append((page.number, _Frame(min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))))

    def median_frame(frames: list[_Frame]) -> _Frame:
        return _Frame(statistics.median(f.left for f in frames), statistics.median(f.right for f in frames))

    table: dict[tuple[int, int], _Frame] = {}  # (column, parity) -> frame; parity -1: any page
    for column, items in seen.items():
        table[(column, -1)] = median_frame([f for _, f in items])
        odd = [f for n, f in items if n % 2]
        even = [f for n, f in items if not n % 2]
        if len(odd) >= 2 and len(even) >= 2:
            odd_frame, even_frame = median_frame(odd), median_frame(even)
            if abs(odd_frame.left - even_frame.left) > 10:
                table[(column, 1)], table[(column, 0)] = odd_frame, even_frame
    by_number = {page.number: page for page in pages}

    def frame_of(line: _Line) -> _Frame:
        page = by_number[line.page]
        parity = line.page % 2

        def lookup(column: int) -> _Frame | None:
            return table.get((column, parity)) or table.get((column, -1))

        if line.column == 0 and page.two_columns:
            left, right = lookup(1), lookup(2)
            if left is not None and right is not None:
                return _Frame(left.left, right.right)
        frame = lookup(line.column)
        if frame is None:
            same = [ln for ln in page.lines if ln.column == line.column] or page.lines
            frame = _Frame(min(ln.x0 for ln in same), max(ln.x1 for ln in same))
        return frame

    return frame_of


def _paragraphs(lines: list[_Line], pages: list[_Page]) -> list[tuple[str, int]]:
    frame_of = _frames(pages)

    for line in lines:
        frame = frame_of(line)
        width = line.x1 - line.x0
        middle = (line.x0 + line.x1) / 2
        line.balanced = (
            abs(middle - (frame.left + frame.right) / 2) < 0.06 * frame.width
            and line.x0 - frame.left > 0.04 * frame.width
            and frame.right - line.x1 > 0.04 * frame.width
        )
        line.centered = line.balanced and width < 0.7 * frame.width and line.x0 - frame.left > 0.12 * frame.width
    pitch = _usual_pitch(lines)
    compounds = set(HYPHENATED_COMPOUNDS) | hyphenated_words([ln.text for ln in lines])
    out: list[tuple[str, int]] = []
    current: list[_Line] = []
    text = ""
    for line in lines:
        if current and _breaks(current, line, frame_of, pitch):
            out.append((text, current[0].page))
            current, text = [], ""
        text = join_lines(text, line.text, compounds) if current else line.text.strip()
        current.append(line)
    if current:
        out.append((text, current[0].page))
    return [(t, p) for t, p in out if t.strip()]


def _usual_pitch(lines: list[_Line]) -> dict[int, float]:
    """The usual distance from one line to the next of the same column, per font size."""
    pitches: dict[int, list[float]] = defaultdict(list)
    for prev, line in zip(lines, lines[1:]):
        if prev.page == line.page and prev.column == line.column and line.top > prev.top:
            d = line.top - prev.top
            if d < 3 * max(line.size, 1):
                pitches[round(line.size)].append(d)
    return {size: statistics.median(values) for size, values in pitches.items() if values}


def _breaks(current: list[_Line], line: _Line, frame_of, pitch: dict[int, float]) -> bool:
    """Whether `line` starts a new paragraph after the lines of `current`."""
    prev = current[-1]
    frame = frame_of(line)
    prev_frame = frame_of(prev)
    indent = line.x0 - frame.left
    prev_indent = prev.x0 - prev_frame.left
    tolerance = max(0.4 * line.size, 2.0)
    same_flow = prev.page == line.page and prev.column == line.column and line.top > prev.top
    if same_flow:
        usual = pitch.get(round(line.size)) or 1.2 * line.size
        if line.top - prev.top > 1.3 * usual + 0.5 or abs(line.size - prev.size) > 1.5:
            return True
    if line.centered or prev.centered:
        # a centred heading is a block of its own, unless it wrapped: a long centred line
        # followed, at the usual spacing, by the rest of it ("PART VIII - INFORMATION AND" / "REPORTING")
        wrapped = (
            same_flow and prev.balanced and line.balanced
            and prev.x1 - prev.x0 >= 0.55 * prev_frame.width
            and not HEADING_ONLY.match(prev.text.strip())
            and not is_structural_start(line.text)
        )
        return not wrapped
    short = prev.x1 < prev_frame.right - max(0.2 * prev_frame.width, 2 * prev.size)
    if short and not prev.text.rstrip().endswith(("-", "\u2010", ",", "\u00ad")) and not line.text[:1].islower():
        return True
    if opens_provision(prev.text, line.text, len(current) == 1):
        return True
    if HEADING_ONLY.match(prev.text.strip()) and len(current) == 1:
        return True
    cited = bool(CITING_WORD.search(prev.text.rstrip()))
    if in_capitals(prev.text) and not in_capitals(line.text, words=1) and not cited:  # an upper-case heading ends
        return True
    # indentation: a first-line indent opens a paragraph; the text of a hanging "(a)" point does not
    if len(current) == 1:
        if indent > prev_indent + tolerance:
            hanging = (
                len(prev.words) > 1
                and is_structural_start(prev.words[0].text)
                and abs(line.x0 - prev.words[1].x0) <= tolerance
            )
            return not hanging
        return False
    body = current[1]
    body_indent = body.x0 - frame_of(body).left
    return abs(indent - body_indent) > tolerance


def _page_list(numbers: list[int]) -> str:
    if len(numbers) > 12:
        return ", ".join(str(n) for n in numbers[:12]) + f" and {len(numbers) - 12} more"
    return ", ".join(str(n) for n in numbers)
