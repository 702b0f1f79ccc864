"""What every reader produces: the text of a file as blocks, each knowing where it came from.

A block is one paragraph of the source (a table row counts as one block). The structure stage
reads blocks, never files; the export stage uses `Piece.para` and the character offsets to
find the words a comment must be anchored on.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Piece:
    """A stretch of a block that comes from one source paragraph.

    `para` is the paragraph's position in the source (for .docx: its index among the
    body's `w:p` elements in document order); `offset` is where the stretch starts in the
    block text, `source_offset` where it starts in that paragraph's (accepted) text.
    """

    para: int
    offset: int
    length: int
    source_offset: int = 0


@dataclass
class Block:
    """One paragraph (or table row) of source text."""

    text: str
    label: str = ""  # automatic number as Word displays it ("5.", "(a)"), "" when typed or none
    style: str = ""  # paragraph style name, e.g. "Heading 2"
    outline: int = 0  # heading level 1-9 (from the style or outline level); 0 for body text
    page: int | None = None
    table: bool = False  # the block is a table row
    pieces: list[Piece] = field(default_factory=list)

    @property
    def display(self) -> str:
        """The block as a reader sees it: the automatic number, then the text."""
        return f"{self.label} {self.text}".strip() if self.label else self.text


@dataclass
class SourceText:
    """A file read into blocks, with what the reader noticed on the way."""

    name: str  # the file name as uploaded
    format: str  # docx | pdf | html | txt
    blocks: list[Block]
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. title from a '# title:' header
    notes: list[str] = field(default_factory=list)  # plain-English remarks for the user
    tracked_changes: bool = False  # the draft carries tracked changes (read as if accepted)
    comments: int = 0  # comments already in the file
    omissions: int = 0  # passages the text itself marks as missing or not retrieved ("[... not retrieved ...]")

    @property
    def partial(self) -> bool:
        """The text says it is an excerpt: passages marked as missing, or a 'completeness: partial' header."""
        return self.omissions > 0 or self.metadata.get("completeness", "").lower().startswith(("partial", "excerpt", "fragment"))

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)
