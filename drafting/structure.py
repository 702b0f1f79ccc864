"""Structure: `SourceText` blocks -> `Document`, a tree of provisions with printed labels.

One pass over the blocks with a small state machine:

- containers (Part, Chapter, Title, Division, Schedule, Annex) open and close groups;
- articles/sections open where a line starts with "Article 5", "SEC. 5.", "Section 5", or -
  in Acts that number sections without the word - with a bare "5." / "5 Heading" / "5.—(1)"
  (only in a text that names itself an Act, Order, Rules... or whose numbered lines carry
  headings: in guidelines or a memo "1." is a numbered paragraph);
- list markers ("(1)", "1.", "1)", "(a)", "a)", "(i)", "(A)", "(aa)") nest by style: a style
  seen before closes back to its level, a new style opens a deeper one; "(i)" is a letter
  after "(h)" and a roman numeral otherwise;
- unnumbered definitions ('"broker" means ...', '"broker"—', a "term | means ..." table row,
  and "Term: meaning" inside a definitions article) are items of their own;
- a short title line before (common-law style) or right after (EU style) an article marker
  is its heading; other unnumbered text joins the paragraph it follows.

A preamble (title, recitals) and a table of contents are kept but marked non-operative. When
no article or section is found, numbered paragraphs become the units; when nothing is
numbered, each paragraph is a unit, and the document says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from drafting import markers as mk
from drafting.ingest.source import SourceText
from drafting.tree import Document, Provision, Span

ARTICLE_KIND = {"Article": "article", "Section": "section", "Regulation": "regulation", "Rule": "rule", "Clause": "clause"}
ARTICLE_ID = {"article": "art", "section": "sec", "regulation": "reg", "rule": "rule", "clause": "cl", "schedule-paragraph": "para"}
CONTAINER_ID = {
    "part": "part",
    "chapter": "ch",
    "title": "title",
    "division": "div",
    "subdivision": "subdiv",
    "schedule": "sch",
    "annex": "annex",
    "group": "doc",
    "preamble": "preamble",
}
CONTAINER_LABEL = {
    "part": "Part",
    "chapter": "Chapter",
    "title": "Title",
    "division": "Division",
    "subdivision": "Section",
    "schedule": "Schedule",
    "annex": "Annex",
    "group": "",
    "preamble": "Preamble",
}
# Kinds by depth under a section (subsection (1), paragraph (a), subparagraph (i), ...) and under an
# article (paragraph 1, point (a), ...). "clause" is not used: it is an article kind (tree.ARTICLE_KINDS).
DEPTH_KIND_SECTION = ["subsection", "paragraph", "subparagraph", "sub-subparagraph", "sub-sub-subparagraph"]
DEPTH_KIND_ARTICLE = ["paragraph", "point", "subpoint", "indent", "subindent"]
DEPTH_ID = ["par", "pt", "sp", "ind", "sub-ind"]
DEPTH_ID_SECTION = ["sub", "pt", "sp", "ind", "sub-ind"]
LETTER_STYLES = ("paren-lower", "lower-paren", "lower-dot")
# The heading of an appended text that is not the law in force: an amending Act, a superseded bill.
NOT_IN_FORCE = re.compile(r"\b(?:appended|amend(?:ing|ment)|superseded|repealed|former|draft bill|explanatory)\b", re.I)
TABLE_DEFINITION_VERB = re.compile(r"(?:means?|includes?|ha(?:s|ve) the (?:same )?meanings?|refers? to|shall (?:mean|include))\b")


@dataclass
class _Level:
    style: str
    node: Provision
    number: str


@dataclass
class _Style:
    """How this document marks its articles (decided once, before parsing)."""

    article_words: set[str] = field(default_factory=set)  # "Article", "Section", ...
    bare_articles: bool = False  # "5. Heading" / "5 Heading" opens a section
    bare_word: str = "Section"
    section_is_container: bool = False


def build_document(source: SourceText) -> Document:
    """The provision tree of a source text."""
    parser = _Parser(source)
    parser.run()
    return parser.document()


class _Parser:
    def __init__(self, source: SourceText):
        self.source = source
        self.style = _decide_style(source)
        self.roots: list[Provision] = []
        self.containers: list[Provision] = []  # open containers, outermost first
        self.article: Provision | None = None
        self.stack: list[_Level] = []  # open list levels under the article
        self.pending_heading: tuple[str, int] | None = None
        self.preamble = Provision(id="preamble", label="Preamble", kind="preamble", operative=False)
        self.in_annex = False
        self.notes: list[str] = []
        self.title = source.metadata.get("title", "")
        self.editorial = 0
        self.expect_container_heading: Provision | None = None
        self.any_article = False
        self.top_level_lists = not _has_articles(source, self.style)
        self.toc_buffer: list[tuple[int, str, str, int]] | None = None  # lines of a table of contents
        self.toc_entries = 0
        self.bare_word = self.style.bare_word  # what bare numbers are called in the current instrument

    # --- the main loop --------------------------------------------------------------------------

    def run(self) -> None:
        for index, block in enumerate(self.source.blocks):
            text = block.text
            if not text.strip() and not block.label:
                continue
            if block.table and self._definition_row(index, text):
                continue
            self.line(index, block.label, text, block.outline)
        self._flush_pending()

    def line(self, index: int, label: str, text: str, outline: int) -> None:
        pos = mk.strip_amendment_mark(text) if not label else 0
        s = text[pos:]
        stripped = s.strip()
        if not label and mk.EDITORIAL.match(stripped) and not mk.enumeration_at(stripped):
            self.editorial += 1
            return
        if not label and _is_toc_heading(stripped):
            self._close_article()
            self._flush_pending()
            self.toc_buffer = self.toc_buffer if self.toc_buffer is not None else []
            self.containers = [c for c in self.containers if c.kind == "group"]
            return
        if self.toc_buffer is not None:
            if _toc_like(label, stripped):
                self.toc_buffer.append((index, label, text, outline))
                return
            self._leave_toc(label, stripped)
        decorated = mk.DECORATED.match(stripped)
        if decorated and not label:
            self._open_container("group", "", decorated.group("title"), index, pos)
            return
        head = f"{label} {s}" if label else s

        # The line after a bare "CHAPTER I" is often its heading.
        if self.expect_container_heading is not None:
            container = self.expect_container_heading
            self.expect_container_heading = None
            if not label and _is_container_heading(stripped):
                container.heading = stripped
                return

        c = mk.container_at(head, self.style.section_is_container)
        if c is not None:
            self._open_container(c.kind, c.number, c.rest.strip(), index, pos)
            return
        a = self._article_at(head, outline)
        if a is not None:
            self._open_article(a, index, pos, label)
            return
        if mk.TOC_HEADING.match(stripped) and not label:
            self._close_article()
            self.pending_heading = None
            self._add_unnumbered(stripped, index, pos, as_heading=True)
            return
        e = self._enumeration_at(label, s)
        if e is not None:
            self._open_enumeration(e, index, pos, label)
            return
        term = mk.definition_at(stripped) if self.article is not None or self.top_level_lists else None
        if term is None and not label and self._in_definitions():
            term = mk.colon_definition_at(stripped)
        if term and not label:
            self._open_definition(term, stripped, index, pos + (len(s) - len(s.lstrip())))
            return
        indent = mk.indent_at(s)
        if indent and self._current() is not None and not label:
            self._append_text(self._current(), s[indent:].strip(), index, pos + indent, indent=True)
            return
        self._add_unnumbered(stripped, index, pos + (len(s) - len(s.lstrip())), outline=outline)

    def _in_definitions(self) -> bool:
        """Inside an article that announces definitions, and not inside one of its numbered items."""
        article = self.article
        if article is None or any(level.style != "definition" for level in self.stack):
            return False
        return bool(mk.DEFINITIONS_INTRO.search(article.heading) or mk.DEFINITIONS_INTRO.search(article.text))

    def _definition_row(self, index: int, text: str) -> bool:
        """A row of a definitions table, "term<TAB>means ...", is a definition; its header row
        ("Term | Meaning") is left out. False when the row is anything else."""
        cells = text.split("\t")
        if len(cells) != 2 or self.article is None and not self.top_level_lists:
            return False
        term, meaning = cells[0].strip(), cells[1].strip()
        if re.fullmatch(r"(?i)(?:defined )?(?:terms?|expressions?|words?)", term) and re.fullmatch(
                r"(?i)meanings?|definitions?|interpretation", meaning):
            return True
        if not term or len(term.split()) > 8 or not TABLE_DEFINITION_VERB.match(meaning):
            return False
        start = len(cells[0]) - len(cells[0].lstrip())
        row = text[start:len(text.rstrip())]
        self._open_definition(term.strip(mk.QUOTE_OPEN + mk.QUOTE_CLOSE), row.replace("\t", " "), index, start)
        return True

    def _leave_toc(self, label: str, trigger: str) -> None:
        """The table of contents ended: the body's first lines (its Part heading, or the section
        whose subsection triggered the exit) were swallowed with it and are read again."""
        buffer, self.toc_buffer = self.toc_buffer or [], None
        replay: list[tuple[int, str, str, int]] = []
        trigger_is_item = bool(label or mk.enumeration_at(trigger))
        seen_container = False
        for entry in reversed(buffer):
            head = f"{entry[1]} {entry[2]}".strip()
            if _is_article_line(head):
                if not replay and trigger_is_item:
                    replay.insert(0, entry)
                break
            if mk.container_at(head, True) is not None:
                seen_container = True
            elif seen_container:
                break
            replay.insert(0, entry)
        self.toc_entries += len(buffer) - len(replay)
        for index, lab, text, outline in replay:
            self.line(index, lab, text, outline)

    # --- deciding what a line opens ---------------------------------------------------------

    def _article_at(self, head: str, outline: int) -> mk.Match | None:
        """An article/section opening on this line; in a schedule, a numbered paragraph of it."""
        if self.in_annex:
            b = mk.bare_article_at(head) if self.style.bare_articles else None
            if b is not None and self._plausible_bare_article(b):
                b.kind = "Paragraph"
                return b
            return None
        a = mk.article_at(head)
        if a is not None and a.kind in self.style.article_words:
            return a
        if self.style.bare_articles:
            b = mk.bare_article_at(head)
            if b is not None and self._plausible_bare_article(b):
                b.kind = self.bare_word
                return b
        return None

    def _plausible_bare_article(self, b: mk.Match) -> bool:
        """A bare number opens a section unless it continues a '1.' list inside the section."""
        if self.stack and self.stack[0].style == "dot-decimal" and _successor(self.stack[0].number, b.number):
            return False
        rest = b.rest.strip()
        if re.fullmatch(r"(?:[.…]\s*){3,}", rest):
            return True  # "4B. . . . . ." - a revoked provision keeps its number
        return bool(rest) and (rest[0].isupper() or rest[0] in "(“\"[" or rest[0].isdigit())

    def _enumeration_at(self, label: str, s: str) -> mk.Match | None:
        if label:
            e = mk.enumeration_at(label + " ")
            if e is None:
                # An unusual automatic number ("Clause 3", "•"): keep it as the marker.
                if label == "•":
                    return None
                return mk.Match(kind="label", number=label.strip("().").strip(), marker=label, length=0, rest=s)
            e.length = 0
            e.rest = s
            e.kind = self._classify(e)
            return e
        e = mk.enumeration_at(s)
        if e is None:
            return None
        e.kind = self._classify(e)
        return e

    def _classify(self, e: mk.Match) -> str:
        """Tell roman numerals from letters: "(i)" after "(h)" is a letter."""
        style, n = e.kind, e.number
        roman_style = {"paren-lower": "paren-roman", "lower-paren": "roman-paren", "lower-dot": "roman-dot", "paren-upper": "paren-upper-roman"}
        if style not in roman_style or not mk.is_roman(n):
            return style
        for level in reversed(self.stack):
            if level.style == style and mk.next_letter(level.number) == n:
                return style
            if level.style == roman_style[style]:
                return roman_style[style]
        if n in ("i", "I"):
            return roman_style[style] if self.stack else (roman_style[style] if style == "paren-lower" and self._letters_above() else style)
        if len(n) > 1:
            return roman_style[style]
        return style

    def _letters_above(self) -> bool:
        return any(level.style == "paren-lower" for level in self.stack)

    # --- opening provisions -------------------------------------------------------------------

    def _open_container(self, kind: str, number: str, heading: str, index: int, pos: int) -> None:
        self._flush_pending()
        self._close_article()
        if kind in ("schedule", "annex"):
            self.in_annex = True
            self.containers = [c for c in self.containers if c.kind == "group"]
        elif kind == "group":
            self.in_annex = False
            self.containers = []
            self.bare_word = _bare_word_for(heading) or self.style.bare_word
        else:
            rank = _container_rank(kind)
            while self.containers and _container_rank(self.containers[-1].kind) >= rank and self.containers[-1].kind not in ("group",):
                self.containers.pop()
        label = f"{CONTAINER_LABEL[kind]} {number}".strip() if kind != "group" else heading
        node = Provision(id="", label=label, kind=kind, number=number, marker=label, heading=heading if kind != "group" else heading)
        if kind == "group" and NOT_IN_FORCE.search(heading):
            node.operative = False
            self.notes.append(f"“{heading}” is appended to the law (an amending or superseded text), not the law in force: "
                              "it is shown but not compared.")
        self._attach_top(node)
        self.containers.append(node)
        if not heading and kind != "group":
            self.expect_container_heading = node

    def _attach_top(self, node: Provision) -> None:
        parent = self.containers[-1] if self.containers else None
        (parent.children if parent else self.roots).append(node)

    def _open_article(self, a: mk.Match, index: int, pos: int, label: str) -> None:
        """`label` is Word's automatic number before the line ("" when typed): the match was
        made on "label text", so offsets in the block text are shorter by the label and a space."""
        self._close_article()
        kind = ARTICLE_KIND.get(a.kind, "section")
        citation = a.citation
        if a.kind == "Paragraph":
            kind = "schedule-paragraph"
            annex = self.containers[-1] if self.containers else None
            citation = f"{annex.label}, paragraph {a.number}" if annex is not None else f"Paragraph {a.number}"
        node = Provision(id="", label=citation, kind=kind, number=a.number, marker=a.marker)
        if self.pending_heading and a.rest.strip() and (mk.strong_heading(a.rest) or mk.split_heading(a.rest) == (a.rest.strip().rstrip("."), "")):
            # "14A. Heading.—(1) ..." or "Section 1. Short title": the provision's heading is on
            # its own line, so the short line above it was something else (a title, a note).
            self._flush_pending()
        if self.pending_heading:
            node.heading = self.pending_heading[0]
            self.pending_heading = None
        self._attach_top(node)
        self.article = node
        self.any_article = True
        rest_start = pos + (a.length - (len(label) + 1 if label else 0))
        rest = a.rest
        if not rest.strip():
            return
        heading, body = mk.split_heading(rest)
        if heading and not node.heading:
            node.heading = heading
        elif heading:
            body = rest.strip()
        if body:
            body_start = rest_start + len(rest.rstrip()) - len(body)  # the body ends the line
            e = mk.enumeration_at(body)
            if e is not None:
                e.kind = self._classify(e)
                self._open_enumeration(e, index, body_start, "")
            else:
                self._append_text(node, body, index, body_start)

    def _open_enumeration(self, e: mk.Match, index: int, pos: int, label: str) -> None:
        self._flush_pending(keep=True)
        parent_level = self._level_for(e.kind)
        parent = parent_level.node if parent_level is not None else self._enumeration_root()
        depth = len(self.stack)
        node = Provision(id="", label="", kind="", number=e.number, marker=e.marker)
        if self.pending_heading:
            node.heading = self.pending_heading[0]
            self.pending_heading = None
        node.kind = self._depth_kind(depth, parent, self.stack[0].style if self.stack else e.kind)
        parent.children.append(node)
        self.stack.append(_Level(e.kind, node, e.number))
        body = e.rest
        body_start = pos + e.length + (len(e.rest) - len(e.rest.lstrip()))
        body = body.strip()
        if not body:
            return
        nested = mk.enumeration_at(body)  # "(6) (a) Where an exporter ..."
        if nested is not None and not label:
            nested.kind = self._classify(nested)
            if nested.kind != e.kind:
                self._open_enumeration(nested, index, body_start, "")
                return
        self._append_text(node, body, index, body_start)

    def _open_definition(self, term: str, text: str, index: int, pos: int) -> None:
        self._flush_pending(keep=True)
        level = self._level_for("definition")
        parent = level.node if level is not None else self._enumeration_root()
        node = Provision(id="", label="", kind="definition", number=term, marker="")
        parent.children.append(node)
        self.stack.append(_Level("definition", node, term))
        self._append_text(node, text, index, pos)

    def _level_for(self, style: str) -> _Level | None:
        """Close the stack back to the parent of a new item of `style`; return that parent."""
        for i, level in enumerate(self.stack):
            if level.style == style:
                del self.stack[i:]
                return self.stack[-1] if self.stack else None
        return self.stack[-1] if self.stack else None

    def _enumeration_root(self) -> Provision:
        if self.article is not None:
            return self.article
        if self.containers and (self.in_annex or self.top_level_lists or self.any_article):
            return self.containers[-1]
        if self.top_level_lists:
            return _RootList(self.roots)
        return self.preamble

    def _depth_kind(self, depth: int, parent: Provision, first_style: str) -> str:
        """The kind of an item `depth` levels under its article; `first_style` is the marker style
        of the article's first level: points "(a)" straight under an EU-style article are points
        (Article 28(a)), not paragraphs."""
        if parent is self.preamble:
            return "recital"
        article = self.article
        kinds = DEPTH_KIND_SECTION if article is not None and article.kind != "article" else DEPTH_KIND_ARTICLE
        if article is not None and article.kind == "article" and first_style in LETTER_STYLES:
            depth += 1
        return kinds[min(depth, len(kinds) - 1)]

    # --- unnumbered text ----------------------------------------------------------------------

    def _add_unnumbered(self, text: str, index: int, pos: int, outline: int = 0, as_heading: bool = False) -> None:
        if not text:
            return
        at_article_start = self.article is not None and not self.article.text and not self.article.children and not self.stack
        if (outline or mk.looks_like_heading(text)) and not as_heading:
            if at_article_start and not self.article.heading:
                self.article.heading = text
                return
            if not (self.top_level_lists and not self.roots and not self.containers):
                self._flush_pending()
                self.pending_heading = (text, index)
                self._pending_pos = pos
                return
        self._flush_pending()
        if self.article is None and not self.stack:
            target = self.containers[-1] if self.containers else self.preamble
            if target is self.preamble and not self.title and not self.preamble.text:
                self.title = text
            self._append_text(target, text, index, pos)
            return
        self._append_text(self._paragraph_target(), text, index, pos, after_children=True)

    def _paragraph_target(self) -> Provision:
        """Unnumbered text joins the first-level item it follows (or the article)."""
        if not self.stack:
            return self.article or self.preamble
        return self.stack[0].node

    def _current(self) -> Provision | None:
        if self.stack:
            return self.stack[-1].node
        return self.article

    def _append_text(self, node: Provision, text: str, index: int, pos: int,
                     after_children: bool = False, indent: bool = False) -> None:
        text = text.rstrip()
        if not text:
            return
        start = pos
        prefix = "— " if indent else ""
        if after_children and node.children:
            at = len(node.trailing) + 1 if node.trailing else 0
            node.trailing = f"{node.trailing}\n{prefix}{text}" if node.trailing else prefix + text
            node.trailing_spans.append(Span(index, start, start + len(text), at + len(prefix)))
            return
        at = len(node.text) + 1 if node.text else 0
        node.text = f"{node.text}\n{prefix}{text}" if node.text else prefix + text
        node.spans.append(Span(index, start, start + len(text), at + len(prefix)))

    def _flush_pending(self, keep: bool = False) -> None:
        """A held heading line that no provision claimed becomes text where it stands."""
        if self.pending_heading is None or keep:
            return
        text, index = self.pending_heading
        self.pending_heading = None
        pos = getattr(self, "_pending_pos", 0)
        if self.article is None and not self.stack:
            target = self.containers[-1] if self.containers else self.preamble
            self._append_text(target, text, index, pos)
        else:
            self._append_text(self._paragraph_target(), text, index, pos, after_children=True)

    def _close_article(self) -> None:
        self.article = None
        self.stack = []

    # --- finishing --------------------------------------------------------------------------------

    def document(self) -> Document:
        roots = self.roots
        if self.preamble.text or self.preamble.children:
            roots = [self.preamble] + roots
        if self.toc_buffer:
            self.toc_entries += len(self.toc_buffer)
        toc_count = _drop_table_of_contents(roots) + self.toc_entries
        if toc_count:
            self.notes.append(f"A table of contents ({toc_count} entries) was recognised and left out of the comparison.")
        if toc_count:
            _drop_empty_containers(roots)  # Parts that only held table-of-contents entries
        structured = self.any_article or self.top_level_lists and any(p.operative for p in roots if p.kind != "preamble")
        if not self.any_article and not structured or not any(p.operative for p in roots):
            roots = _paragraph_fallback(self.source)
            structured = False
            self.notes.append(
                "No articles, sections or numbered paragraphs were recognised; each paragraph is compared on its own."
            )
        elif not self.any_article:
            self.notes.append("No articles or sections were recognised; the numbered paragraphs are compared on their own.")
        _assign_ids_and_labels(roots)
        if self.editorial:
            self.notes.append(f"{self.editorial} editorial note(s) in square brackets were left out.")
        title = self.title or self.source.name
        return Document(
            title=title.strip(),
            provisions=roots,
            name=self.source.name,
            format=self.source.format,
            notes=list(self.source.notes) + self.notes,
            structured=structured,
            tracked_changes=self.source.tracked_changes,
            metadata=dict(self.source.metadata),
            partial=self.source.partial,
            language=_language(self.source),
        )


def _language(source: SourceText) -> str:
    """The language a text declares ('# language: ru') or the one it is written in; "" when unsure,
    so that each provision's own language is detected."""
    from drafting.language import SUPPORTED, detect_document

    declared = source.metadata.get("language", "").strip().lower()[:2]
    if declared in SUPPORTED:
        return declared
    found = detect_document([b.text for b in source.blocks[:400]])
    return found.code if found.confidence >= 0.6 else ""


