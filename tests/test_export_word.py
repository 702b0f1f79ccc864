"""Export 1: the drafters' own .docx with Word comments; everything else unchanged."""

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafting import ooxml
from drafting.export.word import Comment, annotate_docx, comments_from_comparison, render_docx
from drafting.pipeline import compare_draft, read_draft, read_draft_path
from tests.conftest import require_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo(demo_docx):
    draft = read_draft_path(demo_docx)
    return draft, compare_draft(draft)


@pytest.fixture(scope="module")
def exported(demo):
    draft, comparison = demo
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB")
    return comments, annotate_docx(draft.data, draft.source, draft.document, comments)


def anchors(data: bytes) -> dict[str, str]:
    """Comment id -> the text between its range start and end, in document order."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    open_ids: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ids[el.get(f"{W}id")] = []
        elif el.tag == f"{W}commentRangeEnd":
            cid = el.get(f"{W}id")
            done[cid] = "".join(open_ids.pop(cid, []))
        elif el.tag == f"{W}t" and not any(a.tag == f"{W}del" for a in el.iterancestors()):
            for parts in open_ids.values():
                parts.append(el.text or "")
    return done


def test_one_comment_per_finding_on_the_words_concerned(demo, exported):
    _, comparison = demo
    comments, data = exported
    word = docx.Document(io.BytesIO(data))
    written = list(word.comments)
    assert len(written) == len(comments) == len([f for f in comparison.findings() if f.kind != "wording"])
    assert {c.author for c in written} == {"Anna Berg"} and {c.initials for c in written} == {"AB"}
    ranges = anchors(data)
    by_text = {c.text: ranges[str(c.comment_id)] for c in written}
    for finding in comparison.findings():
        if finding.draft_span is None or finding.kind == "wording":
            continue
        matching = [anchor for text, anchor in by_text.items() if finding.message in text]
        assert matching == [finding.draft_span.text], finding.message


def test_comment_text_gives_finding_and_model_wording(exported):
    _, data = exported
    texts = [c.text for c in docx.Document(io.BytesIO(data)).comments]
    three = next(t for t in texts if "“three years”" in t)
    assert three.startswith("[High] Different period or figure:")
    assert "Model wording to consider (Section 32(4))" in three and "at least five years" in three


def test_gap_comments_sit_beside_the_nearest_implemented_provision(demo, exported):
    _, comparison = demo
    _, data = exported
    gap_comments = [c for c in docx.Document(io.BytesIO(data)).comments if "Missing provision" in c.text]
    assert len(gap_comments) == sum(1 for p in comparison.pairs if p.status == "gap")
    ranges = anchors(data)
    assert all(ranges[str(c.comment_id)].strip() for c in gap_comments)


def paragraph_signature(p) -> list[tuple[str, bytes]]:
    """Each character of the paragraph's accepted text with the formatting of its run."""
    text, slices = ooxml.paragraph_runs(p)
    out = []
    for s in slices:
        rpr = s.run.find(ooxml.W_RPR)
        fmt = etree.tostring(rpr, method="c14n") if rpr is not None else b""
        out += [(ch, fmt) for ch in text[s.start:s.end]]
    return out


