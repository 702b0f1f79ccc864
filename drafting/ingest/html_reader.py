"""Web pages (.html): laws saved from EUR-Lex or a national legislation site, read with lxml.

Block elements (p, div with text of its own, li, h1-h6, dt/dd, blockquote, pre...) become
blocks; h1-h6 give `Block.outline`, an ordered list item gets the number the browser shows as
its `Block.label`. A line break (<br>) inside a block starts a new block where the next line
opens a provision ("(a)", "2.") and is a space otherwise.

Tables: a row of data cells is one block, cells separated by a tab (as the Word reader does).
A row whose first cell is only a marker - how EUR-Lex sets points, "(a)" | "the text" - is the
point itself: "(a) the text" (and a nested table of sub-points in its text cell gives blocks of
its own). A table used for page layout (cells holding several paragraphs or tables) is read as
ordinary content. EUR-Lex's consolidated layout of points (div.grid-container with a marker
column and a text column) is read like a marker row.

Left out: scripts, styles, navigation, page headers and footers, forms and other site chrome
(also by ARIA role), hidden elements, the Official Journal's page-header table (hd-* classes)
and footnotes with their reference marks (EUR-Lex's 'note' paragraphs). The first title of the
act (EUR-Lex 'doc-ti' paragraphs, else the first h1, else <title>) is kept as its title.

Safety: the page is parsed by libxml2's HTML parser, which never loads a DTD or an external
entity and has no network access (no_network=True); the document type declaration, with any
entities it declares, is removed before parsing; huge_tree=False keeps libxml2's limits on
depth and size of text nodes.
"""

from __future__ import annotations

import re

from drafting.ingest.layout import is_structural_start
from drafting.ingest.source import Block, Piece, SourceText

BLOCK_TAGS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 blockquote pre address section article main body dd dt dl ul ol "
    "figure figcaption caption hr center fieldset legend details summary table".split()
)
DROP_TAGS = frozenset(
    "script style nav header footer noscript form template iframe object embed svg math button select "
    "textarea input canvas audio video map aside head title meta link base dialog".split()
)
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alert"})
NOTE_CLASSES = frozenset({"note", "oj-note", "footnote", "footnotes"})
HEADER_CLASS = re.compile(r"^(?:oj-)?hd-")
TITLE_CLASSES = frozenset({"doc-ti", "oj-doc-ti"})
FOOTNOTE_HREF = re.compile(r"^#(?:ntr|ntc|footnote|fn|note|E\d)", re.I)
MARKER_CELL = re.compile(
    r"^(?:\(?[0-9]{1,3}[a-z]?[.)]|\([0-9]{1,3}[a-z]?\)|\(?[a-z]{1,4}\)|[a-z]{1,3}\.|\([A-Z]{1,4}\)|[A-Z]\.|[—–\-•·▪◦*])$"
)
DOCTYPE = re.compile(r"<!DOCTYPE(?:[^>\[]|\[.*?\])*>", re.I | re.S)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
BREAK = "\u2028"  # stands for <br> while whitespace is collapsed
CUT = "\u2063"  # where a footnote mark was taken out: the space before it goes too
MAX_DEPTH = 400


def read_html(text: str, name: str) -> SourceText:
    """Read a web page into blocks (one per paragraph, list item, heading or table row)."""
    import lxml.html
    from lxml import etree

    text = XML_DECLARATION.sub("", text, count=1)
    head, rest = text[:200000], text[200000:]
    text = DOCTYPE.sub("", head, count=1) + rest
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return SourceText(name=name, format="html", blocks=[])
    reader = _Reader()
    body = root.find("body")
    reader.walk(body if body is not None else root, 0)
    reader.flush()
    metadata = {}
    title = reader.doc_title or reader.first_h1 or _page_title(root)
    if title:
        metadata["title"] = title
    notes = []
    if reader.footnotes:
        notes.append(f"{reader.footnotes} footnote(s) were left out, with their reference marks in the text.")
    if reader.furniture:
        notes.append(f"{reader.furniture} page-header line(s) of the Official Journal were left out.")
    blocks = []
    for i, (block_text, outline, table, label, style) in enumerate(reader.blocks):
        blocks.append(Block(text=block_text, label=label, style=style, outline=outline, table=table,
                            pieces=[Piece(para=i, offset=0, length=len(block_text))]))
    return SourceText(name=name, format="html", blocks=blocks, metadata=metadata, notes=notes)


