"""Writing tracked changes, comment threads and the export's record through `drafting.ooxml`,
and reading them back, on small inline WordprocessingML and on python-docx documents."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from drafting import ooxml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STAMP_DATE = "2026-12-01T10:00:00Z"


def _para(inner: str):
    return parse_xml(f"<w:p {W}>{inner}</w:p>")


def _body(inner: str):
    return parse_xml(f"<w:document {W}><w:body>{inner}</w:body></w:document>")


R = lambda text, rpr="": f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'  # noqa: E731


def _rpr(run) -> bytes:
    rpr = run.find(qn("w:rPr"))
    return b"" if rpr is None else etree.tostring(rpr, method="c14n")


def stamp(element=None):
    return ooxml.RevisionStamp("Anna Berg", STAMP_DATE, element)


def test_a_replacement_reads_new_when_accepted_and_old_when_rejected():
    p = _para(R("Every exporter ", "<w:b/>") + R("may keep", "<w:i/>") + R(" records."))
    first, last = ooxml.track_replacement(p, 15, 18, "shall", stamp())
    assert ooxml.paragraph_text(p) == "Every exporter shall keep records."
    assert ooxml.paragraph_original_text(p) == "Every exporter may keep records."
    assert first.tag == qn("w:del") and last.tag == qn("w:ins")
    assert first.findtext(qn("w:r") + "/" + qn("w:delText")) == "may"
    for mark in (first, last):
        assert mark.get(qn("w:author")) == "Anna Berg" and mark.get(qn("w:date")) == STAMP_DATE
    assert first.get(qn("w:id")) != last.get(qn("w:id"))
    inserted_run = last.find(qn("w:r"))
    assert _rpr(inserted_run) == _rpr(first.find(qn("w:r")))  # formatted like the words it replaces
    assert b"<w:i" in _rpr(inserted_run)


def test_a_replacement_over_several_runs_wraps_each_and_inserts_once():
    p = _para(R("at least ") + R("three", "<w:b/>") + R(" years", "<w:u/>") + R(", counted"))
    ooxml.track_replacement(p, 9, 20, "five years", stamp())
    assert ooxml.paragraph_text(p) == "at least five years, counted"
    assert ooxml.paragraph_original_text(p) == "at least three years, counted"
    assert len(p.findall(qn("w:del"))) == 2 and len(p.findall(qn("w:ins"))) == 1


def test_a_change_inside_someone_elses_insertion_stays_valid():
    p = _para(R("The ") + '<w:ins w:id="7" w:author="Drafter" w:date="2026-01-01T00:00:00Z">' + R("Minister may") + "</w:ins>" + R(" act."))
    ooxml.track_replacement(p, 13, 16, "shall", stamp(_body("")))
    assert ooxml.paragraph_text(p) == "The Minister shall act."
    # no insertion inside another: ours sits beside the drafter's, whose words stay theirs
    assert not p.findall(f".//{qn('w:ins')}//{qn('w:ins')}")
    drafter = p.find(qn("w:ins"))
    assert drafter.get(qn("w:author")) == "Drafter" and drafter.find(qn("w:del")) is not None


@pytest.mark.parametrize("offset, text, expected", [
    (0, "Every ", "Every exporter shall"),
    (8, ", broker", "exporter, broker shall"),
    (14, " always", "exporter shall always"),
])
def test_an_insertion_goes_exactly_at_its_offset(offset, text, expected):
    p = _para(R("exporter", "<w:b/>") + R(" shall"))
    ins, same = ooxml.track_insertion(p, offset, text, stamp())
    assert ins is same and ins.tag == qn("w:ins")
    assert ooxml.paragraph_text(p) == expected
    assert ooxml.paragraph_original_text(p) == "exporter shall"


def test_new_paragraphs_vanish_on_rejection_and_keep_their_neighbours_formatting():
    doc = _body(f'<w:p><w:pPr><w:pStyle w:val="Body"/><w:keepNext/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
                f'<w:spacing w:before="120"/></w:pPr>{R("(1) One.", "<w:i/>")}</w:p>'
                f'<w:p>{R("Next.")}</w:p><w:sectPr/>')
    first, following = ooxml.body_paragraphs(doc)
    new = ooxml.insert_tracked_paragraphs(first, [("(2) Two.", first, True), ("(3) Three.", first, True)], stamp(doc))
    texts = [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(doc)]
    assert texts == ["(1) One.", "(2) Two.", "(3) Three.", "Next."]
    assert ooxml.document_text(doc, accepted=False) == "(1) One.\nNext.\n"
    assert ooxml.document_text(doc, accepted=True) == "(1) One.\n(2) Two.\n(3) Three.\nNext.\n"
    for p in new:
        assert ooxml.paragraph_mark_inserted(p)
        assert p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "Body"
        ppr = p.find(qn("w:pPr"))
        assert ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")) == "0"  # typed marker, no number
        assert [etree.QName(el).localname for el in ppr] == ["pStyle", "keepNext", "numPr", "spacing", "rPr"]  # the schema's order
        assert b"<w:i" in _rpr(p.find(qn("w:ins")).find(qn("w:r")))
    assert not ooxml.paragraph_mark_inserted(following)


def test_new_paragraphs_at_the_end_of_the_body_shift_the_inserted_mark_back():
    doc = _body(f'<w:p>{R("Last.")}</w:p><w:sectPr/>')
    last = ooxml.body_paragraphs(doc)[0]
    ooxml.insert_tracked_paragraphs(last, [("New one.", last, False), ("New two.", last, False)], stamp(doc))
    assert ooxml.document_text(doc, accepted=False) == "Last.\n"
    assert ooxml.document_text(doc, accepted=True) == "Last.\nNew one.\nNew two.\n"
    assert ooxml.paragraph_mark_inserted(last)


def test_rejecting_our_changes_gives_the_text_back_and_leaves_the_drafters_changes():
    doc = _body(f'<w:p>{R("Every exporter may keep records for three years.")}</w:p>'
                f'<w:p><w:ins w:id="7" w:author="Drafter" w:date="2026-12-04T09:00:00Z">{R("Their words.")}</w:ins></w:p>'
                f'<w:p>{R("Last.")}</w:p><w:sectPr/>')
    first, theirs, last = ooxml.body_paragraphs(doc)
    ours = stamp(doc)
    ooxml.track_replacement(first, 15, 18, "shall", ours)
    ooxml.track_replacement(first, ooxml.paragraph_text(first).index("three"), ooxml.paragraph_text(first).index(" years"), "five", ours)
    ooxml.insert_tracked_paragraphs(last, [("(2) New.", last, False), ("(3) Newer.", last, False)], ours)
    assert ooxml.document_text(doc) == ("Every exporter shall keep records for five years.\nTheir words.\nLast.\n(2) New.\n"
                                        "(3) Newer.\n")
    assert ooxml.reject_changes(doc, {("Someone else", STAMP_DATE)}) == 0
    assert ooxml.reject_changes(doc, {("Anna Berg", STAMP_DATE)}) > 0
    # exactly the text before our changes, the drafter's insertion still pending
    assert ooxml.document_text(doc) == "Every exporter may keep records for three years.\nTheir words.\nLast.\n"
    assert ooxml.document_text(doc, accepted=False) == "Every exporter may keep records for three years.\n\nLast.\n"
    assert [c.author for c in ooxml.pending_changes(doc)] == ["Drafter"]
    assert not ooxml.paragraph_mark_inserted(ooxml.body_paragraphs(doc)[-1])


def test_revision_ids_do_not_clash_with_those_in_the_file():
    doc = _body(f'<w:p><w:ins w:id="41" w:author="x">{R("a")}</w:ins>{R(" b")}</w:p>')
    s = stamp(doc)
    first, last = ooxml.track_replacement(ooxml.body_paragraphs(doc)[0], 2, 3, "c", s)
    assert {first.get(qn("w:id")), last.get(qn("w:id"))} == {"42", "43"}


def test_pending_changes_lists_text_and_paragraph_marks():
    doc = _body(f'<w:p>{R("a ")}</w:p>')
    p = ooxml.body_paragraphs(doc)[0]
    ooxml.track_insertion(p, 2, "b", stamp(doc))
    ooxml.insert_tracked_paragraphs(p, [("c", p, False)], stamp(doc))
    changes = ooxml.pending_changes(doc)
    assert {(c.kind, c.text) for c in changes} == {("insertion", "b"), ("insertion", "c"), ("paragraph", "")}
    assert {(c.author, c.date) for c in changes} == {("Anna Berg", STAMP_DATE)}


# --- comments, threads, record -------------------------------------------------------------------


def small_document():
    word = docx.Document()
    word.add_paragraph("Section 1. Records")
    word.add_paragraph("(1) Every exporter may keep records for three years.")
    return word


def saved(word) -> docx.Document:
    out = io.BytesIO()
    word.save(out)
    return docx.Document(io.BytesIO(out.getvalue()))


def add(word, text, author, first, last):
    comment = word.comments.add_comment(text=text, author=author, initials=author[:2].upper())
    ooxml.mark_comment_range(first, last, comment.comment_id)
    return comment.comment_id


def test_threads_and_resolved_comments_are_written_as_word_does():
    word = small_document()
    p = ooxml.body_paragraphs(word.element)[1]
    runs = ooxml.isolate_runs(p, 18, 21)
    parent = add(word, "Use “shall”.", "Anna Berg", runs[0], runs[-1])
    reply = add(word, "Agreed.", "Ben Okafor", runs[0], runs[-1])
    other = add(word, "Old remark.", "Anna Berg", runs[0], runs[-1])
    ooxml.set_comment_date(word, reply, "2026-12-02T08:00:00Z")
    ooxml.write_comment_threads(word, [(parent, None, False), (reply, parent, False), (other, None, True)])
    back = saved(word)
    assert [c.text for c in back.comments] == ["Use “shall”.", "Agreed.", "Old remark."]  # python-docx reads them all
    comments = {c.text: c for c in ooxml.read_comments(back)}
    threads = ooxml.read_comment_threads(back)
    assert threads[comments["Agreed."].para_id] == (comments["Use “shall”."].para_id, False)
    assert threads[comments["Old remark."].para_id] == ("", True)
    assert comments["Agreed."].date == "2026-12-02T08:00:00Z"
    ids = [c.para_id for c in comments.values()]
    assert len(set(ids)) == 3 and all(int(i, 16) < 0x80000000 for i in ids)
    parts = {str(part.partname): part for part in back.part.package.iter_parts()}
    assert {"/word/commentsExtended.xml", "/word/commentsIds.xml"} <= set(parts)
    durable = etree.fromstring(parts["/word/commentsIds.xml"].blob)
    assert len(durable) == 3
    assert parts["/word/commentsExtended.xml"].content_type.endswith("commentsExtended+xml")
    positions = ooxml.comment_positions(back.element)
    assert positions[comments["Agreed."].id] == ((1, 18), (1, 21))


def test_threads_already_in_a_file_are_kept():
    word = small_document()
    p = ooxml.body_paragraphs(word.element)[1]
    first = add(word, "Earlier.", "Ministry", p[0], p[0])
    ooxml.write_comment_threads(word, [(first, None, True)])
    word = saved(word)
    p = ooxml.body_paragraphs(word.element)[1]
    second = add(word, "Later.", "Anna Berg", p[0], p[0])
    ooxml.write_comment_threads(word, [(second, None, False)])
    back = saved(word)
    threads = ooxml.read_comment_threads(back)
    by_text = {c.text: c.para_id for c in ooxml.read_comments(back)}
    assert threads[by_text["Earlier."]] == ("", True) and threads[by_text["Later."]] == ("", False)


def test_the_record_travels_in_a_custom_xml_part():
    word = small_document()
    ns = "urn:example:record"
    ooxml.write_custom_xml(word, f'<record xmlns="{ns}"><item a="1"/></record>'.encode(), ns)
    back = saved(word)
    root = ooxml.read_custom_xml(back, ns)
    assert root is not None and root[0].get("a") == "1"
    assert ooxml.read_custom_xml(back, "urn:example:other") is None
    ooxml.write_custom_xml(back, f'<record xmlns="{ns}"><item a="2"/></record>'.encode(), ns)  # replaced, not added
    again = saved(back)
    assert ooxml.read_custom_xml(again, ns)[0].get("a") == "2"
    assert sum(1 for part in again.part.package.iter_parts() if str(part.partname).startswith("/customXml/item")) == \
        sum(1 for part in back.part.package.iter_parts() if str(part.partname).startswith("/customXml/item"))
