"""The review store loses nothing, on SQLite and on PostgreSQL (the `database` fixture runs each test on both)."""

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from drafting.errors import DraftingError
from drafting.export.tables import comparison_dict
from drafting.pipeline import compare_draft, read_draft, read_draft_path
from drafting.review import ConflictError, PermissionDenied, ReviewStore
from drafting.review_db import head_revision
from drafting.review_session import add_draft_version, open_review, start_review

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def store(database):
    """A review store on SQLite and, when a test server is configured, on PostgreSQL."""
    s = ReviewStore(database)
    yield s
    s.close()


@pytest.fixture(scope="module")
def demo_comparison(demo_docx):
    draft = read_draft_path(demo_docx)
    return draft, compare_draft(draft)


def new_review(store, demo_comparison):
    draft, comparison = demo_comparison
    return start_review(store, draft, comparison.model, "Anna Berg", comparison=comparison)


def test_database_is_a_wal_file_with_migrations(tmp_path, demo_comparison):
    store = ReviewStore(tmp_path / "reviews.sqlite3")
    new_review(store, demo_comparison)
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.schema_version == int(head_revision()) >= 2
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert {"reviews", "draft_versions", "annotations", "annotation_history", "reviewers"} <= {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()


def test_the_schema_is_migrated_on_start(store):
    assert store.schema_version == int(head_revision())
    again = ReviewStore(_location(store))
    assert again.schema_version == store.schema_version  # a second start finds nothing to do
    again.close()


def test_annotate_reply_edit_and_history(store, demo_comparison):
    session = new_review(store, demo_comparison)
    finding = next(f for f in session.comparison.findings() if f.kind == "number")
    first = store.annotate(session.review_id, session.version.id, "Anna Berg", "Five years is the minimum.", target="finding",
                           model_id=finding.model_id, draft_id=finding.draft_id, finding_id=finding.id)
    reply = store.annotate(session.review_id, session.version.id, "Ben Okafor", "Agreed; see Art 27(3).", parent_id=first)
    revision = store.edit(first, "Anna Berg", 1, text="Five years is the minimum (ATT Art 12).")
    assert revision == 2
    store.set_status(first, "Ben Okafor", "accepted")
    rows = {a["id"]: a for a in store.annotations(session.review_id)}
    assert rows[first]["status"] == "accepted" and rows[first]["revision"] == 3
    assert rows[reply]["parent_id"] == first and rows[reply]["finding_id"] == finding.id
    assert rows[first]["source"] == rows[reply]["source"] == "app"
    history = store.history(first)
    assert [h["text"] for h in history][:2] == ["Five years is the minimum.", "Five years is the minimum (ATT Art 12)."]
    assert [h["author"] for h in history] == ["Anna Berg", "Anna Berg", "Ben Okafor"]
    assert [h["status"] for h in history] == ["open", "open", "accepted"]


def test_an_edit_based_on_an_old_revision_is_refused(store, demo_comparison):
    session = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "First text.", model_id="sec-1/sub-2")
    # Anna has the review open in two windows; both show revision 1
    store.edit(note, "Anna Berg", 1, text="Text from the first window.")
    with pytest.raises(ConflictError) as err:
        store.edit(note, "Anna Berg", 1, text="Text from the second window.")
    assert err.value.current["text"] == "Text from the first window." and err.value.current["revision"] == 2
    assert [h["text"] for h in store.history(note)] == ["First text.", "Text from the first window."]
    # a status change made meanwhile by someone else also makes the old revision outdated
    store.set_status(note, "Ben Okafor", "accepted")
    with pytest.raises(ConflictError):
        store.edit(note, "Anna Berg", 2, text="Too late again.")
    assert store.annotation(note)["text"] == "Text from the first window."


def test_only_the_author_changes_the_words_but_anyone_replies_or_sets_the_status(store, demo_comparison):
    session = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "Brokering is missing.", model_id="sec-1/sub-2",
                          suggestion="brokering services")
    before = store.annotation(note)
    with pytest.raises(PermissionDenied, match="Only Anna Berg") as err:
        store.edit(note, "Ben Okafor", 1, text="Brokering is fine.")
    assert isinstance(err.value, DraftingError) and "\n" not in str(err.value)
    with pytest.raises(PermissionDenied):
        store.edit(note, "Ben Okafor", 1, suggestion="no change needed")
    assert store.annotation(note) == before and len(store.history(note)) == 1
    # the same words with a new status are not a change of words
    assert store.edit(note, "Ben Okafor", 1, text="Brokering is missing.", status="accepted") == 2
    reply = store.annotate(session.review_id, session.version.id, "Ben Okafor", "Agreed.", parent_id=note)
    assert store.edit(reply, "Ben Okafor", 1, text="Agreed: add brokering to section 2.") == 2
    with pytest.raises(PermissionDenied, match="Only Ben Okafor"):
        store.edit(reply, "Anna Berg", 2, text="Changed by Anna.")
    store.set_status(note, "Chen Li", "resolved")
    assert store.annotation(note)["status"] == "resolved" and store.annotation(note)["text"] == "Brokering is missing."


