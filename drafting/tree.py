"""The provision tree: what a law (draft, model or official act) is made of.

A `Document` holds top-level provisions; each `Provision` has its citation label as printed
(`Section 9(2)(b)`, `Article 4(1)(a)`), a stable id derived from the citation path
(`sec-9/sub-2/pt-b`), its own text, its children and where its text came from.

*Units* are what alignment and comparison work on: the direct children of an article or
section, or the article/section itself when it has none. Points and subpoints belong to
their unit. Definitions are units of their own, also when a subsection holds them ("(1) In
this Act— “broker” means ..."): each term is compared with the model's definition of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

OMISSION_MARK = "[…]"  # where the text itself says a passage is missing ("[... chapeau not retrieved ...]")
CONTAINER_KINDS = ("preamble", "part", "chapter", "title", "division", "subdivision", "schedule", "annex", "group")
ARTICLE_KINDS = ("article", "section", "regulation", "rule", "clause", "schedule-paragraph")


@dataclass
class Span:
    """Where a stretch of a provision's own text sits in the source: block and offsets in it.

    `at` is where the stretch begins in the provision's `text` (or `trailing`).
    """

    block: int
    start: int
    end: int
    at: int = 0


@dataclass
class Provision:
    id: str
    label: str  # the citation as printed: "Article 4(1)(a)", "Section 9(2)(b)"
    kind: str  # part, chapter, article, section, paragraph, point, subpoint, definition, text...
    number: str = ""  # "4", "1", "a", "5A", "2 bis"; the defined term for a definition
    marker: str = ""  # the marker as printed before the text: "(a)", "1.", "Article 4"
    heading: str = ""
    text: str = ""  # the provision's own words (chapeau or body), without its children
    children: list["Provision"] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    trailing: str = ""  # words after its children (an unnumbered closing subparagraph)
    trailing_spans: list[Span] = field(default_factory=list)
    operative: bool = True  # False for a preamble, recitals, a table of contents

    def walk(self) -> Iterator["Provision"]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINER_KINDS

    @property
    def is_article(self) -> bool:
        return self.kind in ARTICLE_KINDS

    def full_text(self, markers: bool = True) -> str:
        """Own text, children (with their markers) and trailing words, one line each."""
        return "".join(piece for piece, _, _ in self._layout(markers))

    def _layout(self, markers: bool = True) -> list[tuple[str, "Provision | None", str]]:
        """The pieces of `full_text` in order: (text, provision it belongs to, "text"/"trailing"/"")."""
        pieces: list[tuple[str, Provision | None, str]] = []

        def add(text: str, owner: "Provision | None", part: str) -> None:
            if pieces:
                pieces.append(("\n", None, ""))
            pieces.append((text, owner, part))

        if self.text:
            add(self.text, self, "text")
        for child in self.children:
            child_pieces = child._layout(markers)
            if not child_pieces:
                continue
            prefix = f"{child.marker} " if markers and child.marker and child.kind != "definition" else ""
            if pieces:
                pieces.append(("\n", None, ""))
            if prefix:
                pieces.append((prefix, None, ""))
            pieces.extend(child_pieces)
        if self.trailing:
            add(self.trailing, self, "trailing")
        return pieces

    def locate(self, offset: int) -> tuple[int, int] | None:
        """The source (block, offset in block text) of a character of `full_text()`, if known."""
        pos = 0
        for piece, owner, part in self._layout():
            if owner is not None and pos <= offset < pos + len(piece):
                local = offset - pos
                spans = owner.spans if part == "text" else owner.trailing_spans
                for span in spans:
                    if span.at <= local < span.at + (span.end - span.start):
                        return span.block, span.start + (local - span.at)
                return None
            pos += len(piece)
        return None


@dataclass
class Document:
    """A law as a tree of provisions, with what was noticed while reading it."""

    title: str
    provisions: list[Provision]
    name: str = ""  # the file it came from
    format: str = ""  # docx | pdf | html | txt | yaml
    notes: list[str] = field(default_factory=list)
    structured: bool = True  # False when no articles or sections were recognised
    tracked_changes: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    partial: bool = False  # an excerpt: what has no counterpart may simply not be in the text provided
    language: str = ""  # the language the text is written in, as declared or detected ("" when unsure)
    language_set: bool = False  # the user set `language`: every provision is read in it (else each one's own is detected)

    def walk(self) -> Iterator[Provision]:
        for p in self.provisions:
            yield from p.walk()

    def articles(self) -> list[Provision]:
        """Articles/sections in document order (containers looked through)."""
        out: list[Provision] = []

        def visit(nodes: list[Provision]) -> None:
            for node in nodes:
                if node.is_article:
                    out.append(node)
                elif node.is_container:
                    visit(node.children)

        visit(self.provisions)
        return out

    def units(self) -> list["Unit"]:
        """The provisions alignment and comparison work on, in document order."""
        out = self._units()
        if self.language_set:
            for unit in out:
                unit.language = self.language
        return out

    def _units(self) -> list["Unit"]:
        out: list[Unit] = []

        def visit(nodes: list[Provision], context: list[Provision]) -> None:
            for node in nodes:
                if not node.operative:
                    continue
                if node.is_container and node.kind in ("schedule", "annex") and _text_only(node):
                    out.append(Unit(node, node, context))  # a schedule of running text (a list of goods) is one unit
                elif node.is_container:
                    visit(node.children, context + [node])
                elif node.is_article:
                    units = [c for c in node.children if c.operative and c.kind != "text"]
                    if not units:
                        out.append(Unit(node, node, context))
                    for child in units:
                        definitions = [d for d in child.children if d.kind == "definition" and d.operative]
                        if child.kind != "definition" and len(definitions) >= 2:
                            if child.text.strip() and not _introduces_definitions(child.text):
                                out.append(Unit(child, node, context, child))
                            out.extend(Unit(d, node, context, child) for d in definitions)
                        else:
                            out.append(Unit(child, node, context, child))
                else:  # numbered paragraphs outside any article (an unstructured text)
                    out.append(Unit(node, node, context))

        visit(self.provisions, [])
        return out

    def find(self, provision_id: str) -> Provision | None:
        for p in self.walk():
            if p.id == provision_id:
                return p
        return None

    def by_label(self, label: str) -> Provision | None:
        for p in self.walk():
            if p.label == label:
                return p
        return None


# what an act appends that is not a rule of its own: the acts it repealed, its amendments, a correlation table
APPENDED_MATTER = re.compile(r"\b(?:correlation table|repealed|amendments?|amending|superseded|explanatory)\b", re.I)


def _text_only(node: Provision) -> bool:
    """Whether a schedule is a rule in running text (the list of goods an act controls): words but no
    article, paragraph or point anywhere inside it, and not matter the act appends (a correlation table)."""
    return (bool(node.full_text().strip()) and all(p.is_container or p.kind == "text" for p in node.walk())
            and not APPENDED_MATTER.search(node.heading or ""))


def _introduces_definitions(text: str) -> bool:
    """'In this Act, unless the context otherwise requires—': a chapeau that only announces definitions."""
    words = text.lower()
    return len(words.split()) <= 25 and any(w in words for w in ("in this", "for the purposes of", "following", "meaning", "definitions"))


@dataclass
class Unit:
    """A provision compared as a whole, with the article and containers around it."""

    provision: Provision
    article: Provision  # the article/section it belongs to (itself when it has no children)
    context: list[Provision]  # containers above the article (part, chapter...)
    first_level: Provision | None = None  # the article's child the unit is, or is in (a subsection holding definitions)
    language: str = ""  # the language the user set for the text ("": each provision's own, detected)

    @property
    def id(self) -> str:
        return self.provision.id

    @property
    def label(self) -> str:
        return self.provision.label

    def text(self) -> str:
        """The unit's words: its own text, points and trailing words."""
        return self.provision.full_text()

    @property
    def incomplete(self) -> bool:
        """The text says part of the unit is missing ("(1) [... chapeau not retrieved ...]")."""
        return OMISSION_MARK in self.text()

    @property
    def empty(self) -> bool:
        """The unit has no words of its own, only labels or a mark that its text is missing."""
        return not self.text().replace(OMISSION_MARK, "").strip()

    def heading(self) -> str:
        """The nearest heading: the unit's own, else its article's."""
        return self.provision.heading or self.article.heading