class _RootList(Provision):
    """Stands in for the document root when numbered paragraphs are the top level."""

    def __init__(self, roots: list[Provision]):
        super().__init__(id="", label="", kind="root")
        self.children = roots


# --- decisions taken before parsing ---------------------------------------------------------------


def _decide_style(source: SourceText) -> _Style:
    """Which words open articles in this document, and whether bare numbers open sections."""
    counts: Counter[str] = Counter()
    bare = headed = 0
    previous = ""
    for block in source.blocks:
        head = f"{block.label} {block.text}" if block.label else block.text
        head = head[mk.strip_amendment_mark(head):]
        a = mk.article_at(head)
        b = mk.bare_article_at(head) if a is None else None
        if a is not None:
            counts[a.kind] += 1
        elif b is not None:
            bare += 1
            # a section has a heading: on its line ("5. Licences", "5. Licences.—(1)") or just above it
            if mk.split_heading(b.rest)[0] or previous and mk.looks_like_heading(previous) and not mk.enumeration_at(previous):
                headed += 1
        if head.strip():
            previous = head.strip()
    style = _Style()
    if counts["Article"] >= 2:
        style.article_words = {"Article"}
        style.section_is_container = True
    elif counts["Section"] >= 2:
        style.article_words = {"Section"}
    else:
        for word in ("Regulation", "Rule", "Clause", "Article", "Section"):
            if counts[word] >= 1:
                style.article_words = {word}
                break
    # Bare numbers are sections in a law (its title says so, or its numbered lines have headings);
    # elsewhere (guidelines, a memo) "1." starts a numbered paragraph.
    if not style.article_words and bare >= 1 and (_legislative(source) or headed >= 2):
        style.bare_articles = True
        style.bare_word = _bare_word(source)
    return style


