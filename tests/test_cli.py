"""The command line, run as a user would: `python -m drafting ...` in a new process."""

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "drafting", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=env)


def test_parse_writes_the_tree(tmp_path, reg_2021_821):
    out = tmp_path / "tree.json"
    run = cli("parse", reg_2021_821, "--json", out)
    assert run.returncode == 0, run.stderr
    tree = json.loads(out.read_text())
    articles = [p for part in tree["provisions"] for p in part["children"] if p["kind"] == "article"]
    assert [a["label"] for a in articles] == [f"Article {n}" for n in range(1, 33)]
    assert {"id", "label", "kind", "heading", "text", "children"} <= set(articles[0])


def test_compare_writes_every_output(tmp_path, demo_docx):
    outs = {k: tmp_path / f"out.{k}" for k in ("json", "docx", "csv")}
    report = tmp_path / "report.docx"
    run = cli("compare", demo_docx, "--json", outs["json"], "--docx", outs["docx"], "--csv", outs["csv"], "--report", report)
    assert run.returncode == 0, run.stderr
    data = json.loads(outs["json"].read_text())
    assert set(data) >= {"model", "draft", "alignments", "national_only"}
    findings = [f for a in data["alignments"] for f in a["findings"]]
    assert {"kind", "severity", "message"} <= set(findings[0])
    assert len(docx.Document(outs["docx"]).comments) == len([f for f in findings if f["kind"] != "wording"])
    assert "Brokering is missing" in run.stdout
    assert outs["csv"].read_text().startswith("finding_id,")
    assert docx.Document(report).paragraphs[0].text == "Comparison report"



