"""The model law as a Word document drafters can start from.

Parts and sections are headings; subsections, points and subpoints are numbered paragraphs
indented by level; each section's drafting note, elements and sources follow it in a shaded
box, set apart from the text of the law.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from drafting.modelset import ModelProvision, ModelSet
from drafting.ooxml import shade_cell

NOTE_FILL = "EDF2F8"
INDENT = {"subsection": 0.0, "point": 1.0, "subpoint": 2.0}


def model_law_docx(model: ModelSet) -> bytes:
    doc = docx.Document()
    doc.core_properties.title = model.title
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11.5)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(model.title.upper())
    run.bold = True
    run.font.size = Pt(15)
    if model.short_title:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(f"({model.short_title})").italic = True
    if model.description:
        _note(doc, "About this model", model.description)
    for node in model.document.provisions:
        _write(doc, node)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _write(doc, node) -> None:
    if node.kind in ("part", "chapter", "division", "schedule"):
        heading = doc.add_heading(f"{node.label.upper()}", level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if node.heading:
            h = doc.add_heading(node.heading.upper(), level=1)
            h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for child in node.children:
            _write(doc, child)
        return
    if node.kind == "section":
        doc.add_heading(f"{node.number}. {node.heading}".strip(), level=2)
        if node.text:
            doc.add_paragraph(node.text)
        for child in node.children:
            _write_item(doc, child)
        _section_note(doc, node)
        return
    _write_item(doc, node)


def _write_item(doc, node) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Cm(1.0 + INDENT.get(node.kind, 2.0))
    p.paragraph_format.first_line_indent = Cm(-1.0)
    p.paragraph_format.space_after = Pt(4)
    p.add_run(f"({node.number})\t")
    p.add_run(node.text)
    for child in node.children:
        _write_item(doc, child)
    if node.trailing:
        t = doc.add_paragraph(node.trailing)
        t.paragraph_format.left_indent = Cm(1.0 + INDENT.get(node.kind, 2.0))


def _section_note(doc, node: ModelProvision) -> None:
    parts = []
    if node.note:
        parts.append(node.note)
    lines = []
    if node.elements:
        lines.append(f"Elements: {', '.join(node.elements)} ({node.priority})")
    if node.sources:
        lines.append("Sources: " + "; ".join(node.sources))
    _note(doc, "Drafting note", " ".join(parts), lines)


def _note(doc, title: str, text: str, extra: list[str] | None = None) -> None:
    table = doc.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    shade_cell(cell._tc, NOTE_FILL)
    p = cell.paragraphs[0]
    r = p.add_run(f"{title}. ")
    r.bold = True
    r.font.size = Pt(9.5)
    r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    body = p.add_run(text)
    body.italic = True
    body.font.size = Pt(9.5)
    for line in extra or []:
        run = cell.add_paragraph().add_run(line)
        run.font.size = Pt(8.5)
    doc.add_paragraph()