LEGISLATIVE_TITLE = re.compile(
    r"\b(?:Act|ACT|Bill|BILL|Order|ORDER|Regulations|REGULATIONS|Rules|RULES|Law|LAW|Decree|DECREE|Ordinance|ORDINANCE"
    r"|Code|CODE|Statute|STATUTE|Proclamation|PROCLAMATION)\b"
)


def _legislative(source: SourceText) -> bool:
    """Whether the document names itself an Act, Bill, Order, Regulations, Rules, Law, Decree..."""
    head = source.metadata.get("title") or " ".join(b.text for b in source.blocks[:4])
    return bool(LEGISLATIVE_TITLE.search(head))


def _bare_word(source: SourceText) -> str:
    """What sections are called where the text prints only their numbers: an Order has articles,
    Regulations have regulations, Rules have rules, an Act (and anything else) has sections."""
    head = source.metadata.get("title") or " ".join(b.text for b in source.blocks[:4])
    return _bare_word_for(head) or "Section"


def _bare_word_for(title: str) -> str | None:
    """Article/Rule/Regulation for the title of an Order, Rules or Regulations; None otherwise."""
    if re.search(r"\bAct\b", title, re.I):
        return None
    for word, kind in (("Order", "Article"), ("Rules", "Rule"), ("Regulations", "Regulation")):
        if re.search(rf"\b{word}\b", title, re.I):
            return kind
    return None


