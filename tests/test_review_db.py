"""The review database's migrations: a SQLite file made before Alembic is adopted without loss."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from drafting.errors import DraftingError
from drafting.review import ReviewStore
from drafting.review_db import create_engine, database_url, head_revision, migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_SCHEMA = (FIXTURES / "review_schema_v1.sql").read_text(encoding="utf-8")
T1, T2, T3 = "2025-01-10T09:00:00.000+00:00", "2025-01-11T10:30:00.000+00:00", "2025-02-03T16:45:12.345+00:00"
CONTENT_1 = b"PK\x03\x04 first draft \x00\xff\xfe bytes"
CONTENT_2 = b"PK\x03\x04 second draft \x00\x01"

OLD_ROWS = {
    "reviewers": [(1, "Anna Berg", "AB", T1), (2, "Ben Okafor", "BO", T2), (3, "Zoë Ürgüp-Çelik", "ZÜ", T3)],
    "reviews": [(1, "Strategic Goods (Control) Bill", "eu-aligned-model", "EU-aligned model law", T1, 1),
                (2, "Second bill", "/models/own.yaml", "", T3, None)],
    "draft_versions": [
        (1, 1, 1, "bill.docx", hashlib.sha256(CONTENT_1).hexdigest(), CONTENT_1, '{"alignments": [], "national_only": []}', T1, 1),
        (2, 1, 2, "bill_v2.docx", hashlib.sha256(CONTENT_2).hexdigest(), CONTENT_2, '{"alignments": []}', T3, 2),
        (3, 2, 1, "second.pdf", hashlib.sha256(b"%PDF").hexdigest(), b"%PDF", "{}", T3, 3),
    ],
    "annotations": [
        (1, 1, 1, None, "finding", "sec-4/sub-2", "s12", "f-3a9c", None, None, "", "accepted", "Five years is the minimum.", 1, T1, T2, 2, None),
        (2, 1, 1, 1, "finding", "sec-4/sub-2", "s12", "f-3a9c", None, None, "", "open", "Agreed; see Art 27(3).", 2, T2, T2, 1, None),
        (3, 1, 1, None, "span", "sec-1/sub-2", "s3", "", 14, 25, "three years", "open", "Raise to five years.", 1, T2, T2, 1, None),
        (4, 1, 2, None, "span", "sec-1/sub-2", "s3", "", 14, 25, "three years", "open", "Raise to five years.", 1, T2, T3, 1, 3),
        (5, 1, 1, None, "pair", "sec-3/sub-1", "", "", None, None, "", "resolved", "Fine as it is.\nSecond line; 'quoted'.", 3, T2, T3, 3, None),
        (6, 2, 3, None, "provision", "", "s1", "", None, None, "", "rejected", "Not needed.", 3, T3, T3, 1, None),
    ],
    "annotation_history": [
        (1, 1, 1, "Five years is the minimum.", "open", 1, T1),
        (2, 2, 1, "Agreed; see Art 27(3).", "open", 2, T2),
        (3, 1, 2, "Five years is the minimum.", "accepted", 2, T2),
        (4, 3, 1, "Raise to five years.", "open", 1, T2),
        (5, 4, 1, "Raise to five years.", "open", 1, T3),
        (6, 5, 1, "Fine", "open", 3, T2),
        (7, 5, 2, "Fine as it is.\nSecond line; 'quoted'.", "open", 3, T2),
        (8, 5, 3, "Fine as it is.\nSecond line; 'quoted'.", "resolved", 3, T3),
        (9, 6, 1, "Not needed.", "rejected", 3, T3),
    ],
}


def old_database(path: Path, user_version: int = 1) -> Path:
    """A review database as the numbered migrations made it (their frozen DDL), with the rows above."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(OLD_SCHEMA)
    db.execute(f"PRAGMA user_version = {user_version}")
    for table, rows in OLD_ROWS.items():
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    db.commit()
    db.close()
    return path


def table_rows(path: Path, table: str, columns: list[str] | None = None) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        names = ", ".join(columns) if columns else "*"
        return db.execute(f"SELECT {names} FROM {table} ORDER BY id").fetchall()
    finally:
        db.close()


