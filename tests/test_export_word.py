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


# --- suggested wording as tracked changes --------------------------------------------------------------

EXPORT_DATE = "2026-12-01T10:00:00Z"


@pytest.fixture(scope="module")
def suggested(demo):
    draft, comparison = demo
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB", suggest=True)
    return comments, annotate_docx(draft.data, draft.source, draft.document, comments, date=EXPORT_DATE)


def changes_in_ranges(data: bytes) -> dict[str, tuple[str, str]]:
    """Comment id -> (words deleted, words inserted) by the tracked changes inside its range."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    open_ids: dict[str, list[list[str]]] = {}
    done: dict[str, tuple[str, str]] = {}
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ids[el.get(f"{W}id")] = [[], []]
        elif el.tag == f"{W}commentRangeEnd":
            deleted, inserted = open_ids.pop(el.get(f"{W}id"), [[], []])
            done[el.get(f"{W}id")] = ("".join(deleted), "".join(inserted))
        elif el.tag == f"{W}delText":
            for parts in open_ids.values():
                parts[0].append(el.text or "")
        elif el.tag == f"{W}t" and any(a.tag == f"{W}ins" for a in el.iterancestors()):
            for parts in open_ids.values():
                parts[1].append(el.text or "")
    return done


def test_each_suggestion_is_a_tracked_change_by_the_reviewer_inside_its_comment(suggested):
    comments, data = suggested
    with_change = [c for c in comments if c.suggestion is not None]
    assert len(with_change) >= 20
    written = {c.text: str(c.comment_id) for c in docx.Document(io.BytesIO(data)).comments}
    ranges = changes_in_ranges(data)
    for c in with_change:
        s = c.suggestion
        deleted, inserted = ranges[written[c.text]]
        if s.kind == "paragraphs":
            assert deleted == "" and inserted == "".join(s.lines())
        else:
            assert (deleted, inserted) == (s.delete, s.insert), c.text
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert marks and {(m.get(f"{W}author"), m.get(f"{W}date")) for m in marks} == {("Anna Berg", EXPORT_DATE)}
    assert len({m.get(f"{W}id") for m in marks}) == len(marks)


def test_the_suggestions_accepted_read_as_the_model_and_rejected_as_the_draft(demo, suggested):
    draft, _ = demo
    _, data = suggested
    original = ooxml.document_text(docx.Document(io.BytesIO(draft.data)).element)
    exported = docx.Document(io.BytesIO(data)).element
    assert ooxml.document_text(exported, accepted=False) == original  # rejecting all gives the drafters' text back
    accepted = ooxml.document_text(exported, accepted=True)
    assert "The Controller shall require an applicant for an individual licence" in accepted
    assert "The records shall be retained for at least five years, counted" in accepted
    assert "controls the export, re-export, transit, brokering services and transhipment of strategic goods" in accepted
    lines = accepted.split("\n")
    start = lines.index("Review of denials")
    assert [line[:4] for line in lines[start + 1:start + 4]] == ["(1) ", "(2) ", "(3) "]
    assert lines[start + 4] == next(line for line in original.split("\n")[original.split("\n").index(lines[start - 1]) + 1:])


def test_a_reviewers_wording_replaces_the_computed_one(demo):
    draft, comparison = demo
    finding = next(f for f in comparison.pair_for("sec-32/sub-4").findings if f.kind == "number")
    comments = comments_from_comparison(comparison, author="Anna Berg", suggestions={finding.id: "not less than five years"})
    assert [c.finding_id for c in comments if c.suggestion] == [finding.id]  # alone: no other suggestion asked for
    data = annotate_docx(draft.data, draft.source, draft.document, comments, date=EXPORT_DATE)
    accepted = ooxml.document_text(docx.Document(io.BytesIO(data)).element)
    assert "The records shall be retained for not less than five years, counted" in accepted


def test_the_export_of_a_review_suggests_for_accepted_findings_and_threads_replies(demo, tmp_path):
    from drafting.export.review_export import review_comments
    from drafting.review import ReviewStore

    draft, comparison = demo
    number = next(f for f in comparison.pair_for("sec-32/sub-4").findings if f.kind == "number")
    modality = next(f for f in comparison.pair_for("sec-20/sub-1").findings if f.kind == "modality")
    listed = next(f for f in comparison.pair_for("sec-1/sub-2").findings if f.kind == "list")
    store = ReviewStore(tmp_path / "reviews.sqlite3")
    review_id, version_id = store.create_review("t", "eu-aligned-model", "m", "d.docx", draft.data, {}, "Anna Berg")
    accepted = store.annotate(review_id, version_id, "Anna Berg", "Say shall.", "finding", finding_id=modality.id,
                              draft_id=modality.draft_id, status="accepted")
    store.annotate(review_id, version_id, "Ben Okafor", "Agreed, and urgent.", parent_id=accepted)
    store.annotate(review_id, version_id, "Anna Berg", "Fixed in version 2.", "finding", finding_id=listed.id,
                   draft_id=listed.draft_id, status="resolved")
    store.annotate(review_id, version_id, "Clara Diaz", "Five years.", "finding", finding_id=number.id,
                   draft_id=number.draft_id, status="open", suggestion="not less than five years")  # her own wording
    comments = review_comments(comparison, store.annotations(review_id))
    data = annotate_docx(draft.data, draft.source, draft.document, comments, date=EXPORT_DATE)
    word = docx.Document(io.BytesIO(data))
    root = word.element
    by_author = {}
    for m in root.iter(f"{W}ins"):
        by_author.setdefault(m.get(f"{W}author"), []).append("".join(t.text or "" for t in m.iter(f"{W}t")))
    assert by_author == {"Anna Berg": ["shall"], "Clara Diaz": ["not less than five years"]}  # each by who asked for it
    accepted_text = ooxml.document_text(root)
    assert "The Controller shall require" in accepted_text and "retained for not less than five years, counted" in accepted_text
    assert "brokering services and transhipment" not in accepted_text  # resolved, not accepted: no change asked for
    read = ooxml.read_comments(word)
    threads = ooxml.read_comment_threads(word)
    reply = next(c for c in read if c.author == "Ben Okafor")
    parent = next(c for c in read if modality.id in c.text)
    resolved = next(c for c in read if listed.id in c.text)
    assert reply.text == "Reply from Ben Okafor: Agreed, and urgent."
    assert threads[reply.para_id] == (parent.para_id, False)  # threaded under the finding's comment
    assert threads[resolved.para_id] == ("", True)  # the resolved finding is a resolved comment
    stored_reply = next(a for a in store.annotations(review_id) if a["author"] == "Ben Okafor")
    assert reply.date == stored_reply["created_at"][:19] + "Z"  # dated when it was written


def test_a_text_draft_gets_its_suggestions_too():
    draft = read_draft(("Section 1. Records\n\n(1) Every exporter shall keep records of exports for at least three years.\n\n"
                        "(2) The records shall be produced to the Authority on request.\n").encode(), "bill.txt")
    comparison = compare_draft(draft)
    number = next(f for f in comparison.findings() if f.kind == "number")  # provisional on so small a text: confirm it
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB", suggest=True, confirmed={number.id})
    assert any(c.suggestion and c.suggestion.insert == "five years" for c in comments)
    out = render_docx(draft.source, draft.document, comments)
    root = docx.Document(io.BytesIO(out)).element
    assert "at least five years" in ooxml.document_text(root) and "at least three years" in ooxml.document_text(root, accepted=False)


# --- LibreOffice --------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n") if line.strip()]


@pytest.mark.office
def test_libreoffice_accept_all_gives_the_model_wording_and_reject_all_the_drafters_text(demo, suggested, tmp_path):
    """LibreOffice itself accepts (or rejects) every tracked change of the export and prints the
    text: accepted, the model's wording is in place; rejected, the draft is exactly as it came."""
    from tests.office_support import libreoffice_comments, libreoffice_text, require_uno

    require_uno()
    draft, _ = demo
    comments, data = suggested
    notes = libreoffice_comments(data, tmp_path / "comments")  # the file as it is, comments and changes together
    assert len(notes) == len(comments) and {n["author"] for n in notes} == {"Anna Berg"}
    assert {n["date"] for n in notes} == {EXPORT_DATE}
    by_finding = {re.search(r"f-[0-9a-f]{12}", n["text"]).group(0): n for n in notes}
    modality = next(c for c in comments if c.suggestion and c.suggestion.delete == "may")
    assert by_finding[modality.finding_id]["anchor"] == "mayshall"  # on the change: the deleted words and the new ones
    original = libreoffice_text(draft.data, "keep", tmp_path / "original")
    rejected = libreoffice_text(data, "reject", tmp_path / "rejected")
    accepted = libreoffice_text(data, "accept", tmp_path / "accepted")
    assert rejected == original
    ours = _lines(ooxml.document_text(docx.Document(io.BytesIO(data)).element, accepted=True))
    assert [re.sub(r"\s+", " ", line) for line in accepted] == ours
    for c in comments:
        if c.suggestion is None:
            continue
        if c.suggestion.kind == "paragraphs":
            assert all(line in accepted for line in c.suggestion.lines()), c.suggestion.lines()[0]
        else:
            assert any(c.suggestion.insert in line for line in accepted)
    assert "(1) The Controller shall require an applicant for an individual licence to submit an end-user certificate with the application." in accepted
    assert len(accepted) == len(original) + sum(len(c.suggestion.lines()) for c in comments if c.suggestion and c.suggestion.kind == "paragraphs")