def test_everything_else_is_unchanged(demo, exported):
    draft, _ = demo
    _, data = exported
    before = zipfile.ZipFile(io.BytesIO(draft.data))
    after = zipfile.ZipFile(io.BytesIO(data))
    comment_parts = {"word/comments.xml", "word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}
    assert set(before.namelist()) - set(after.namelist()) == set()
    added = set(after.namelist()) - set(before.namelist())
    record = {name for name in added if name.startswith("customXml/")}  # the export's record (one item, its properties)
    assert added - record == {"word/comments.xml"} and len(record) == 3
    assert any(b"urn:drafting-assistant:suggestions:1" in after.read(name) for name in record)
    for name in before.namelist():
        if name in comment_parts or not name.endswith((".xml", ".rels")):
            continue
        assert etree.tostring(etree.fromstring(before.read(name)), method="c14n") == \
            etree.tostring(etree.fromstring(after.read(name)), method="c14n"), name
    old = ooxml.body_paragraphs(docx.Document(io.BytesIO(draft.data)).element)
    new = ooxml.body_paragraphs(docx.Document(io.BytesIO(data)).element)
    assert len(old) == len(new)
    for a, b in zip(old, new):
        assert paragraph_signature(a) == paragraph_signature(b)
        pa, pb = a.find(ooxml.W_PPR), b.find(ooxml.W_PPR)
        assert (etree.tostring(pa, method="c14n") if pa is not None else b"") == (etree.tostring(pb, method="c14n") if pb is not None else b"")


def bill_with_history() -> bytes:
    """A small bill with a comment already in it and tracked changes."""
    word = docx.Document()
    word.add_paragraph("Section 1. Records")
    p = word.add_paragraph("(1) Every exporter shall keep records of exports for at least three years.")
    word.add_comment(p.runs[0], text="Earlier remark by the ministry.", author="Ministry", initials="MIN")
    q = word.add_paragraph("(2) The records shall be produced to the Authority on request.")
    ins = docx.oxml.parse_xml(
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="901" w:author="Drafter" '
        'w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve"> in writing</w:t></w:r></w:ins>')
    q._p.append(ins)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_existing_comments_and_tracked_changes_are_kept():
    data = bill_with_history()
    draft = read_draft(data, "bill.docx")
    assert draft.source.tracked_changes and draft.source.comments == 1
    assert draft.document.units()[1].text().endswith("on request. in writing") or "in writing" in draft.document.units()[1].text()
    comparison = compare_draft(draft)
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB")
    out = annotate_docx(draft.data, draft.source, draft.document, comments)
    word = docx.Document(io.BytesIO(out))
    assert "Earlier remark by the ministry." in [c.text for c in word.comments]
    assert any("three years" in c.text for c in word.comments)
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    assert 'w:author="Drafter"' in xml and "in writing" in xml


def test_replies_follow_their_parent():
    data = bill_with_history()
    draft = read_draft(data, "bill.docx")
    unit = draft.document.units()[0]
    parent = Comment(unit.id, 0, 12, "Parent remark", "Anna Berg", "AB",
                     replies=[Comment(unit.id, 0, 12, "Reply from Ben Okafor: agreed", "Ben Okafor", "BO")])
    out = annotate_docx(draft.data, draft.source, draft.document, [parent])
    written = list(docx.Document(io.BytesIO(out)).comments)
    texts = [c.text for c in written]
    assert texts.index("Reply from Ben Okafor: agreed") == texts.index("Parent remark") + 1
    ranges = anchors(out)
    ids = {c.text: str(c.comment_id) for c in written}
    assert ranges[ids["Parent remark"]] == ranges[ids["Reply from Ben Okafor: agreed"]] == unit.text()[0:12]


def test_a_text_draft_comes_back_as_a_clean_docx_with_comments():
    draft = read_draft(("Section 1. Records\n\n(1) Every exporter shall keep records of exports for at least three years.\n\n"
                        "(2) The records shall be produced to the Authority on request.\n").encode(), "bill.txt")
    comparison = compare_draft(draft)
    # a two-provision bill pairs with less than 80% confidence: its findings are provisional until confirmed
    confirmed = {f.id for f in comparison.findings()}
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB", confirmed=confirmed)
    out = render_docx(draft.source, draft.document, comments)
    word = docx.Document(io.BytesIO(out))
    assert any("three years" in c.text for c in word.comments)
    assert "three years" in "".join(anchors(out).values())
    assert [p.text for p in word.paragraphs if p.text][:2] == ["Section 1. Records", "(1) Every exporter shall keep records of exports for at least three years."]


def pdf_annotation_texts(path: Path) -> list[str]:
    """The text of every annotation of a PDF (pdfminer, since popups lack a rectangle)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    out = []
    with open(path, "rb") as fh:
        document = PDFDocument(PDFParser(fh))
        for page in PDFPage.create_pages(document):
            for annot in resolve1(page.annots) or []:
                contents = resolve1(annot).get("Contents")
                if isinstance(contents, bytes):
                    out.append(decode_text(contents))
    return out


@pytest.mark.office
def test_libreoffice_reads_our_comments(exported, tmp_path):
    """A real word processor opens the annotated file and exports every comment into the PDF."""
    soffice = require_tool("soffice", "libreoffice")
    comments, data = exported
    src = tmp_path / "annotated.docx"
    src.write_bytes(data)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    filter_options = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run([soffice, profile, "--headless", "--convert-to", filter_options, "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    notes_text = "\n".join(pdf_annotation_texts(tmp_path / "annotated.pdf"))
    for comment in comments:
        first_line = comment.text.split("\n")[0]
        assert re.sub(r"\s+", " ", first_line)[:60] in re.sub(r"\s+", " ", notes_text)


def test_a_provisional_finding_reaches_the_drafters_only_once_confirmed():
    draft = read_draft(("Section 1. Records\n\n(1) Every exporter shall keep records of exports for at least three years.\n\n"
                        "(2) The records shall be produced to the Authority on request.\n").encode(), "bill.txt")
    comparison = compare_draft(draft)
    provisional = [f for f in comparison.findings() if f.provisional]
    assert provisional and not any(f.substantive for f in provisional)
    sent = {c.text for c in comments_from_comparison(comparison)}
    assert not any(f.message in text for f in provisional for text in sent)
    confirmed = comments_from_comparison(comparison, confirmed={provisional[0].id})
    assert any(provisional[0].message in c.text for c in confirmed)
