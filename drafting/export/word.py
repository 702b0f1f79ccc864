"""Export 1: the drafters' own Word file, with the review as Word comments.

Each comment is anchored on the exact words its finding concerns: the finding's offsets in the
draft unit are traced back through the provision tree (`Provision.locate`) to a block, then to
the source paragraph and its accepted text, where `ooxml.isolate_runs` splits runs (keeping
their formatting) so that the comment covers those words and nothing else. Everything else in
the file is left as it was. Drafts that came as PDF, HTML or text get a clean .docx rendering
of their paragraphs, with the same comments.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.text.run import Run

from drafting import ooxml
from drafting.compare import KIND_TITLES, Comparison, Finding, PairResult
from drafting.language import RIGHT_TO_LEFT
from drafting.ingest.source import SourceText
from drafting.tree import Document, Unit

SEVERITY_WORD = {"high": "High", "medium": "Medium", "low": "Low", "info": "Note"}


@dataclass
class Comment:
    """A comment to place: on words of a draft unit (offsets in its text) or on the whole unit."""

    unit_id: str
    start: int | None
    end: int | None
    text: str
    author: str
    initials: str = ""
    replies: list["Comment"] = field(default_factory=list)


def finding_comment_text(pair: PairResult | None, f: Finding, model_label: str = "", model_text: str = "", note: str = "") -> str:
    lines = [f"[{SEVERITY_WORD.get(f.severity, f.severity)}] {KIND_TITLES.get(f.kind, f.kind)}: {f.message}"]
    if note:
        lines.append(f"Reviewer: {note}")
    if model_text:
        excerpt = model_text if len(model_text) <= 600 else model_text[:600].rsplit(" ", 1)[0] + " …"
        lines.append(f"Model wording to consider ({model_label}): “{excerpt}”")
    return "\n".join(lines)


def comments_from_comparison(c: Comparison, author: str = "Drafting assistant", initials: str = "DA",
                             include_wording: bool = False, notes: dict[str, str] | None = None,
                             skip: set[str] | None = None, confirmed: set[str] | None = None) -> list[Comment]:
    """One comment per finding: on the draft words concerned, or (for a gap) on the draft
    provision nearest to where the missing one belongs. `notes` adds a reviewer's note to a
    finding (by finding id); `skip` leaves out rejected findings. A provisional finding (on an
    uncertain pairing) goes to the drafters only once a reviewer has `confirmed` it or written on it."""
    notes, skip, confirmed = notes or {}, skip or set(), confirmed or set()
    out: list[Comment] = []
    anchors = gap_anchors(c)
    for pair in c.pairs:
        for f in pair.findings:
            if f.id in skip or (f.kind == "wording" and not include_wording):
                continue
            if f.provisional and f.id not in confirmed and f.id not in notes:
                continue
            text = finding_comment_text(pair, f, pair.model.label, pair.model.text(), notes.get(f.id, ""))
            if f.kind == "gap":
                anchor = anchors.get(pair.model.id)
                if anchor is None:
                    continue
                out.append(Comment(anchor, None, None, text, author, initials))
            elif f.draft_span is not None:
                out.append(Comment(f.draft_id, f.draft_span.start, f.draft_span.end, text, author, initials))
            else:
                out.append(Comment(f.draft_id or pair.drafts[0].id, None, None, text, author, initials))
    for n in c.national_only:
        for f in n.findings:
            if f.id in skip:
                continue
            text = finding_comment_text(None, f, note=notes.get(f.id, ""))
            span = f.draft_span
            out.append(Comment(n.unit.id, span.start if span else None, span.end if span else None, text, author, initials))
    return out


def gap_anchors(c: Comparison) -> dict[str, str]:
    """For each missing model unit, the draft unit implementing its nearest neighbour in the model."""
    anchors: dict[str, str] = {}
    implemented = [(i, p.drafts[0].id) for i, p in enumerate(c.pairs) if p.drafts]
    if not implemented:
        units = c.draft.units()
        first = units[0].id if units else ""
        return {p.model.id: first for p in c.pairs if not p.drafts and first}
    for i, pair in enumerate(c.pairs):
        if pair.drafts:
            continue
        before = [d for k, d in implemented if k < i]
        after = [d for k, d in implemented if k > i]
        anchors[pair.model.id] = before[-1] if before else after[0]
    return anchors


# --- writing the comments into the file -------------------------------------------------------------------


def annotate_docx(original: bytes, source: SourceText, document: Document, comments: list[Comment]) -> bytes:
    """The uploaded .docx with `comments` anchored in it; nothing else changed."""
    word = docx.Document(io.BytesIO(original))
    paragraphs = ooxml.body_paragraphs(word.element)
    units = {u.id: u for u in document.units()}
    for comment in comments:
        unit = units.get(comment.unit_id) or _any_unit(document, comment.unit_id)
        if unit is None:
            continue
        anchor = _anchor_runs(unit, comment, source, paragraphs)
        if anchor is None:
            continue
        first, last = anchor
        for item in [comment] + comment.replies:
            word.add_comment([Run(first, None), Run(last, None)], text=item.text, author=item.author, initials=item.initials)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _any_unit(document: Document, provision_id: str) -> Unit | None:
    """A unit for any provision id (a point inside a unit is anchored on its unit)."""
    for unit in document.units():
        if provision_id == unit.id or provision_id.startswith(unit.id + "/"):
            return unit
    return None


def _anchor_runs(unit: Unit, comment: Comment, source: SourceText, paragraphs: list):
    text = unit.text()
    if not text:
        return None
    start = comment.start if comment.start is not None else 0
    end = comment.end if comment.end is not None else _first_line_end(text)
    start, end = max(0, min(start, len(text) - 1)), max(1, min(end, len(text)))
    first = _source_position(unit, start, +1, end, source)
    last = _source_position(unit, end - 1, -1, start, source)
    if first is None or last is None:
        return None
    (p_first, off_first), (p_last, off_last) = first, last
    if (p_first, off_first) > (p_last, off_last):
        return None
    if p_first == p_last:
        runs = ooxml.isolate_runs(paragraphs[p_first], off_first, off_last + 1)
        return (runs[0], runs[-1]) if runs else None
    start_runs = ooxml.isolate_runs(paragraphs[p_first], off_first, len(ooxml.paragraph_text(paragraphs[p_first])))
    end_runs = ooxml.isolate_runs(paragraphs[p_last], 0, off_last + 1)
    if not start_runs or not end_runs:
        return None
    return start_runs[0], end_runs[-1]


def _first_line_end(text: str) -> int:
    cut = text.find("\n")
    return cut if cut > 0 else len(text)


def _source_position(unit: Unit, offset: int, step: int, limit: int, source: SourceText) -> tuple[int, int] | None:
    """(paragraph index, offset in its accepted text) of a character of the unit's text, moving
    by `step` towards `limit` past characters that have no source (list markers, line breaks)."""
    pos = offset
    while (step > 0 and pos <= limit) or (step < 0 and pos >= limit):
        located = unit.provision.locate(pos)
        if located is not None:
            block_index, block_offset = located
            block = source.blocks[block_index]
            for piece in block.pieces:
                if piece.offset <= block_offset < piece.offset + piece.length:
                    return piece.para, piece.source_offset + (block_offset - piece.offset)
        pos += step
    return None


# --- a clean rendering for drafts that were not .docx ---------------------------------------------------


def render_docx(source: SourceText, document: Document, comments: list[Comment]) -> bytes:
    """A .docx of the draft's paragraphs (for PDF, HTML and text drafts), with the comments."""
    word = docx.Document()
    word.core_properties.title = document.title
    right_to_left = document.language in RIGHT_TO_LEFT
    for block in source.blocks:
        if block.outline:
            paragraph = word.add_heading(block.display, level=min(block.outline, 9))
        else:
            paragraph = word.add_paragraph(block.text)
        if right_to_left:
            ooxml.set_right_to_left(paragraph._p)
    # The rendering has one paragraph per block and the label (if any) is not in the text
    # of headings... keep the mapping simple: re-read the rendering as the source.
    rendered = io.BytesIO()
    word.save(rendered)
    from drafting.ingest.docx_reader import read_docx

    rendered_bytes = rendered.getvalue()
    rendered_source = _align_blocks(source, read_docx(rendered_bytes, source.name + ".docx"))
    return annotate_docx(rendered_bytes, rendered_source, document, comments)


def _align_blocks(original: SourceText, rendered: SourceText) -> SourceText:
    """The original blocks, pointing at the paragraphs of the rendering (one per block, same text)."""
    blocks = []
    for i, block in enumerate(original.blocks):
        new = rendered.blocks[i] if i < len(rendered.blocks) else block
        offset = len(new.text) - len(block.text) if block.outline and new.text.endswith(block.text) else 0
        pieces = [type(p)(para=p.para, offset=0, length=len(block.text), source_offset=p.source_offset + offset) for p in new.pieces[:1]]
        blocks.append(type(block)(text=block.text, label=block.label, style=block.style, outline=block.outline, pieces=pieces))
    return SourceText(original.name, original.format, blocks, original.metadata, original.notes)