def test_suggested_wording_is_kept_in_edits_and_history(store, demo_comparison):
    session = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "Use the model's term.", model_id="sec-2/sub-1",
                          suggestion="dual-use items")
    store.edit(note, "Anna Berg", 1, suggestion="dual-use items and technology")
    assert store.annotation(note)["suggestion"] == "dual-use items and technology"
    assert [h["suggestion"] for h in store.history(note)] == ["dual-use items", "dual-use items and technology"]
    assert [h["text"] for h in store.history(note)] == ["Use the model's term."] * 2
    only_wording = store.annotate(session.review_id, session.version.id, "Anna Berg", "", suggestion="shall", model_id="sec-3/sub-1")
    assert store.annotation(only_wording)["text"] == "" and store.annotation(only_wording)["suggestion"] == "shall"


def test_a_reply_imported_from_word_keeps_its_author_and_date(store, demo_comparison):
    session = new_review(store, demo_comparison)
    other = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "Why three years?", target="finding",
                          model_id="sec-4/sub-2", finding_id="f-1")
    reply = store.import_reply(session.review_id, session.version.id, note, "Drafting Unit", "Five years in the next version.",
                               "2025-03-01T14:30:00Z")
    row = store.annotation(reply)
    assert (row["author"], row["created_at"], row["source"]) == ("Drafting Unit", "2025-03-01T14:30:00.000+00:00", "word-import")
    assert (row["parent_id"], row["target"], row["finding_id"]) == (note, "finding", "f-1")
    assert store.history(reply)[0]["changed_at"] == "2025-03-01T14:30:00.000+00:00"
    # the same Word file imported twice keeps one copy
    assert store.import_reply(session.review_id, session.version.id, note, "Drafting Unit", "Five years in the next version.",
                              "2025-03-01T15:30:00+01:00") == reply
    assert len(store.annotations(session.review_id)) == 2
    with pytest.raises(DraftingError, match="replying to"):
        store.import_reply(other.review_id, other.version.id, note, "Drafting Unit", "Wrong review.", "2025-03-01T14:30:00Z")
    with pytest.raises(DraftingError, match="date"):
        store.import_reply(session.review_id, session.version.id, note, "Drafting Unit", "Bad date.", "first of March")
    with pytest.raises(DraftingError, match="empty"):
        store.import_reply(session.review_id, session.version.id, note, "Drafting Unit", "  ", "2025-03-01T14:30:00Z")
    with pytest.raises(PermissionDenied):
        store.edit(reply, "Anna Berg", 1, text="Not hers to change.")


def test_empty_comment_and_unknown_status_are_refused(store, demo_comparison):
    session = new_review(store, demo_comparison)
    with pytest.raises(DraftingError, match="empty"):
        store.annotate(session.review_id, session.version.id, "Anna Berg", "   ")
    with pytest.raises(DraftingError, match="name"):
        store.annotate(session.review_id, session.version.id, "  ", "text")
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "ok")
    with pytest.raises(DraftingError, match="status"):
        store.set_status(note, "Anna Berg", "done")
    with pytest.raises(DraftingError, match="emptied"):
        store.edit(note, "Anna Berg", 1, text=" ")
    with pytest.raises(DraftingError, match="no review number"):
        store.annotate(9999, session.version.id, "Anna Berg", "On a review that does not exist.")


# --- several writers at once ----------------------------------------------------------------------------


def _writer(location: str, review_id: int, version_id: int, name: str, count: int) -> None:
    store = ReviewStore(location)
    for i in range(count):
        store.annotate(review_id, version_id, name, f"{name} note {i}", model_id=f"sec-{i % 7}/sub-1")
    store.close()


def _location(store) -> str:
    return str(store.path) if store.path else store.url.render_as_string(hide_password=False)


def test_concurrent_reviewers_lose_nothing(store, demo_comparison):
    session = new_review(store, demo_comparison)
    args = (_location(store), session.review_id, session.version.id)
    processes = [multiprocessing.Process(target=_writer, args=(*args, f"Reviewer {k}", 100)) for k in range(4)]
    threads = [threading.Thread(target=_writer, args=(*args, f"Thread {k}", 25)) for k in range(3)]
    for job in processes + threads:
        job.start()
    for job in processes + threads:
        job.join(timeout=300)
    assert all(p.exitcode == 0 for p in processes)
    rows = store.annotations(session.review_id)
    assert len(rows) == 4 * 100 + 3 * 25
    assert {a["text"] for a in rows} == {f"Reviewer {k} note {i}" for k in range(4) for i in range(100)} | {
        f"Thread {k} note {i}" for k in range(3) for i in range(25)}
    assert all(len(store.history(a["id"])) == 1 for a in rows[::25])


