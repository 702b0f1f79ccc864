"""Reading the drafters' answer back (`drafting.ingest.returned`): their replies, threaded under
our comments, and what became of each tracked change we suggested.

The unit tests decide on changes the way Word stores decisions (an accepted insertion becomes
plain text, a rejected one disappears); the `office` test has LibreOffice itself accept and
reject changes and add the replies, and reads the file LibreOffice wrote."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from drafting import ooxml
from drafting.errors import DraftingError
from drafting.export.word import Comment, annotate_docx, comments_from_comparison
from drafting.ingest.returned import read_returned_docx, review_updates
from drafting.pipeline import compare_draft, read_draft_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXPORT_DATE = "2026-12-01T10:00:00Z"


@pytest.fixture(scope="module")
def demo(demo_docx):
    draft = read_draft_path(demo_docx)
    return draft, compare_draft(draft)


def finding(comparison, model_id, kind):
    return next(f for f in comparison.pair_for(model_id).findings if f.kind == kind)


@pytest.fixture(scope="module")
def sent(demo):
    """Our export: every suggestion, and a reply from a colleague under the modality finding."""
    draft, comparison = demo
    comments = comments_from_comparison(comparison, author="Anna Berg", initials="AB", suggest=True)
    modality = finding(comparison, "sec-20/sub-1", "modality")
    parent = next(c for c in comments if c.finding_id == modality.id)
    parent.replies = [Comment(parent.unit_id, parent.start, parent.end, "Reply from Ben Okafor: high priority", "Ben Okafor", "BO",
                              date="2026-11-30T16:00:00Z")]
    return annotate_docx(draft.data, draft.source, draft.document, comments, date=EXPORT_DATE)


# --- deciding as Word does ------------------------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {name: z.read(name) for name in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return out.getvalue()


def _comment_id(parts: dict[str, bytes], finding_id: str) -> str:
    root = etree.fromstring(parts["word/comments.xml"])
    return next(c.get(f"{W}id") for c in root.iter(f"{W}comment") if finding_id in "".join(c.itertext()))


def decide(data: bytes, finding_id: str, accept: bool) -> bytes:
    """Accept or reject the tracked changes inside the comment on a finding, as Word stores the result."""
    parts = _parts(data)
    cid = _comment_id(parts, finding_id)
    root = etree.fromstring(parts["word/document.xml"])
    inside, marks = False, []
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart" and el.get(f"{W}id") == cid:
            inside = True
        elif el.tag == f"{W}commentRangeEnd" and el.get(f"{W}id") == cid:
            break
        elif inside and el.tag in (f"{W}ins", f"{W}del"):
            marks.append(el)
    paragraphs = {m.getparent() for m in marks if m.getparent().tag == f"{W}p"}
    for m in marks:
        keep = (m.tag == f"{W}ins") == accept
        parent = m.getparent()
        if keep:
            for t in m.iter(f"{W}delText"):
                t.tag = f"{W}t"
            for child in list(m):
                m.addprevious(child)
        parent.remove(m)
    for p in paragraphs:
        mark = p.find(f"{W}pPr/{W}rPr/{W}ins")
        if mark is not None:
            if accept:
                mark.getparent().remove(mark)
            elif not "".join(p.itertext()).strip():
                p.getparent().remove(p)  # an inserted paragraph, rejected
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


def outcome(returned, finding_id):
    return next(c.status for c in returned.changes if c.finding_id == finding_id)


# --- unit tests -------------------------------------------------------------------------------------------


def test_our_own_export_reads_back_all_pending_and_all_ours(demo, sent):
    _, comparison = demo
    returned = read_returned_docx(sent, "sent.docx")
    assert returned.exported == EXPORT_DATE
    assert returned.changes and {c.status for c in returned.changes} == {"pending"}
    assert {c.finding_id for c in returned.changes} <= {f.id for f in comparison.findings()}
    assert all(c.ours for c in returned.comments)
    reply = next(c for c in returned.comments if c.author == "Ben Okafor")
    parent = next(c for c in returned.comments if c.id == reply.parent)
    modality = finding(comparison, "sec-20/sub-1", "modality")
    assert reply.threaded_by == "thread" and parent.finding_id == reply.finding_id == modality.id
    assert parent.anchor == "shall"  # the words it is on, as they read with the changes accepted
    assert review_updates(returned)["replies"] == [] and review_updates(returned)["resolved"] == []


def test_accepted_and_rejected_changes_are_told_apart(demo, sent):
    _, comparison = demo
    modality = finding(comparison, "sec-20/sub-1", "modality").id
    number = finding(comparison, "sec-32/sub-4", "number").id
    listed = finding(comparison, "sec-1/sub-2", "list").id
    gap_kept = finding(comparison, "sec-24/sub-1", "gap").id
    gap_refused = finding(comparison, "sec-48/sub-1", "gap").id
    validity = finding(comparison, "sec-17/sub-1", "number").id  # its words recur in another subsection
    data = sent
    for fid, accept in ((modality, True), (number, False), (listed, True), (gap_kept, True), (gap_refused, False), (validity, True)):
        data = decide(data, fid, accept)
    returned = read_returned_docx(data)
    assert outcome(returned, modality) == outcome(returned, listed) == outcome(returned, gap_kept) == "accepted"
    assert outcome(returned, validity) == "accepted"
    assert outcome(returned, number) == outcome(returned, gap_refused) == "rejected"
    assert {c.status for c in returned.changes if c.finding_id not in (modality, number, listed, gap_kept, gap_refused, validity)} == {"pending"}
    updates = review_updates(returned)
    assert set(updates["resolved"]) == {modality, listed, gap_kept, validity}
    assert {r["finding_id"] for r in updates["rejected"]} == {number, gap_refused}
    rejected = next(r for r in updates["rejected"] if r["finding_id"] == number)
    assert (rejected["deleted"], rejected["inserted"], rejected["author"]) == ("three years", "at least five years", "Anna Berg")


def test_words_the_drafters_rewrote_are_neither_accepted_nor_rejected(demo, sent):
    _, comparison = demo
    number = finding(comparison, "sec-32/sub-4", "number").id
    data = decide(sent, number, accept=False)
    parts = _parts(data)
    assert b">three years<" in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(b">three years<", b">four years<")
    assert outcome(read_returned_docx(_zip(parts)), number) == "changed"


def _libreoffice_style(data: bytes) -> bytes:
    """The file as LibreOffice 7.4 writes threads: no parent links in commentsExtended."""
    parts = _parts(data)
    if "word/commentsExtended.xml" in parts:
        parts["word/commentsExtended.xml"] = re.sub(rb' w15:paraIdParent="[0-9A-F]+"', b"", parts["word/commentsExtended.xml"])
    return _zip(parts)


def add_reply(data: bytes, finding_id: str, text: str, author: str = "Drafting Office", date: str = "2026-12-05T09:30:00Z") -> bytes:
    """A reply on the words of the comment on a finding (as LibreOffice places one), with python-docx."""
    word = docx.Document(io.BytesIO(data))
    comment = next(c for c in ooxml.read_comments(word) if finding_id in c.text)
    root = word.element
    start = next(el for el in root.iter(f"{W}commentRangeStart") if el.get(f"{W}id") == str(comment.id))
    end = next(el for el in root.iter(f"{W}commentRangeEnd") if el.get(f"{W}id") == str(comment.id))
    added = word.comments.add_comment(text=text, author=author, initials="DO")
    ooxml.set_comment_date(word, added.comment_id, date)
    ooxml.mark_comment_range(start.getnext(), end.getprevious(), added.comment_id)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_replies_without_thread_links_are_found_by_their_words_and_their_opening(demo, sent):
    _, comparison = demo
    modality = finding(comparison, "sec-20/sub-1", "modality").id
    number = finding(comparison, "sec-32/sub-4", "number").id
    data = add_reply(sent, number, "Three years is national policy.")
    data = add_reply(data, modality, 'Reply to Anna Berg (01/12/2026, 10:00): "[High] Weaker…"\nAgreed: shall.', date="2026-12-05T09:40:00Z")
    returned = read_returned_docx(_libreoffice_style(data))
    theirs = {c.text.split("\n")[-1]: c for c in returned.comments if not c.ours}
    assert set(theirs) == {"Three years is national policy.", "Agreed: shall."}
    assert theirs["Three years is national policy."].threaded_by == "same words"
    assert theirs["Agreed: shall."].threaded_by == "reply text"
    by_id = {c.id: c for c in returned.comments}
    assert number in by_id[theirs["Three years is national policy."].parent].text
    assert modality in by_id[theirs["Agreed: shall."].parent].text
    ours = next(c for c in returned.comments if c.author == "Ben Okafor")
    assert ours.parent is not None and ours.threaded_by == "record"  # our own thread, from the export's record
    updates = review_updates(returned)
    replies = {r["text"]: r for r in updates["replies"]}
    assert set(replies) == {"Three years is national policy.", "Agreed: shall."}  # LibreOffice's quoting line dropped
    assert replies["Agreed: shall."]["finding_id"] == modality and replies["Agreed: shall."]["date"] == "2026-12-05T09:40:00Z"
    assert replies["Three years is national policy."]["author"] == "Drafting Office"


def test_without_our_record_the_comments_still_tell(demo, sent):
    _, comparison = demo
    modality = finding(comparison, "sec-20/sub-1", "modality").id
    number = finding(comparison, "sec-32/sub-4", "number").id
    data = decide(decide(sent, modality, True), number, False)
    parts = _parts(data)
    for name in [n for n in parts if n.startswith("customXml/") and b"drafting-assistant" in parts[n]]:
        parts[name] = b'<?xml version="1.0"?><other xmlns="urn:example"/>'
    returned = read_returned_docx(_zip(parts))
    assert returned.exported == ""
    assert outcome(returned, modality) == "accepted" and outcome(returned, number) == "rejected"


def test_a_file_that_is_not_a_word_document_is_refused():
    with pytest.raises(DraftingError, match="not a Word document"):
        read_returned_docx(b"Section 1. Records\n", "answer.txt")
    with pytest.raises(DraftingError):
        read_returned_docx(b"PK\x03\x04 broken", "answer.docx")


def test_the_cli_reads_a_reply_into_json(demo, sent, tmp_path):
    import json

    from drafting.cli import main

    _, comparison = demo
    modality = finding(comparison, "sec-20/sub-1", "modality").id
    path = tmp_path / "answer.docx"
    path.write_bytes(add_reply(decide(sent, modality, True), modality, "Done."))
    assert main(["review", "read-reply", str(path), "--json", str(tmp_path / "out.json")]) == 0
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["resolved"] == [modality]
    assert [(r["text"], r["finding_id"]) for r in data["replies"]] == [("Done.", modality)]


# --- LibreOffice writes the answer ---------------------------------------------------------------------


@pytest.mark.office
def test_an_answer_written_by_libreoffice_reads_back(demo, sent, tmp_path):
    """LibreOffice accepts two of our changes, rejects two, adds replies by the drafting office
    and a comment of their own, and saves the .docx; every reply is found under the right
    finding and the right findings are resolved."""
    from tests.office_support import libreoffice_answer, require_uno

    require_uno()
    _, comparison = demo
    modality = finding(comparison, "sec-20/sub-1", "modality")
    number = finding(comparison, "sec-32/sub-4", "number")
    listed = finding(comparison, "sec-1/sub-2", "list")
    gap = finding(comparison, "sec-24/sub-1", "gap")
    refused = finding(comparison, "sec-48/sub-1", "gap")
    replies = [
        {"to": f"Ref. {modality.id}", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:30:00Z",
         "text": "Agreed: the Controller shall require it."},
        {"to": f"Ref. {number.id}", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:31:00Z",
         "text": "Three years is national policy; we keep it."},
    ]
    new = [{"on": "Strategic Trade Advisory Board", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:35:00Z",
            "text": "We are renaming the Board."}]
    data = libreoffice_answer(sent, tmp_path, accept=["may", "shall", ", brokering services", "Review of denials\n(1) The Authority"],
                              reject=["three years", "at least five years", "International cooperation\n(1) The Authority"],
                              replies=replies, new_comments=new)
    returned = read_returned_docx(data, "returned.docx")
    assert returned.exported == EXPORT_DATE  # our record survived LibreOffice
    # LibreOffice makes one change of a run of inserted paragraphs: the three subsections of the
    # missing section 24 are accepted together, the two of section 48 rejected together.
    section_24 = {finding(comparison, f"sec-24/sub-{n}", "gap").id for n in (1, 2, 3)}
    section_48 = {finding(comparison, f"sec-48/sub-{n}", "gap").id for n in (1, 2)}
    assert gap.id in section_24 and refused.id in section_48
    accepted, rejected = {modality.id, listed.id} | section_24, {number.id} | section_48
    assert {c.finding_id for c in returned.changes if c.status == "accepted"} == accepted
    assert {c.finding_id for c in returned.changes if c.status == "rejected"} == rejected
    others = [c for c in returned.changes if c.finding_id not in accepted | rejected]
    assert len(others) >= 10 and all(c.status == "pending" for c in others)
    updates = review_updates(returned)
    assert set(updates["resolved"]) == accepted and {r["finding_id"] for r in updates["rejected"]} == rejected
    got = {(r["author"], r["date"], r["text"], r["finding_id"]) for r in updates["replies"]}
    assert got == {("Drafting Office", "2026-12-05T09:30:00Z", "Agreed: the Controller shall require it.", modality.id),
                   ("Drafting Office", "2026-12-05T09:31:00Z", "Three years is national policy; we keep it.", number.id)}
    assert [(c["text"], c["anchor"]) for c in updates["comments"]] == [("We are renaming the Board.", "Strategic Trade Advisory Board")]
    ours = next(c for c in returned.comments if c.author == "Ben Okafor")  # our exported thread, kept
    assert ours.parent is not None and modality.id in next(c for c in returned.comments if c.id == ours.parent).text