@pytest.mark.office
def test_libreoffice_keeps_replies_on_their_comment_and_shows_resolved_ones(tmp_path):
    """LibreOffice 7.4 has no thread links of its own: it puts the reply on its parent's words,
    right after it; the resolved comment is resolved (loext:resolved) and dates are kept."""
    soffice = require_tool("soffice", "libreoffice")
    data = bill_with_history()
    draft = read_draft(data, "bill.docx")
    unit = draft.document.units()[0]
    parent = Comment(unit.id, 0, 12, "Parent remark", "Anna Berg", "AB", date="2026-12-01T10:00:00Z",
                     replies=[Comment(unit.id, 0, 12, "Agreed, from the ministry", "Ben Okafor", "BO", date="2026-12-02T09:00:00Z")])
    settled = Comment(draft.document.units()[-1].id, None, None, "Settled remark", "Anna Berg", "AB", resolved=True)
    src = tmp_path / "threads.docx"
    src.write_bytes(annotate_docx(draft.data, draft.source, draft.document, [parent, settled], date="2026-12-03T08:00:00Z"))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    subprocess.run([soffice, profile, "--headless", "--convert-to", "fodt", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "dc": "http://purl.org/dc/elements/1.1/",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"}
    root = etree.parse(str(tmp_path / "threads.fodt")).getroot()
    notes = {"".join(a.xpath(".//text:p//text()", namespaces=ns)): a for a in root.iterfind(".//office:annotation", ns)}
    first, reply, done = notes["Parent remark"], notes["Agreed, from the ministry"], notes["Settled remark"]
    assert first.getnext() is reply and not (first.tail or "").strip()  # the reply sits right after its comment
    ends = {e.get(f"{{{ns['office']}}}name"): e for e in root.iterfind(".//office:annotation-end", ns)}
    reply_end = ends[reply.get(f"{{{ns['office']}}}name")]
    assert reply_end.getnext() is ends[first.get(f"{{{ns['office']}}}name")]  # on the same words
    assert done.get(f"{{{ns['loext']}}}resolved") == "true" and first.get(f"{{{ns['loext']}}}resolved") == "false"
    assert reply.findtext("dc:date", namespaces=ns) == "2026-12-02T09:00:00"
    assert reply.findtext("dc:creator", namespaces=ns) == "Ben Okafor"


def test_a_suggestion_that_cannot_be_placed_leaves_its_comment_saying_so():
    from drafting.suggest import Suggestion

    data = bill_with_history()
    draft = read_draft(data, "bill.docx")
    unit = draft.document.units()[0]
    text = unit.text()
    at = text.index("three years")
    first = Suggestion("f-1", "replace", unit.id, at, at + len("three years"), "three years", "five years")
    overlapping = Suggestion("f-2", "replace", unit.id, at + 6, at + len("three years"), "years", "months")
    comments = [Comment(unit.id, first.start, first.end, f"One. {first.describe()}", "Anna Berg", suggestion=first),
                Comment(unit.id, overlapping.start, overlapping.end, f"Two. {overlapping.describe()}", "Ben Okafor", suggestion=overlapping)]
    out = annotate_docx(draft.data, draft.source, draft.document, comments, date=EXPORT_DATE)
    word = docx.Document(io.BytesIO(out))
    assert "for at least five years." in ooxml.document_text(word.element)
    texts = {c.author: c.text for c in word.comments}
    assert "(tracked in the text)" in texts["Anna Berg"]
    assert "(not in the text: the words could not be placed)" in texts["Ben Okafor"]  # the comment stays, and says so
    assert {m.get(f"{W}author") for m in word.element.iter(f"{W}ins")} == {"Anna Berg", "Drafter"}