def _editor(location: str, annotation_id: int, worker: int, count: int, conflicts) -> None:
    """One of several windows editing the same comment: on a conflict, read it again and redo the edit."""
    store = ReviewStore(location)
    for i in range(count):
        while True:
            revision = store.annotation(annotation_id)["revision"]
            try:
                store.edit(annotation_id, "Anna Berg", revision, text=f"worker {worker} edit {i}")
                break
            except ConflictError:
                with conflicts.get_lock():
                    conflicts.value += 1
        if i % 10 == 9:  # and now and then someone else changes the status
            store.set_status(annotation_id, f"Reviewer {worker}", "accepted" if i % 20 == 9 else "open")
    store.close()


def test_concurrent_edits_of_one_comment_lose_nothing(store, demo_comparison):
    session = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "The first words.", model_id="sec-1/sub-2")
    conflicts = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=_editor, args=(_location(store), note, k, 100, conflicts)) for k in range(4)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=600)
    assert all(p.exitcode == 0 for p in processes)
    history = store.history(note)
    assert store.annotation(note)["revision"] == len(history) == 1 + 4 * 100 + 4 * 10
    assert [h["revision"] for h in history] == list(range(1, len(history) + 1))
    texts = [h["text"] for h in history if h["author"] == "Anna Berg"]
    assert sorted(texts[1:]) == sorted(f"worker {k} edit {i}" for k in range(4) for i in range(100))  # each edit once
    assert {h["author"] for h in history} == {"Anna Berg"} | {f"Reviewer {k}" for k in range(4)}
    assert sum(h["author"] == f"Reviewer {k}" for h in history for k in range(4)) == 40
    print(f"{conflicts.value} edits were refused as outdated and redone")


KILLER = """
import sys, time
from drafting.review import ReviewStore
store = ReviewStore(sys.argv[1])
review, version, run = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
i = 0
while True:
    store.annotate(review, version, "Writer", f"run {run} note {i}")
    print(i, flush=True)
    i += 1
"""


def test_a_killed_writer_loses_nothing_it_committed(store, demo_comparison, tmp_path):
    session = new_review(store, demo_comparison)
    script = tmp_path / "writer.py"
    script.write_text(KILLER, encoding="utf-8")
    survived = 0
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, str(script), _location(store), str(session.review_id), str(session.version.id),
                                 str(attempt)],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        committed = -1
        deadline = time.time() + 30
        while committed < 20 + attempt * 7 and time.time() < deadline:
            line = proc.stdout.readline()
            if line.strip().isdigit():
                committed = int(line)
        proc.send_signal(signal.SIGKILL)  # in the middle of whatever write comes next
        proc.wait()
        texts = [a["text"] for a in store.annotations(session.review_id)]
        assert {f"run {attempt} note {i}" for i in range(committed + 1)} <= set(texts)
        assert len(texts) == len(set(texts))  # nothing half-written or doubled
        survived += committed + 1
        if store.path:
            assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the next writer is not blocked by anything the killed one held
        store.annotate(session.review_id, session.version.id, "Anna Berg", f"after kill {attempt}")
    assert survived >= 100


