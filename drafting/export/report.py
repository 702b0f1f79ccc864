"""Export 2: the comparison report (.docx) a reviewer sends with the annotated draft.

A summary first (coverage by element and by priority, findings by severity, review progress),
then one table row per model provision: model wording | draft wording with insertions and
deletions coloured | status | findings and reviewers' notes. National-only provisions close
the report.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from drafting.compare import KIND_TITLES, SEVERITY_ORDER, STATUS_TEXT, STATUSES, Comparison
from drafting.diff import DELETE, EQUAL, INSERT
from drafting.ooxml import shade_cell

STATUS_FILL = {"covered": "E2F0D9", "stricter": "DDEBF7", "divergent": "FFF2CC", "gap": "F8CBAD", "not-assessable": "EDEDED"}
INSERT_COLOUR = RGBColor(0x1F, 0x6F, 0x2A)
DELETE_COLOUR = RGBColor(0xB0, 0x1E, 0x1E)


def report_docx(c: Comparison, annotations: list[dict] | None = None, review: dict | None = None, version=None) -> bytes:
    annotations = annotations or []
    doc = docx.Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(1.8)
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"Comparison report: {c.draft.title}"

    doc.add_heading("Comparison report", level=0)
    _para(doc, f"Draft: {c.draft.title} ({c.draft.name})")
    _para(doc, f"Model: {c.model.title}")
    if review:
        _para(doc, f"Review: {review.get('title', '')} (review {review.get('id')}, draft version {getattr(version, 'version', 1)})")
    for note in c.all_notes:
        _para(doc, f"Note: {note}", italic=True)

    _summary(doc, c, annotations)
    _pairs(doc, c, annotations)
    _national(doc, c, annotations)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _para(doc, text: str, bold: bool = False, italic: bool = False, style: str | None = None):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    return p


COLUMNS = ["Covered", "Stricter", "Divergent", "Gap", "Not assessable"]


def _counts(v: Counter) -> list[str]:
    return [str(v[s]) for s in STATUSES]


def _summary(doc, c: Comparison, annotations: list[dict]) -> None:
    doc.add_heading("Summary", level=1)
    statuses = Counter(p.status for p in c.pairs)
    assessable = (f", {statuses['not-assessable']} not assessable (not in the text provided, or paired too uncertainly to compare)"
                  if statuses["not-assessable"] else "")
    _para(doc, f"{len(c.pairs)} model provisions: {statuses['covered']} covered, {statuses['stricter']} stricter than the model, "
               f"{statuses['divergent']} divergent, {statuses['gap']} without counterpart{assessable}; "
               f"{len(c.national_only)} draft provisions have no model counterpart.")

    doc.add_heading("Coverage by priority", level=2)
    by_priority: dict[str, Counter] = defaultdict(Counter)
    for p in c.pairs:
        by_priority[c.model.priority_of(p.model) or "—"][p.status] += 1
    _table(doc, ["Priority", *COLUMNS], [[k, *_counts(v)] for k, v in sorted(by_priority.items(), key=lambda kv: _prio(kv[0]))])

    by_element: dict[str, Counter] = defaultdict(Counter)
    for p in c.pairs:
        for e in c.model.elements_of(p.model):
            by_element[e][p.status] += 1
    if by_element:
        doc.add_heading("Coverage by element", level=2)
        _table(doc, ["Element", *COLUMNS], [[c.model.element_label(e), *_counts(v)] for e, v in sorted(by_element.items())])

    doc.add_heading("Findings by severity", level=2)
    severities = Counter(f.severity for f in c.findings() if f.substantive)
    _table(doc, ["Severity", "Findings"], [[s, str(severities.get(s, 0))] for s in ("high", "medium", "low")])

    doc.add_heading("Review progress", level=2)
    top = [a for a in annotations if a["parent_id"] is None]
    decided = Counter(a["status"] for a in top)
    reviewers = sorted({a["author"] for a in annotations})
    _para(doc, f"{len(top)} annotations ({decided.get('open', 0)} open, {decided.get('accepted', 0)} accepted, "
               f"{decided.get('rejected', 0)} rejected, {decided.get('resolved', 0)} resolved); "
               f"{len(annotations) - len(top)} replies; reviewers: {', '.join(reviewers) or 'none yet'}.")


def _prio(p: str) -> int:
    return {"core": 0, "recommended": 1, "optional": 2}.get(p, 3)


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    return table


def _pairs(doc, c: Comparison, annotations: list[dict]) -> None:
    doc.add_heading("Provision by provision", level=1)
    _para(doc, "Draft wording shows the differences from the model: added words in green and underlined, removed words in red "
               "and struck through.", italic=True)
    notes_by_model: dict[str, list[dict]] = defaultdict(list)
    for a in annotations:
        if a.get("model_id"):
            notes_by_model[a["model_id"]].append(a)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Model provision", "Draft (differences marked)", "Status", "Findings and notes"]):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for pair in c.pairs:
        cells = table.add_row().cells
        head = cells[0].paragraphs[0]
        head.add_run(pair.model.label).bold = True
        if pair.model.heading():
            head.add_run(f" — {pair.model.heading()}")
        elements = c.model.elements_of(pair.model)
        if elements:
            named = ", ".join(c.model.element_label(e) for e in elements)
            cells[0].add_paragraph(f"{named} · {c.model.priority_of(pair.model)}").runs[0].italic = True
        cells[0].add_paragraph(_clip(pair.model.text()))
        if pair.drafts:
            cells[1].paragraphs[0].add_run(", ".join(u.label for u in pair.drafts)).bold = True
            _redline(cells[1].add_paragraph(), pair.redline)
        else:
            cells[1].paragraphs[0].add_run("No counterpart found.").italic = True
        cells[2].text = STATUS_TEXT[pair.status]
        shade_cell(cells[2]._tc, STATUS_FILL[pair.status])
        first = True
        for f in sorted(pair.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)):
            p = cells[3].paragraphs[0] if first else cells[3].add_paragraph()
            first = False
            p.add_run(f"[{f.severity}] {KIND_TITLES.get(f.kind, f.kind)}: ").bold = True
            p.add_run(f.message)
        for a in notes_by_model.get(pair.model.id, []):
            p = cells[3].paragraphs[0] if first else cells[3].add_paragraph()
            first = False
            prefix = "↳ " if a["parent_id"] else ""
            run = p.add_run(f"{prefix}{a['author']} ({a['status']}): {a['text']}")
            run.italic = True


def _clip(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _redline(paragraph, ops) -> None:
    for op in ops:
        run = paragraph.add_run(op.text)
        if op.op == INSERT:
            run.font.color.rgb = INSERT_COLOUR
            run.font.underline = True
        elif op.op == DELETE:
            run.font.color.rgb = DELETE_COLOUR
            run.font.strike = True
        elif op.op == EQUAL:
            pass


def _national(doc, c: Comparison, annotations: list[dict]) -> None:
    if not c.national_only:
        return
    doc.add_heading("Provisions of the draft without a model counterpart", level=1)
    _para(doc, "Often legitimate (institutions, procedure, fees); listed so that nothing is overlooked.", italic=True)
    notes_by_draft: dict[str, list[dict]] = defaultdict(list)
    for a in annotations:
        if a.get("draft_id") and not a.get("model_id"):
            notes_by_draft[a["draft_id"]].append(a)
    for n in c.national_only:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(n.unit.label).bold = True
        if n.unit.heading():
            p.add_run(f" — {n.unit.heading()}")
        p.add_run(f": {_clip(n.unit.text(), 300)}")
        for f in n.findings:
            doc.add_paragraph(f"[{f.severity}] {KIND_TITLES.get(f.kind, f.kind)}: {f.message}", style="List Bullet 2")
        for a in notes_by_draft.get(n.unit.id, []):
            doc.add_paragraph(f"{a['author']} ({a['status']}): {a['text']}", style="List Bullet 2")