def old_columns(table: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.executescript(OLD_SCHEMA)
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def schema(path: Path) -> dict:
    """What SQLite says about each review table: columns, foreign keys, indexes and their columns."""
    db = sqlite3.connect(path)
    out = {}
    for table in OLD_ROWS:
        # an INTEGER PRIMARY KEY is SQLite's rowid: never null, whether or not NOT NULL is written
        columns = [(name, kind, bool(notnull or pk), default, pk) for _, name, kind, notnull, default, pk
                   in db.execute(f"PRAGMA table_info({table})")]
        keys = sorted(r[2:5] for r in db.execute(f"PRAGMA foreign_key_list({table})"))
        indexes = sorted((bool(r[2]), tuple(c[2] for c in db.execute(f"PRAGMA index_info('{r[1]}')")))
                         for r in db.execute(f"PRAGMA index_list({table})"))
        out[table] = {"columns": columns, "foreign keys": keys, "indexes": indexes}
    db.close()
    return out


def test_a_database_made_before_alembic_is_upgraded_in_place_without_loss(tmp_path):
    path = old_database(tmp_path / "reviews.sqlite3")
    store = ReviewStore(path)
    assert store.schema_version == int(head_revision())
    for table, rows in OLD_ROWS.items():
        assert table_rows(path, table, old_columns(table)) == rows, table
    assert {r for r in table_rows(path, "annotations", ["suggestion", "source"])} == {("", "app")}
    assert {r for r in table_rows(path, "annotation_history", ["suggestion"])} == {("",)}
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == int(head_revision())
    assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    db.close()
    # the store reads and writes the adopted rows as its own
    assert store.version_content(1)[1] == CONTENT_1
    assert [(a["id"], a["author"]) for a in store.annotations(1, 1)] == [(1, "Anna Berg"), (2, "Ben Okafor"), (3, "Anna Berg"), (5, "Zoë Ürgüp-Çelik")]
    assert [h["revision"] for h in store.history(5)] == [1, 2, 3]
    assert store.edit(1, "Anna Berg", 2, text="Five years is the minimum (ATT Art 12).") == 3
    assert store.annotate(1, 2, "Ben Okafor", "A new note.") == 7
    assert [r["id"] for r in store.reviews()] == [2, 1]
    store.close()
    again = ReviewStore(path)  # a second start changes nothing
    assert len(again.annotations(1)) == 6 and again.schema_version == int(head_revision())
    again.close()


def test_the_first_revision_is_the_schema_of_the_numbered_migrations(tmp_path):
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old)
    db.executescript(OLD_SCHEMA)
    db.close()
    new = tmp_path / "new.sqlite3"
    engine = create_engine(database_url(new))
    migrate(engine, "0001")
    engine.dispose()
    assert schema(new) == schema(old)
    for path in (old, new):  # the same checks refuse the same values
        db = sqlite3.connect(path)
        db.execute("INSERT INTO reviewers VALUES (1, 'Anna Berg', 'AB', 'now')")
        db.execute("INSERT INTO reviews VALUES (1, 't', 'm', '', 'now', 1)")
        db.execute("INSERT INTO draft_versions VALUES (1, 1, 1, 'f', 'h', x'00', '{}', 'now', 1)")
        for column, value in (("target", "page"), ("status", "done")):
            values = {"target": "pair", "status": "open", column: value}
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                db.execute("INSERT INTO annotations (review_id, version_id, target, status, text, author_id, created_at, updated_at)"
                           " VALUES (1, 1, ?, ?, 'x', 1, 'now', 'now')", (values["target"], values["status"]))
        db.close()


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path):
    upgraded = old_database(tmp_path / "old.sqlite3")
    ReviewStore(upgraded).close()
    new = tmp_path / "new.sqlite3"
    ReviewStore(new).close()
    assert schema(upgraded) == schema(new)
    assert "suggestion" in [c[0] for c in schema(new)["annotations"]["columns"]]


def test_an_old_backup_is_restored_on_either_backend(database, data_dir, tmp_path):
    old = old_database(tmp_path / "old-backup.sqlite3")
    before = old.read_bytes()
    store = ReviewStore(database)
    store.restore(old)
    assert old.read_bytes() == before  # the backup file itself is not migrated
    assert [(a["id"], a["text"], a["source"]) for a in store.annotations(1, 2)] == [(4, "Raise to five years.", "app")]
    assert store.version_content(2)[1] == CONTENT_2
    assert [h["text"] for h in store.history(5)] == [row[3] for row in OLD_ROWS["annotation_history"] if row[1] == 5]
    assert store.annotate(1, 2, "Anna Berg", "After the restore.") == 7
    store.close()


def test_a_database_of_an_unknown_schema_is_left_alone(tmp_path):
    path = old_database(tmp_path / "reviews.sqlite3", user_version=7)
    before = table_rows(path, "annotations")
    with pytest.raises(DraftingError, match="unknown schema"):
        ReviewStore(path)
    assert table_rows(path, "annotations") == before
    newer = tmp_path / "newer.sqlite3"
    ReviewStore(newer).close()
    db = sqlite3.connect(newer)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    db.close()
    with pytest.raises(DraftingError, match="newer version"):
        ReviewStore(newer)


def test_the_database_is_chosen_by_path_or_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DRAFTING_DATABASE_URL", raising=False)
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(tmp_path / "data"))
    assert database_url().database == str(tmp_path / "data" / "reviews.sqlite3")
    assert database_url(tmp_path / "x.sqlite3").database == str(tmp_path / "x.sqlite3")
    monkeypatch.setenv("DRAFTING_DATABASE_URL", "postgresql://team:pw@127.0.0.1:5432/reviews")
    url = database_url()
    assert (url.drivername, url.host, url.database) == ("postgresql+psycopg", "127.0.0.1", "reviews")
    assert database_url(tmp_path / "y.sqlite3").get_backend_name() == "sqlite"  # a path given wins over the environment