def _has_articles(source: SourceText, style: _Style) -> bool:
    for block in source.blocks:
        head = f"{block.label} {block.text}" if block.label else block.text
        a = mk.article_at(head)
        if a is not None and a.kind in style.article_words:
            return True
        if style.bare_articles and mk.bare_article_at(head) is not None:
            return True
    return False


def _is_container_heading(s: str) -> bool:
    if not s or mk.enumeration_at(s) or mk.article_at(s):
        return False
    letters = [c for c in s if c.isalpha()]
    upper = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return bool(upper and len(s) < 200) or mk.looks_like_heading(s)


def _is_toc_heading(s: str) -> bool:
    return len(s) < 160 and bool(mk.TOC_HEADING.search(s)) and not s.rstrip().endswith((".", ";", ","))


def _is_article_line(head: str) -> bool:
    a = mk.article_at(head) or mk.bare_article_at(head)
    return a is not None


def _toc_like(label: str, s: str) -> bool:
    """A line of a table of contents: a heading, a Part line, or a section number with its title."""
    head = f"{label} {s}".strip()
    if _is_toc_heading(s) or mk.container_at(head, True) is not None:
        return True
    a = mk.article_at(head) or mk.bare_article_at(head)
    if a is not None:
        heading, body = mk.split_heading(a.rest)
        return bool(heading) and not body or not a.rest.strip() or mk.looks_like_heading(a.rest.replace("–", " ").replace("—", " "))
    return _is_container_heading(s) and len(s) < 120