def _page_title(root) -> str:
    title = root.find(".//title")
    return _clean(title.text_content()) if title is not None else ""


def _clean(text: str) -> str:
    text = re.sub(r"\s*" + CUT, "", text.replace("\xa0", " ").replace(BREAK, " "))
    return re.sub(r"\s+", " ", text).strip()


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[tuple[str, int, bool, str, str]] = []  # text, outline, table, label, style
        self.buffer: list[str] = []
        self.outline = 0
        self.style = ""
        self.label = ""  # an ordered-list number waiting for the item's first block
        self.prefix = ""  # a point marker from a table row waiting for the point's first block
        self.doc_title = ""
        self.title_open = True
        self.first_h1 = ""
        self.footnotes = 0
        self.furniture = 0

    # --- emitting blocks ------------------------------------------------------------------------

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        lines = [_clean(part) for part in raw.split(BREAK)]
        paragraphs: list[str] = []
        current = ""
        for line in lines:
            if not line:
                if current:
                    paragraphs.append(current)
                current = ""
                continue
            if current and is_structural_start(line):
                paragraphs.append(current)
                current = line
            else:
                current = f"{current} {line}".strip()
        if current:
            paragraphs.append(current)
        for text in paragraphs:
            self.emit(text)

    def emit(self, text: str, table: bool = False) -> None:
        if self.prefix:
            text = f"{self.prefix} {text}".strip()
            self.prefix = ""
        if not text:
            return
        label, self.label = self.label, ""
        if label and is_structural_start(text):
            label = ""  # the item already starts with its own number
        self.blocks.append((text, self.outline, table, label, self.style))

    # --- walking the tree ---------------------------------------------------------------------------

    def walk(self, el, depth: int) -> None:
        tag = _tag(el)
        if not tag:
            return
        if self.dropped(el, tag):
            return
        if tag == "br":
            self.buffer.append(BREAK)
            return
        if tag == "a" and self.footnote_mark(el):
            self.buffer.append(CUT)
            return
        if tag == "table":
            self.flush()
            self.table(el, depth)
            return
        if tag == "div" and "grid-container" in _classes(el) and self.grid_point(el, depth):
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
            saved = (self.outline, self.style)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.outline = int(tag[1])
            classes = (el.get("class") or "").split()
            if classes and tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
                self.style = classes[0]
            if tag == "li":
                self.label = _list_label(el)
        self.buffer.append(self.text_of(el.text, tag))
        if depth < MAX_DEPTH:
            for child in el:
                self.walk(child, depth + 1)
                if child.tail:
                    self.buffer.append(self.text_of(child.tail, tag))
        if block:
            self.note_title(el, tag)
            self.flush()
            self.outline, self.style = saved

    def text_of(self, text: str | None, tag: str) -> str:
        if not text:
            return ""
        return text.replace("\n", BREAK) if tag == "pre" else text

    def dropped(self, el, tag: str) -> bool:
        if tag in DROP_TAGS:
            return True
        if (el.get("role") or "").lower() in DROP_ROLES or el.get("hidden") is not None:
            return True
        if (el.get("aria-hidden") or "").lower() == "true":
            return True
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        classes = _classes(el)
        if classes & NOTE_CLASSES:
            self.footnotes += 1 if tag != "hr" and _clean(el.text_content()) else 0
            return True
        if any(HEADER_CLASS.match(c) for c in classes):
            self.furniture += 1 if _clean(el.text_content()) else 0
            return True
        return False

    def footnote_mark(self, el) -> bool:
        href = el.get("href") or ""
        classes = _classes(el)
        short = len(_clean(el.text_content())) <= 6
        return short and (bool(FOOTNOTE_HREF.match(href)) or bool(classes & {"footnote", "footnote-ref", "note-tag"}))

    def note_title(self, el, tag: str) -> None:
        """Remember the act's title: EUR-Lex 'doc-ti' paragraphs at the top, or the first h1."""
        classes = _classes(el)
        if classes & TITLE_CLASSES and self.title_open:
            text = _clean(el.text_content())
            self.doc_title = f"{self.doc_title} {text}".strip()
        elif self.doc_title and tag in ("p", "div"):
            self.title_open = False
        if tag == "h1" and not self.first_h1:
            self.first_h1 = _clean(el.text_content())

    # --- tables -------------------------------------------------------------------------------------

    def table(self, el, depth: int) -> None:
        for row in _rows(el):
            every = [c for c in row if _tag(c) in ("td", "th")]
            if any(any(HEADER_CLASS.match(k) for k in _classes(p)) for c in every for p in c.iter() if _tag(p)):
                self.furniture += 1  # the Official Journal's page header: date, language, title, page
                continue
            cells = [c for c in every if not self.dropped_quietly(c, _tag(c))]
            texts = [self.cell_text(c) for c in cells]
            while cells and not texts[0]:
                cells, texts = cells[1:], texts[1:]
            if not cells:
                continue
            if len(cells) >= 2 and MARKER_CELL.match(texts[0]) and any(texts[1:]):
                self.point(texts[0], cells[1:], depth)
            elif any(_is_container(c) for c in cells):
                for cell in cells:
                    self.walk_content(cell, depth)
            else:
                filled = [t for t in texts]
                while filled and not filled[-1]:
                    filled.pop()
                self.emit("\t".join(filled), table=len(filled) > 1)

    def point(self, marker: str, cells, depth: int) -> None:
        """A point set as a table row: the marker goes before the first block of its text."""
        self.flush()
        self.prefix = marker
        for cell in cells:
            self.walk_content(cell, depth)
        self.flush()
        if self.prefix:  # the text cells held nothing readable: the marker stands alone
            self.emit("")

    def grid_point(self, el, depth: int) -> bool:
        """EUR-Lex consolidated texts: <div class="grid-container grid-list"> with a marker
        column and a text column; read as one point, like a marker row of a table."""
        columns = [c for c in el if _tag(c)]
        if len(columns) < 2:
            return False
        marker = self.cell_text(columns[0])
        if not MARKER_CELL.match(marker):
            return False
        self.flush()
        self.point(marker, columns[1:], depth)
        return True

    def walk_content(self, cell, depth: int) -> None:
        self.buffer.append(self.text_of(cell.text, "td"))
        for child in cell:
            self.walk(child, depth + 1)
            if child.tail:
                self.buffer.append(child.tail)
        self.flush()

    def cell_text(self, cell) -> str:
        parts: list[str] = []

        def collect(el) -> None:
            tag = _tag(el)
            if not tag or self.dropped_quietly(el, tag):
                return
            if tag == "a" and self.footnote_mark(el):
                return
            if el.text:
                parts.append(el.text)
            for child in el:
                collect(child)
                if child.tail:
                    parts.append(child.tail)
            if tag in BLOCK_TAGS or tag == "br":
                parts.append(" ")

        collect(cell)
        return _clean("".join(parts))

    def dropped_quietly(self, el, tag: str) -> bool:
        saved = (self.footnotes, self.furniture)
        result = self.dropped(el, tag)
        self.footnotes, self.furniture = saved
        return result


