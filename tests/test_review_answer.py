"""The drafters' answer brought into the review (`drafting.review_answer`): a reviewer accepts
findings and words one suggestion, exports the drafters' Word file, the drafters decide on the
tracked changes and reply, and the returned file is uploaded as the next version.

One test decides on the changes as Word stores decisions; the `office` test has LibreOffice
itself accept, reject, reply and save, and checks the review store afterwards."""

from __future__ import annotations

import pytest

from drafting.ingest.returned import read_returned_docx
from drafting.review import ReviewStore
from drafting.review_answer import receive_version
from drafting.review_session import export_bytes, start_review
from tests.test_returned import add_reply, decide, demo, finding  # noqa: F401 (demo is a fixture)

REVIEWER = "Anna Berg"


def unit_text(draft, unit_id: str) -> str:
    return next(u for u in draft.document.units() if u.id == unit_id).text()


def all_text(draft) -> str:
    return "\n".join(u.text() for u in draft.document.units())


@pytest.fixture()
def reviewed(tmp_path, demo):
    """A review in which Anna accepted seven findings, one with her own wording and a note;
    returns (store, session, the findings by name)."""
    draft, comparison = demo
    store = ReviewStore(tmp_path / "reviews.sqlite3")
    session = start_review(store, draft, comparison.model, REVIEWER, comparison=comparison)
    found = {
        "modality": finding(comparison, "sec-20/sub-1", "modality"),
        "number": finding(comparison, "sec-32/sub-4", "number"),
        "list": finding(comparison, "sec-1/sub-2", "list"),
        "gap24": finding(comparison, "sec-24/sub-1", "gap"),
        "gap24_2": finding(comparison, "sec-24/sub-2", "gap"),
        "gap24_3": finding(comparison, "sec-24/sub-3", "gap"),
        "gap48": finding(comparison, "sec-48/sub-1", "gap"),
    }
    for name, f in found.items():
        store.annotate(session.review_id, session.version.id, REVIEWER, "" if name != "number" else "Five years, as in Article 27.",
                       target="finding", model_id=f.model_id, draft_id=f.draft_id, finding_id=f.id, status="accepted",
                       suggestion="not less than five years" if name == "number" else "")
    yield store, session, found
    store.close()


def test_accepted_changes_resolve_rejected_ones_are_noted_and_undecided_ones_stay_out(reviewed):
    store, session, found = reviewed
    sent = export_bytes(session, "docx")
    returned = read_returned_docx(sent)
    assert {c.finding_id for c in returned.changes} == {f.id for f in found.values()}
    answer_file = decide(decide(decide(sent, found["modality"].id, True), found["list"].id, True), found["number"].id, False)

    new, _, answer = receive_version(session, answer_file, "demo_draft_returned.docx", REVIEWER)

    assert new.version.version == 2 and answer is not None
    old = {a["finding_id"]: a for a in store.annotations(session.review_id, session.version.id) if a["parent_id"] is None}
    assert old[found["modality"].id]["status"] == "resolved" and old[found["list"].id]["status"] == "resolved"
    assert old[found["number"].id]["status"] == "accepted"  # the reviewer's decision stays; the refusal is a note under it
    notes = [a for a in store.annotations(session.review_id, session.version.id) if a["parent_id"] == old[found["number"].id]["id"]]
    assert [n["text"] for n in notes] == ["The drafters rejected the suggested change “three years” → “not less than five years” "
                                          "(in demo_draft_returned.docx)."]
    assert [r.split(":")[0] for r in answer.resolved] == ["Section 20(1)", "Section 1(2)"]
    assert len(answer.rejected) == 1 and answer.rejected[0].startswith("Section 32(4): ")
    assert answer.pending == 4 and answer.replies == 0 and answer.comments == 0

    # The new version is the drafters' text: what they accepted is in it, what nobody decided on is not.
    assert unit_text(new.draft, found["modality"].draft_id).startswith("The Controller shall require an applicant")
    assert "transit, brokering services and transhipment" in unit_text(new.draft, found["list"].draft_id)
    assert "retained for three years" in unit_text(new.draft, found["number"].draft_id)
    text = all_text(new.draft)
    assert "Review of denials" not in text and "International cooperation" not in text  # not decided on
    assert "not less than five years" not in text
    new_findings = {f.id for f in new.comparison.findings()}
    assert found["modality"].id not in new_findings and found["list"].id not in new_findings
    assert {found[name].id for name in ("number", "gap24", "gap24_2", "gap24_3", "gap48")} <= new_findings
    # The refused suggestion, Anna's decision and the note carry over with the finding; the resolved ones stay behind.
    carried_rows = store.annotations(session.review_id, new.version.id)
    tops = {a["finding_id"]: a for a in carried_rows if a["parent_id"] is None}
    assert set(tops) == {found[name].id for name in ("number", "gap24", "gap24_2", "gap24_3", "gap48")}
    assert (tops[found["number"].id]["status"], tops[found["number"].id]["suggestion"]) == ("accepted", "not less than five years")
    assert [a["text"][:30] for a in carried_rows if a["parent_id"] == tops[found["number"].id]["id"]] == ["The drafters rejected the sugg"]