def _container_rank(kind: str) -> int:
    return {"part": 1, "title": 1, "chapter": 2, "division": 3, "subdivision": 4}.get(kind, 0)


def _successor(previous: str, number: str) -> bool:
    try:
        return int(re.sub(r"\D", "", number) or -1) == int(re.sub(r"\D", "", previous) or -2) + 1
    except ValueError:
        return False


# --- clean-up passes -----------------------------------------------------------------------------------


def _heading_only(p: Provision) -> bool:
    return p.is_article and not p.text and not p.children


def _drop_table_of_contents(roots: list[Provision], min_run: int = 3) -> int:
    """Mark runs of heading-only articles (a table of contents) as non-operative and drop them."""
    order: list[tuple[Provision, list[Provision]]] = []

    def visit(nodes: list[Provision]) -> None:
        for node in nodes:
            if node.is_article:
                order.append((node, nodes))
            elif node.is_container:
                visit(node.children)

    visit(roots)
    dropped = 0
    run: list[tuple[Provision, list[Provision]]] = []
    for item in order + [(None, None)]:
        if item[0] is not None and _heading_only(item[0]):
            run.append(item)
            continue
        if len(run) >= min_run:
            for node, siblings in run:
                siblings.remove(node)
                dropped += 1
        run = []
    return dropped