def _rows(table) -> list:
    """The rows of a table, not those of tables nested in its cells."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _is_container(cell) -> bool:
    """A cell used for layout: it holds a table, or several paragraphs with text."""
    blocks = 0
    for el in cell.iter():
        tag = _tag(el)
        if el is cell or not tag:
            continue
        if tag == "table":
            return True
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6") and _clean(el.text_content()):
            blocks += 1
            if blocks > 1:
                return True
    return False


def _list_label(li) -> str:
    """The number a browser shows before an ordered-list item ("3.", "c.", "iv."), or ""."""
    parent = li.getparent()
    if parent is None or _tag(parent) != "ol":
        return ""
    style = parent.get("type") or "1"
    try:
        number = int(parent.get("start") or 1)
    except ValueError:
        number = 1
    for sibling in parent:
        if _tag(sibling) != "li":
            continue
        if sibling.get("value"):
            try:
                number = int(sibling.get("value"))
            except ValueError:
                pass
        if sibling is li:
            break
        number += 1
    if style == "a":
        return f"{_letters(number)}."
    if style == "A":
        return f"{_letters(number).upper()}."
    if style == "i":
        return f"{_roman(number)}."
    if style == "I":
        return f"{_roman(number).upper()}."
    return f"{number}."


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out or "a"


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in values:
        while n >= value:
            out += numeral
            n -= value
    return out or "i"
