"""The review store: a real SQLite file that loses nothing."""

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
from drafting.review import ConflictError, ReviewStore
from drafting.review_session import add_draft_version, open_review, start_review

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def store(tmp_path):
    s = ReviewStore(tmp_path / "reviews.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="module")
def demo_comparison(demo_docx):
    draft = read_draft_path(demo_docx)
    return draft, compare_draft(draft)


def new_review(store, demo_comparison):
    draft, comparison = demo_comparison
    return start_review(store, draft, comparison.model, "Anna Berg", comparison=comparison)


def test_database_is_a_wal_file_with_migrations(store, demo_comparison):
    new_review(store, demo_comparison)
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.schema_version >= 1
    assert {"reviews", "draft_versions", "annotations", "annotation_history", "reviewers"} <= {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


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
    history = store.history(first)
    assert [h["text"] for h in history][:2] == ["Five years is the minimum.", "Five years is the minimum (ATT Art 12)."]
    assert [h["author"] for h in history] == ["Anna Berg", "Anna Berg", "Ben Okafor"]


def test_an_edit_based_on_an_old_revision_is_refused(store, demo_comparison):
    session = new_review(store, demo_comparison)
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "First text.", model_id="sec-1/sub-2")
    store.edit(note, "Ben Okafor", 1, text="Ben's text.")
    with pytest.raises(ConflictError) as err:
        store.edit(note, "Anna Berg", 1, text="Anna's late text.")
    assert err.value.current["text"] == "Ben's text."
    assert [h["text"] for h in store.history(note)] == ["First text.", "Ben's text."]


def test_empty_comment_and_unknown_status_are_refused(store, demo_comparison):
    session = new_review(store, demo_comparison)
    with pytest.raises(DraftingError, match="empty"):
        store.annotate(session.review_id, session.version.id, "Anna Berg", "   ")
    with pytest.raises(DraftingError, match="name"):
        store.annotate(session.review_id, session.version.id, "  ", "text")
    note = store.annotate(session.review_id, session.version.id, "Anna Berg", "ok")
    with pytest.raises(DraftingError, match="status"):
        store.set_status(note, "Anna Berg", "done")


def _writer(path: str, review_id: int, version_id: int, name: str, count: int) -> None:
    store = ReviewStore(path)
    for i in range(count):
        store.annotate(review_id, version_id, name, f"{name} note {i}", model_id=f"sec-{i % 7}/sub-1")
    store.close()


def test_concurrent_reviewers_lose_nothing(store, demo_comparison):
    session = new_review(store, demo_comparison)
    processes = [multiprocessing.Process(target=_writer, args=(str(store.path), session.review_id, session.version.id, f"Reviewer {k}", 40))
                 for k in range(4)]
    threads = [threading.Thread(target=_writer, args=(str(store.path), session.review_id, session.version.id, f"Thread {k}", 25))
               for k in range(3)]
    for job in processes + threads:
        job.start()
    for job in processes + threads:
        job.join(timeout=120)
    assert all(p.exitcode == 0 for p in processes)
    rows = store.annotations(session.review_id)
    assert len(rows) == 4 * 40 + 3 * 25
    assert len({a["text"] for a in rows}) == len(rows)


KILLER = """
import sys, time
from drafting.review import ReviewStore
store = ReviewStore(sys.argv[1])
review, version = int(sys.argv[2]), int(sys.argv[3])
i = 0
while True:
    store.annotate(review, version, "Writer", f"note {i}")
    print(i, flush=True)
    i += 1
"""


def test_a_killed_writer_loses_nothing_it_committed(store, demo_comparison, tmp_path):
    session = new_review(store, demo_comparison)
    script = tmp_path / "writer.py"
    script.write_text(KILLER, encoding="utf-8")
    survived = 0
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, str(script), str(store.path), str(session.review_id), str(session.version.id)],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        committed = -1
        deadline = time.time() + 30
        while committed < 20 + attempt * 7 and time.time() < deadline:
            line = proc.stdout.readline()
            if line.strip().isdigit():
                committed = int(line)
        proc.send_signal(signal.SIGKILL)  # in the middle of whatever write comes next
        proc.wait()
        texts = {a["text"] for a in store.annotations(session.review_id)}
        assert {f"note {i}" for i in range(committed + 1)} <= texts
        survived += committed + 1
        assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert survived >= 100


def test_new_version_carries_open_comments_and_lists_resolved_findings(store, demo_comparison, demo_docx):
    session = new_review(store, demo_comparison)
    number = next(f for f in session.comparison.findings() if f.kind == "number" and "three years" in f.message)
    unit = next(u for u in session.draft.document.units() if u.id == number.draft_id)
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Raise to five years.", target="span", model_id=number.model_id,
                   draft_id=unit.id, span=(number.draft_span.start, number.draft_span.end), quote=number.draft_span.text)
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Brokering must be listed.", target="pair", model_id="sec-1/sub-2")
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
    assert len(carried) == 2  # the resolved one stays behind
    carried_rows = store.annotations(session.review_id, new_session.version.id)
    assert {a["text"] for a in carried_rows} == {"Raise to five years.", "Brokering must be listed."}
    assert all(a["carried_from"] for a in carried_rows)
    resolved = store.resolved_findings(session.review_id)
    assert any(f["kind"] == "number" and "three years" in f["message"] for f in resolved)
    # the old version keeps its annotations
    assert len(store.annotations(session.review_id, session.version.id)) == 3


def test_reopening_a_review_recomputes_the_same_comparison(store, demo_comparison):
    session = new_review(store, demo_comparison)
    again = open_review(store, session.review_id)
    assert [f.id for f in again.comparison.findings()] == [f.id for f in session.comparison.findings()]
    _, _, stored = store.version_content(session.version.id)
    assert stored == json.loads(json.dumps(comparison_dict(session.comparison)))


def test_backup_and_restore(store, demo_comparison, tmp_path):
    session = new_review(store, demo_comparison)
    store.annotate(session.review_id, session.version.id, "Anna Berg", "kept in the backup")
    backup = store.backup(tmp_path / "backup.sqlite3")
    store.annotate(session.review_id, session.version.id, "Anna Berg", "written after the backup")
    safety = store.restore(backup)
    texts = {a["text"] for a in store.annotations(session.review_id)}
    assert texts == {"kept in the backup"}
    assert safety.exists()  # the database before the restore was saved
    assert "written after the backup" in {r[0] for r in sqlite3.connect(safety).execute("SELECT text FROM annotations")}
    garbage = tmp_path / "not-a-backup.sqlite3"
    garbage.write_bytes(b"hello")
    with pytest.raises(DraftingError, match="not a review database"):
        store.restore(garbage)
    with pytest.raises(DraftingError, match="over the database"):
        store.backup(store.path)
