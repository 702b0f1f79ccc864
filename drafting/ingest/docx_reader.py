"""Word documents (.docx), read with python-docx and `drafting.ooxml`.

Each body paragraph becomes a block carrying the number Word displays before it, its style
and heading level. Tracked changes are read as if accepted (and flagged); a paragraph whose
mark was deleted joins the next one, as it would on acceptance. A table row becomes one block,
cells separated by a tab, so that a definitions table reads "term<TAB>meaning".
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from drafting import ooxml
from drafting.errors import DraftingError
from drafting.ingest.source import Block, Piece, SourceText


def open_docx(data: bytes, name: str):
    """Open a .docx with python-docx, turning any failure into a plain-English refusal."""
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, AttributeError, TypeError) as exc:
        raise DraftingError(
            f"{name} could not be opened as a Word document: it is damaged or incomplete. "
            "Open it in Word, save it again and upload the new copy."
        ) from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and python-docx's own errors
        raise DraftingError(
            f"{name} could not be opened as a Word document: its content is not valid ({type(exc).__name__}). "
            "Open it in Word, save it again and upload the new copy."
        ) from exc


def read_docx(data: bytes, name: str) -> SourceText:
    document = open_docx(data, name)
    root = document.element
    styles = ooxml.Styles(_part_element(document, RT.STYLES))
    numbering = ooxml.Numbering(_part_element(document, RT.NUMBERING), styles)
    paragraphs = ooxml.body_paragraphs(root)

    blocks: list[Block] = []
    carried: list[tuple[int, str, int]] = []  # text of paragraphs whose mark was deleted: (index, text, lead)
    row_block: Block | None = None
    row_el = None
    for index, p in enumerate(paragraphs):
        text = ooxml.paragraph_text(p)
        if ooxml.paragraph_mark_deleted(p):
            if text.strip():
                carried.append((index, text, 0))
            continue
        label = numbering.label(p)
        info = ooxml.paragraph_style_info(p, styles)
        pieces_src = carried + [(index, text, 0)]
        carried = []
        cell = ooxml.table_cell_of(p)
        if cell is not None:
            tr = cell.getparent()
            if row_block is None or tr is not row_el:
                row_block = Block(text="", style=info.name, table=True)
                row_el = tr
                blocks.append(row_block)
                last_cell = cell
            else:
                row_block.text += "\t" if cell is not last_cell else " "
                last_cell = cell
            if label:
                row_block.text += label + " "
            _append(row_block, pieces_src)
            continue
        row_block = row_el = None
        block = Block(text="", label=label, style=info.name, outline=info.outline)
        _append(block, pieces_src)
        blocks.append(block)
    blocks = [b for b in blocks if b.text.strip() or b.label]
    for b in blocks:
        _trim(b)

    notes = []
    tracked = ooxml.has_tracked_changes(root)
    if tracked:
        notes.append("The draft carries tracked changes; it was read as if all changes were accepted.")
    comments = _count_comments(document)
    try:
        title = (document.core_properties.title or "").strip()
    except (AttributeError, ValueError, TypeError):  # damaged document properties: the title is not essential
        title = ""
    return SourceText(
        name=name,
        format="docx",
        blocks=blocks,
        metadata={"title": title} if title else {},
        notes=notes,
        tracked_changes=tracked,
        comments=comments,
    )


def _append(block: Block, sources: list[tuple[int, str, int]]) -> None:
    for para, text, _ in sources:
        clean = text.replace("\t", " ").replace("\u00a0", " ").replace("\n", " ")
        block.pieces.append(Piece(para=para, offset=len(block.text), length=len(clean), source_offset=0))
        block.text += clean


def _trim(block: Block) -> None:
    """Strip leading/trailing spaces, keeping piece offsets in step."""
    lead = len(block.text) - len(block.text.lstrip())
    block.text = block.text.strip()
    if not lead:
        return
    for piece in block.pieces:
        if piece.offset >= lead:
            piece.offset -= lead
        else:
            cut = lead - piece.offset
            piece.source_offset += min(cut, piece.length)
            piece.length = max(0, piece.length - cut)
            piece.offset = 0


def _part_element(document, reltype):
    """The XML of a related part (styles, numbering), or None when the document has none."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is None:
                from docx.oxml.parser import parse_xml

                element = parse_xml(part.blob)
            return element
    return None


def _count_comments(document) -> int:
    element = _part_element(document, RT.COMMENTS)
    return 0 if element is None else len(element.findall(ooxml.qn("w:comment")))