def test_compare_suggest_puts_every_fix_into_the_word_file(tmp_path, demo_docx):
    from drafting import ooxml

    out = tmp_path / "suggested.docx"
    run = cli("compare", demo_docx, "--docx", out, "--suggest", "--author", "Anna Berg")
    assert run.returncode == 0, run.stderr
    word = docx.Document(out)
    marks = list(word.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins"))
    assert marks and {m.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}author") for m in marks} == {"Anna Berg"}
    accepted = ooxml.document_text(word.element)
    assert "The Controller shall require an applicant" in accepted and "retained for at least five years" in accepted
    assert ooxml.document_text(word.element, accepted=False) == ooxml.document_text(docx.Document(demo_docx).element)
    plain = tmp_path / "plain.docx"
    assert cli("compare", demo_docx, "--docx", plain).returncode == 0
    assert not list(docx.Document(plain).element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins"))


def test_suggest_without_a_word_file_is_refused(demo_docx, tmp_path):
    run = cli("compare", demo_docx, "--suggest", "--json", tmp_path / "out.json")
    assert run.returncode == 2 and run.stderr.strip() == "error: --suggest puts the suggested wording into the Word file: give it with --docx OUT."
    assert not (tmp_path / "out.json").exists()

def test_an_official_act_as_the_model(tmp_path, reg_2021_821, reg_428_2009):
    out = tmp_path / "old-new.json"
    run = cli("compare", reg_428_2009, "--model", reg_2021_821, "--json", out)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    labels = {a["model"]["label"] for a in data["alignments"]}
    assert "Article 27(3)" in labels


def test_align_labels_are_the_printed_citations(tmp_path, northland, reg_2021_821):
    out = tmp_path / "align.json"
    run = cli("align", "--draft", northland, "--model", reg_2021_821, "--json", out)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    pair = next(a for a in data["alignments"] if a["model"]["label"] == "Article 27(3)")
    assert pair["draft"][0]["label"] == "Section 26(c)" and pair["score"] > 0 and pair["reasons"]


def test_model_law_commands(tmp_path):
    run = cli("model-law", "--docx", tmp_path / "model.docx")
    assert run.returncode == 0 and (tmp_path / "model.docx").exists()
    run = cli("model-law", "--check", ROOT / "model_laws" / "eu_aligned_model_law.yaml")
    assert run.returncode == 0 and "valid" in run.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: drafting-model-set/1\nid: x\ntitle: x\nprovisions:\n  - kind: section\n    number: '1'\n    text: x\n"
                   "    requires: {actors: [nobody]}\n", encoding="utf-8")
    run = cli("model-law", "--check", bad)
    assert run.returncode == 2 and "bad.yaml, Section 1" in run.stderr and "nobody" in run.stderr


@pytest.mark.parametrize("name, content, words", [
    ("empty.docx", b"", "empty"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "damaged"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
    ("notes.xlsx", b"PK\x03\x04", "spreadsheet"),
])
def test_bad_files_get_one_sentence_and_status_2(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    run = cli("compare", path)
    assert run.returncode == 2
    assert run.stderr.startswith("error: ") and words in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_missing_file_and_unknown_model(tmp_path, demo_docx):
    run = cli("compare", tmp_path / "nowhere.docx")
    assert run.returncode == 2 and "no file" in run.stderr
    run = cli("compare", demo_docx, "--model", "no-such-model")
    assert run.returncode == 2 and "eu-aligned-model" in run.stderr


def test_exports_never_overwrite_the_draft(tmp_path, demo_docx):
    copy = tmp_path / "bill.docx"
    copy.write_bytes(demo_docx.read_bytes())
    run = cli("compare", copy, "--docx", copy)
    assert run.returncode == 2 and "original is kept" in run.stderr
    assert copy.read_bytes() == demo_docx.read_bytes()


def test_review_commands(tmp_path, demo_docx):
    import os

    env = {**os.environ, "DRAFTING_DATA_DIR": str(tmp_path / "data")}
    from drafting.pipeline import compare_draft, read_draft_path
    from drafting.review import ReviewStore
    from drafting.review_session import start_review

    draft = read_draft_path(demo_docx)
    store = ReviewStore(tmp_path / "data" / "reviews.sqlite3")
    session = start_review(store, draft, compare_draft(draft).model, "Anna Berg")
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Please list brokering.", model_id="sec-1/sub-2")
    run = cli("review", "list", env=env)
    assert run.returncode == 0 and "annotations: 1" in run.stdout
    out = tmp_path / "reviewed.docx"
    run = cli("review", "export", session.review_id, "--docx", out, env=env)
    assert run.returncode == 0, run.stderr
    assert any(c.text == "Please list brokering." and c.author == "Anna Berg" for c in docx.Document(out).comments)
    run = cli("review", "backup", tmp_path / "backup.sqlite3", env=env)
    assert run.returncode == 0 and (tmp_path / "backup.sqlite3").exists()


def test_precedents_prints_the_closest_provisions_and_keeps_the_index(tmp_path):
    import os

    from tests.conftest import shared_file

    national = shared_file("national")
    env = {**os.environ, "DRAFTING_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "precedents.json"
    run = cli("precedents", "Section 2(5)", "--corpus", national, "--top", "3", "--json", out, env=env)
    assert run.returncode == 0, run.stderr
    assert "index built" in run.stdout
    first = next(line for line in run.stdout.splitlines() if line.lstrip().startswith("1 "))
    assert "Section 22 \"brokering services\"" in first and "Ireland" in first and "brokering" in first
    assert "“[brokering services]” [means]" in run.stdout  # the shared words are marked in the snippet
    data = json.loads(out.read_text())
    assert data["model"]["provision"]["id"] == "sec-2/sub-5"
    assert [p["country"] for p in data["precedents"]][:2] == ["Ireland", "Malaysia"] and len(data["precedents"]) == 3
    assert {"rank", "country", "citation", "score", "words", "text", "highlights", "snippet"} <= set(data["precedents"][0])
    again = cli("precedents", "sec-2/sub-5", "--corpus", national, "--top", "3", env=env)
    assert again.returncode == 0 and "index read from disk" in again.stdout


def test_precedents_errors_are_one_sentence(tmp_path):
    run = cli("precedents", "Section 26", "--corpus", tmp_path)
    assert run.returncode == 2 and "Section 26(1)" in run.stderr and "Traceback" not in run.stderr
    run = cli("precedents", "Section 26(3)", "--corpus", tmp_path / "nowhere")
    assert run.returncode == 2 and "no folder of laws" in run.stderr


def test_review_commands_on_either_database(database, tmp_path, demo_docx):
    """`review list/backup/restore` on the database named by DRAFTING_DATABASE_URL (SQLite file or PostgreSQL)."""
    import os

    from drafting.pipeline import compare_draft, read_draft_path
    from drafting.review import ReviewStore
    from drafting.review_session import start_review

    env = {**os.environ, "DRAFTING_DATABASE_URL": database, "DRAFTING_DATA_DIR": str(tmp_path / "data")}
    draft = read_draft_path(demo_docx)
    store = ReviewStore(database)
    session = start_review(store, draft, compare_draft(draft).model, "Anna Berg")
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Please list brokering.", model_id="sec-1/sub-2")
    run = cli("review", "list", env=env)
    assert run.returncode == 0 and "annotations: 1" in run.stdout, run.stderr
    backup = tmp_path / "backup.sqlite3"
    run = cli("review", "backup", backup, env=env)
    assert run.returncode == 0 and backup.exists(), run.stderr
    assert ("pg_dump" in run.stdout) == (store.backend == "postgresql")
    store.annotate(session.review_id, session.version.id, "Anna Berg", "Written after the backup.")
    run = cli("review", "restore", backup, env=env)
    assert run.returncode == 0 and "previous database was saved" in run.stdout, run.stderr
    assert [a["text"] for a in store.annotations(session.review_id)] == ["Please list brokering."]
    run = cli("review", "--db", "postgresql://nobody:secret@127.0.0.1:9/none", "list", env=env)
    assert run.returncode == 2 and "cannot be reached" in run.stderr and "Traceback" not in run.stderr and "secret" not in run.stderr
    store.close()