def test_a_plain_new_version_brings_no_answer(reviewed, demo):
    store, session, found = reviewed
    draft, _ = demo
    new, carried, answer = receive_version(session, draft.data, "demo_draft_v2.docx", REVIEWER)
    assert answer is None and new.version.version == 2
    assert len(carried) == len(found)  # the same findings: every decision carries over


def test_the_cli_stores_the_answer_as_the_next_version(reviewed, tmp_path, capsys):
    from drafting.cli import main

    store, session, found = reviewed
    exported = tmp_path / "sent.docx"
    assert main(["review", "--db", str(store.path), "export", str(session.review_id), "--docx", str(exported)]) == 0
    answer = tmp_path / "demo_draft_answer.docx"
    answer.write_bytes(add_reply(decide(exported.read_bytes(), found["modality"].id, True), found["modality"].id, "Done."))
    capsys.readouterr()
    assert main(["review", "--db", str(store.path), "add-version", str(session.review_id), str(answer), "--reviewer", REVIEWER]) == 0
    printed = capsys.readouterr().out
    assert f"Review {session.review_id}: version 2 stored" in printed
    assert "1 replies and 0 new comments imported; 1 suggested changes accepted (resolved), 0 rejected" in printed
    rows = store.annotations(session.review_id, session.version.id)
    thread = next(a for a in rows if a["finding_id"] == found["modality"].id and a["parent_id"] is None)
    assert thread["status"] == "resolved"
    assert [(a["author"], a["text"]) for a in rows if a["parent_id"] == thread["id"]] == [("Drafting Office", "Done.")]


@pytest.mark.office
def test_an_answer_written_in_libreoffice_comes_into_the_review(reviewed, tmp_path):
    """LibreOffice accepts the modality and list changes and section 24, rejects the number
    change and section 48, and the drafting office replies twice and comments once: every reply
    is in the store under the right finding with its author and date, and the right findings
    are resolved."""
    from tests.office_support import libreoffice_answer, require_uno

    require_uno()
    store, session, found = reviewed
    sent = export_bytes(session, "docx")
    replies = [
        {"to": f"Ref. {found['modality'].id}", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:30:00Z",
         "text": "Agreed: the Controller shall require it."},
        {"to": f"Ref. {found['number'].id}", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:31:00Z",
         "text": "Three years is national policy; we keep it."},
    ]
    new_comments = [{"on": "Strategic Trade Advisory Board", "author": "Drafting Office", "initials": "DO",
                     "date": "2026-12-05T09:35:00Z", "text": "We are renaming the Board."}]
    data = libreoffice_answer(sent, tmp_path, accept=["may", "shall", ", brokering services", "Review of denials\n(1) The Authority"],
                              reject=["three years", "not less than five years", "International cooperation\n(1) The Authority"],
                              replies=replies, new_comments=new_comments)

    new, _, answer = receive_version(session, data, "returned.docx", REVIEWER)

    rows = store.annotations(session.review_id, session.version.id)
    finding_of = {a["id"]: a["finding_id"] for a in rows if a["parent_id"] is None}
    imported = {(a["author"], a["created_at"][:19], a["text"], finding_of.get(a["parent_id"])) for a in rows if a["source"] == "word-import"}
    assert imported == {("Drafting Office", "2026-12-05T09:30:00", "Agreed: the Controller shall require it.", found["modality"].id),
                        ("Drafting Office", "2026-12-05T09:31:00", "Three years is national policy; we keep it.", found["number"].id)}
    assert answer.replies == 2 and answer.comments == 1
    status = {a["finding_id"]: a["status"] for a in rows if a["parent_id"] is None}
    # LibreOffice makes one change of a run of inserted paragraphs: section 24's three subsections go together.
    assert {fid for fid, s in status.items() if s == "resolved"} == {found[name].id for name in ("modality", "list", "gap24",
                                                                                                 "gap24_2", "gap24_3")}
    assert {fid for fid, s in status.items() if s == "accepted"} == {found["number"].id, found["gap48"].id}
    assert sorted(r.split(":")[0] for r in answer.rejected) == ["Section 32(4)", "Section 48(1)"]

    # The new version: section 24 is in the drafters' text now, section 48 is not; their comment sits on the Board.
    text = all_text(new.draft)
    assert "The Authority shall review every denia" in text and "International cooperation" not in text
    assert found["gap24"].id not in {f.id for f in new.comparison.findings()}
    board = [a for a in store.annotations(session.review_id, new.version.id) if a["text"] == "We are renaming the Board."]
    assert len(board) == 1 and (board[0]["author"], board[0]["source"]) == ("Drafting Office", "word-import")
    assert board[0]["quote"] == "Strategic Trade Advisory Board"
    assert "Strategic Trade Advisory Board" in unit_text(new.draft, board[0]["draft_id"])

    # Reading the same answer again adds no second copy of any reply.
    from drafting.ingest.returned import review_updates
    from drafting.review_answer import _import_answer

    count = sum(a["source"] == "word-import" for a in store.annotations(session.review_id, session.version.id))
    _import_answer(session, review_updates(read_returned_docx(data)), "returned.docx", REVIEWER)
    assert sum(a["source"] == "word-import" for a in store.annotations(session.review_id, session.version.id)) == count
