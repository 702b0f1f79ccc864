"""Export 2 (the comparison report), tables, and the model law as a Word document."""

import io
import json
import subprocess

import docx
import pandas as pd
import pytest

from drafting.export.model_docx import model_law_docx
from drafting.export.report import report_docx
from drafting.export.tables import comparison_dict, finding_rows
from drafting.modelset import load_model
from drafting.pipeline import compare_draft, read_draft_path
from drafting.review import ReviewStore
from drafting.review_session import export_bytes, start_review
from tests.conftest import require_tool


@pytest.fixture(scope="module")
def demo(demo_docx):
    draft = read_draft_path(demo_docx)
    return draft, compare_draft(draft)


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_report_has_summary_pairs_and_coloured_changes(demo):
    _, comparison = demo
    annotations = [{"id": 1, "parent_id": None, "model_id": "sec-32/sub-4", "draft_id": "", "author": "Anna Berg",
                    "status": "accepted", "text": "Ask for five years."}]
    report = docx.Document(io.BytesIO(report_docx(comparison, annotations)))
    text = all_text(report)
    assert "Coverage by priority" in text and "Coverage by element" in text and "Review progress" in text
    assert "E13 Brokering control" in text  # element names beside their codes
    pairs_table = report.tables[-1]
    assert len(pairs_table.rows) == len(comparison.pairs) + 1
    assert "Anna Berg (accepted): Ask for five years." in text
    assert "✖ Gap" in text and "▲ Divergent" in text
    runs = [r for t in report.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert any(r.font.strike for r in runs) and any(r.font.underline for r in runs)


def test_tables_and_json_keep_their_keys(demo):
    _, comparison = demo
    data = comparison_dict(comparison)
    assert list(data)[:4] == ["model", "draft", "alignments", "national_only"]
    first = data["alignments"][0]
    assert {"model", "draft", "status", "score", "findings", "reasons"} <= set(first)
    assert {"id", "label"} <= set(first["model"])
    rows = finding_rows(comparison)
    assert {"kind", "severity", "message", "model_provision", "draft_provisions"} <= set(rows[0])
    assert any(r["status"] == "national-only" for r in rows)


def test_review_exports_include_decisions(demo, tmp_path):
    draft, comparison = demo
    store = ReviewStore(tmp_path / "r.sqlite3")
    session = start_review(store, draft, comparison.model, "Anna Berg", comparison=comparison)
    finding = next(f for f in comparison.findings() if f.kind == "list")
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Wrong: brokering is in section 4.", target="finding",
                   model_id=finding.model_id, finding_id=finding.id, status="rejected")
    xlsx = pd.read_excel(io.BytesIO(export_bytes(session, "xlsx")), sheet_name=None)
    row = xlsx["Findings"][xlsx["Findings"]["finding_id"] == finding.id].iloc[0]
    assert row["review_status"] == "rejected"
    assert "Annotations" in xlsx
    annotated = docx.Document(io.BytesIO(export_bytes(session, "docx")))
    assert not any(finding.message in c.text for c in annotated.comments)  # a rejected finding is not sent
    full = json.loads(export_bytes(session, "json"))
    assert full["annotations"][0]["status"] == "rejected"


def test_model_law_document_reads_as_a_law():
    model = load_model("eu-aligned-model")
    document = docx.Document(io.BytesIO(model_law_docx(model)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "PART 1" in headings and any(h.startswith("1. ") for h in headings)
    assert sum(1 for p in document.paragraphs if p.text.startswith("(1)")) > 40
    notes = [t.rows[0].cells[0].text for t in document.tables]
    assert sum(1 for n in notes if n.startswith("Drafting note.")) == len(model.document.articles())


@pytest.mark.office
def test_libreoffice_opens_the_model_law(tmp_path):
    soffice = require_tool("soffice", "libreoffice")
    src = tmp_path / "model.docx"
    src.write_bytes(model_law_docx(load_model("eu-aligned-model")))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=240)
    text = (tmp_path / "model.txt").read_text(encoding="utf-8-sig")
    assert "PART 1" in text and "Drafting note." in text and "(1)" in text
    assert text.index("1. Purpose and scope") < text.index("Drafting note.")


def test_a_note_on_a_gap_reaches_the_word_file(demo, tmp_path):
    draft, comparison = demo
    store = ReviewStore(tmp_path / "r.sqlite3")
    session = start_review(store, draft, comparison.model, "Anna Berg", comparison=comparison)
    gap = next(p for p in comparison.pairs if p.status == "gap")
    store.annotate(session.review_id, session.version.id, "Cara Lind", "Please add this provision.", model_id=gap.model.id)
    annotated = docx.Document(io.BytesIO(export_bytes(session, "docx")))
    assert [c.author for c in annotated.comments if c.text == "Please add this provision."] == ["Cara Lind"]