def test_new_version_carries_open_comments_and_lists_resolved_findings(store, demo_comparison, demo_docx):
    session = new_review(store, demo_comparison)
    number = next(f for f in session.comparison.findings() if f.kind == "number" and "three years" in f.message)
    unit = next(u for u in session.draft.document.units() if u.id == number.draft_id)
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Raise to five years.", target="span", model_id=number.model_id,
                   draft_id=unit.id, span=(number.draft_span.start, number.draft_span.end), quote=number.draft_span.text)
    brokering = store.annotate(session.review_id, session.version.id, "Anna Berg", "Brokering must be listed.", target="pair",
                               model_id="sec-1/sub-2", suggestion="export, brokering and transit")
    store.import_reply(session.review_id, session.version.id, brokering, "Drafting Unit", "We will list it.", "2025-03-01T14:30:00Z")
    closed = store.annotate(session.review_id, session.version.id, "Anna Berg", "Fine as it is.", model_id="sec-3/sub-1")
    store.set_status(closed, "Anna Berg", "resolved")
    # the drafters fix the retention period in their next version
    import docx as python_docx
    import io
    word = python_docx.Document(io.BytesIO(session.draft.data))
    for p in word.paragraphs:
        for run in p.runs:
            if "three years" in run.text:
                run.text = run.text.replace("three years", "five years")
    out = io.BytesIO()
    word.save(out)
    new_draft = read_draft(out.getvalue(), "demo_draft_v2.docx")
    new_session, carried = add_draft_version(session, new_draft, "Anna Berg")
    assert new_session.version.version == 2
    assert len(carried) == 3  # the resolved one stays behind
    carried_rows = store.annotations(session.review_id, new_session.version.id)
    assert {a["text"] for a in carried_rows} == {"Raise to five years.", "Brokering must be listed.", "We will list it."}
    assert all(a["carried_from"] for a in carried_rows)
    by_text = {a["text"]: a for a in carried_rows}
    assert by_text["Brokering must be listed."]["suggestion"] == "export, brokering and transit"
    reply = by_text["We will list it."]
    assert reply["parent_id"] == by_text["Brokering must be listed."]["id"]
    assert (reply["author"], reply["source"], reply["created_at"]) == ("Drafting Unit", "word-import", "2025-03-01T14:30:00.000+00:00")
    resolved = store.resolved_findings(session.review_id)
    assert any(f["kind"] == "number" and "three years" in f["message"] for f in resolved)
    # the old version keeps its annotations
    assert len(store.annotations(session.review_id, session.version.id)) == 4


def test_reopening_a_review_recomputes_the_same_comparison(store, demo_comparison):
    session = new_review(store, demo_comparison)
    again = open_review(store, session.review_id)
    assert [f.id for f in again.comparison.findings()] == [f.id for f in session.comparison.findings()]
    _, _, stored = store.version_content(session.version.id)
    assert stored == json.loads(json.dumps(comparison_dict(session.comparison)))


def test_backup_and_restore(store, demo_comparison, data_dir):
    session = new_review(store, demo_comparison)
    store.annotate(session.review_id, session.version.id, "Anna Berg", "kept in the backup", suggestion="shall")
    backup = store.backup(data_dir / "backup.sqlite3")
    assert not Path(str(backup) + ".partial").exists() and not Path(str(backup) + "-wal").exists()
    assert sqlite3.connect(backup).execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    store.annotate(session.review_id, session.version.id, "Anna Berg", "written after the backup")
    safety = store.restore(backup)
    rows = store.annotations(session.review_id)
    assert [(a["text"], a["suggestion"]) for a in rows] == [("kept in the backup", "shall")]
    assert store.version_content(session.version.id)[1] == session.draft.data
    assert safety.exists()  # the database before the restore was saved
    assert "written after the backup" in {r[0] for r in sqlite3.connect(safety).execute("SELECT text FROM annotations")}
    after = store.annotate(session.review_id, session.version.id, "Anna Berg", "written after the restore")
    assert after > rows[0]["id"]  # new rows continue after the restored ones
    garbage = data_dir / "not-a-backup.sqlite3"
    garbage.write_bytes(b"hello")
    with pytest.raises(DraftingError, match="not a review database"):
        store.restore(garbage)
    if store.path:
        with pytest.raises(DraftingError, match="over the database"):
            store.backup(store.path)


def test_a_laptop_database_moves_to_the_team_server(store, demo_comparison, tmp_path, data_dir):
    laptop = ReviewStore(tmp_path / "laptop" / "reviews.sqlite3")
    session = new_review(laptop, demo_comparison)
    note = laptop.annotate(session.review_id, session.version.id, "Anna Berg", "Brokering is missing.", model_id="sec-1/sub-2")
    laptop.edit(note, "Anna Berg", 1, text="Brokering is missing from section 2.")
    laptop.set_status(note, "Ben Okafor", "accepted")
    safety = store.restore(laptop.backup(tmp_path / "move.sqlite3"))
    assert safety.parent == (store.path.parent if store.path else data_dir)  # never in the project folder during tests
    assert store.reviews() == laptop.reviews()
    assert store.annotations(session.review_id) == laptop.annotations(session.review_id)
    assert store.history(note) == laptop.history(note)
    laptop.close()


def test_a_database_that_cannot_be_reached_is_one_sentence(tmp_path):
    with pytest.raises(DraftingError, match="cannot be reached") as err:
        ReviewStore("postgresql://nobody:secret@127.0.0.1:9/reviews")  # nothing listens on port 9
    assert "secret" not in str(err.value)
    with pytest.raises(DraftingError, match="SQLite or PostgreSQL"):
        ReviewStore("mysql://nobody@127.0.0.1/reviews")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DraftingError, match="cannot be opened"):
        ReviewStore(bad)