def _drop_empty_containers(nodes: list[Provision]) -> None:
    for node in list(nodes):
        if node.is_container and node.kind != "preamble":
            _drop_empty_containers(node.children)
            if not node.children and not node.text:
                nodes.remove(node)


def _paragraph_fallback(source: SourceText) -> list[Provision]:
    out = []
    for index, block in enumerate(source.blocks):
        text = block.display.strip()
        if not text:
            continue
        n = len(out) + 1
        out.append(Provision(id="", label=f"Paragraph {n}", kind="text-paragraph", number=str(n), text=text,
                             spans=[Span(index, 0, len(block.text))]))
    return out


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "x"


def _assign_ids_and_labels(roots: list[Provision]) -> None:
    """Ids from the citation path, labels as cited: Article 4(1)(b)(ii), Section 2 "broker"."""
    seen: Counter[str] = Counter()

    def unique(candidate: str, prefix: str) -> str:
        if seen[candidate] and prefix:
            candidate = f"{prefix}/{candidate}"
        seen[candidate] += 1
        return candidate if seen[candidate] == 1 else f"{candidate}~{seen[candidate]}"

    def visit(nodes: list[Provision], container_id: str, article: Provision | None, depth: int, parent: Provision | None) -> None:
        for node in nodes:
            if node.kind == "preamble":
                node.id = "preamble"
                for child in node.children:
                    child.id = f"preamble/rec-{_slug(child.number)}"
                    child.label = f"Recital {child.marker or child.number}"
                    child.operative = False
                continue
            if node.is_container:
                if node.kind == "group":
                    base = f"{CONTAINER_ID[node.kind]}-{_slug(node.heading[:30])}"
                else:
                    base = f"{CONTAINER_ID[node.kind]}-{_slug(node.number)}" if node.number else CONTAINER_ID[node.kind]
                node.id = unique(base, container_id)
                visit(node.children, node.id, None, 0, node)
            elif node.is_article:
                node.id = unique(f"{ARTICLE_ID.get(node.kind, 'sec')}-{_slug(node.number)}", container_id)
                visit(node.children, container_id, node, 0, node)
            else:
                if parent is not None and parent.is_container and parent.kind != "preamble":
                    base_label = f"{parent.label} " if parent.kind != "group" else ""
                elif parent is not None:
                    base_label = parent.label
                else:
                    base_label = ""
                level = depth
                if depth == 0 and article is not None and article.kind == "article" and node.kind == "point":
                    level = 1  # points straight under an article: art-28/pt-a
                if node.kind == "definition":
                    node.label = f'{base_label} "{node.number}"'.strip()
                    segment = f"def-{_slug(node.number)}"
                elif node.kind == "text-paragraph":
                    segment = f"para-{node.number}"
                else:
                    number = node.number
                    node.label = f"{base_label}({number})" if base_label else f"({number})"
                    ids = DEPTH_ID_SECTION if article is not None and article.kind != "article" else DEPTH_ID
                    segment = f"{ids[min(level, len(ids) - 1)]}-{_slug(number)}"
                parent_id = parent.id if parent is not None and parent.id and not parent.is_container else container_id
                candidate = f"{parent_id}/{segment}" if parent_id else segment
                node.id = unique(candidate, "")
                visit(node.children, container_id, article, level + 1, node)

    visit(roots, "", None, 0, None)
