"""The review store: reviews, draft versions and annotations in SQLite.

A real database file (default `data/reviews.sqlite3` in the project folder, or
`$DRAFTING_DATA_DIR/reviews.sqlite3`), in WAL mode with full synchronisation, so that several
reviewers can write at once and a process killed in the middle of a write loses nothing that
was committed. Schema changes are numbered migrations (`PRAGMA user_version`).

Nothing is ever overwritten silently: every edit of an annotation is a new revision kept in
`annotation_history`, and an edit based on an outdated revision is refused (`ConflictError`)
so that two reviewers cannot erase each other's words. When the drafters send a new version,
open annotations are carried over to the matching provisions of the new version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from drafting.errors import DraftingError

STATUSES = ("open", "accepted", "rejected", "resolved")
TARGETS = ("pair", "finding", "provision", "span")

MIGRATIONS = [
    # 1: the first schema
    """
    CREATE TABLE reviewers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        initials TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        model_ref TEXT NOT NULL,
        model_title TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES reviewers(id)
    );
    CREATE TABLE draft_versions (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        version INTEGER NOT NULL,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL,
        comparison TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        uploaded_by INTEGER REFERENCES reviewers(id),
        UNIQUE (review_id, version)
    );
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        version_id INTEGER NOT NULL REFERENCES draft_versions(id),
        parent_id INTEGER REFERENCES annotations(id),
        target TEXT NOT NULL CHECK (target IN ('pair', 'finding', 'provision', 'span')),
        model_id TEXT NOT NULL DEFAULT '',
        draft_id TEXT NOT NULL DEFAULT '',
        finding_id TEXT NOT NULL DEFAULT '',
        span_start INTEGER,
        span_end INTEGER,
        quote TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected', 'resolved')),
        text TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES reviewers(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        carried_from INTEGER REFERENCES annotations(id)
    );
    CREATE INDEX annotations_by_version ON annotations (version_id);
    CREATE INDEX annotations_by_parent ON annotations (parent_id);
    CREATE TABLE annotation_history (
        id INTEGER PRIMARY KEY,
        annotation_id INTEGER NOT NULL REFERENCES annotations(id),
        revision INTEGER NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES reviewers(id),
        changed_at TEXT NOT NULL,
        UNIQUE (annotation_id, revision)
    );
    """,
]


class ConflictError(DraftingError):
    """An edit based on an outdated revision: someone else changed the annotation meanwhile."""

    def __init__(self, message: str, current: dict):
        super().__init__(message)
        self.current = current


def default_db_path() -> Path:
    base = os.environ.get("DRAFTING_DATA_DIR") or str(Path(__file__).resolve().parent.parent / "data")
    return Path(base) / "reviews.sqlite3"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Version:
    id: int
    review_id: int
    version: int
    filename: str
    sha256: str
    uploaded_at: str


class ReviewStore:
    """One SQLite file; safe to use from several threads (one connection each) and processes."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._write() as db:
            self._migrate(db)

    # --- connections ---------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.execute("PRAGMA foreign_keys=ON")
                db.execute("PRAGMA busy_timeout=30000")
            except sqlite3.DatabaseError as exc:
                raise DraftingError(f"The review database {self.path} cannot be opened ({exc}).") from exc
            self._local.db = db
        return db

    @contextmanager
    def _write(self):
        """A write transaction that waits for other writers instead of failing."""
        db = self._db()
        for attempt in range(50):
            try:
                db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        else:
            raise DraftingError("The review database is busy; please try again in a moment.")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _migrate(self, db: sqlite3.Connection) -> None:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS, start=1):
            if number > current:
                for statement in [s for s in script.split(";") if s.strip()]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self._db().execute("PRAGMA user_version").fetchone()[0]

    # --- reviewers and reviews -----------------------------------------------------------------------

    def reviewer(self, name: str, initials: str = "") -> int:
        name = " ".join((name or "").split())
        if not name:
            raise DraftingError("Enter your name first: every annotation records who wrote it.")
        initials = initials or "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:4]
        with self._write() as db:
            row = db.execute("SELECT id FROM reviewers WHERE name = ?", (name,)).fetchone()
            if row:
                return row["id"]
            return db.execute("INSERT INTO reviewers (name, initials, created_at) VALUES (?, ?, ?)", (name, initials, now())).lastrowid

    def create_review(self, title: str, model_ref: str, model_title: str, filename: str, content: bytes,
                      comparison: dict, reviewer: str) -> tuple[int, int]:
        """A new review with its first draft version; returns (review id, version id)."""
        author = self.reviewer(reviewer)
        with self._write() as db:
            review_id = db.execute(
                "INSERT INTO reviews (title, model_ref, model_title, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                (title or filename, model_ref, model_title, now(), author),
            ).lastrowid
            version_id = self._insert_version(db, review_id, 1, filename, content, comparison, author)
        return review_id, version_id

    def _insert_version(self, db, review_id: int, number: int, filename: str, content: bytes, comparison: dict, author: int) -> int:
        return db.execute(
            "INSERT INTO draft_versions (review_id, version, filename, sha256, content, comparison, uploaded_at, uploaded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (review_id, number, filename, hashlib.sha256(content).hexdigest(), content, json.dumps(comparison), now(), author),
        ).lastrowid

    def reviews(self) -> list[dict]:
        rows = self._db().execute(
            "SELECT r.*, (SELECT MAX(version) FROM draft_versions v WHERE v.review_id = r.id) AS versions,"
            " (SELECT COUNT(*) FROM annotations a WHERE a.review_id = r.id) AS annotations,"
            " (SELECT name FROM reviewers WHERE id = r.created_by) AS created_by_name"
            " FROM reviews r ORDER BY r.id DESC"
        ).fetchall()
        return [dict(r) for r in rows]

    def review(self, review_id: int) -> dict:
        row = self._db().execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise DraftingError(f"There is no review number {review_id}.")
        return dict(row)

    def versions(self, review_id: int) -> list[Version]:
        rows = self._db().execute(
            "SELECT id, review_id, version, filename, sha256, uploaded_at FROM draft_versions WHERE review_id = ? ORDER BY version",
            (review_id,),
        ).fetchall()
        return [Version(**dict(r)) for r in rows]

    def latest_version(self, review_id: int) -> Version:
        versions = self.versions(review_id)
        if not versions:
            raise DraftingError(f"Review {review_id} has no draft.")
        return versions[-1]

    def version_content(self, version_id: int) -> tuple[str, bytes, dict]:
        row = self._db().execute("SELECT filename, content, comparison FROM draft_versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise DraftingError(f"There is no draft version {version_id}.")
        return row["filename"], bytes(row["content"]), json.loads(row["comparison"])

    # --- annotations ------------------------------------------------------------------------------------

    def annotate(self, review_id: int, version_id: int, author: str, text: str, target: str = "pair", *, model_id: str = "",
                 draft_id: str = "", finding_id: str = "", span: tuple[int, int] | None = None, quote: str = "",
                 status: str = "open", parent_id: int | None = None) -> int:
        """Add an annotation (or a reply, with `parent_id`); returns its id."""
        text = (text or "").strip()
        if not text and status == "open":
            raise DraftingError("The comment is empty: write something before saving.")
        if target not in TARGETS:
            raise DraftingError(f"Unknown annotation target {target!r}.")
        if status not in STATUSES:
            raise DraftingError(f"Unknown status {status!r}: use open, accepted, rejected or resolved.")
        author_id = self.reviewer(author)
        stamp = now()
        with self._write() as db:
            if parent_id is not None:
                parent = db.execute("SELECT * FROM annotations WHERE id = ?", (parent_id,)).fetchone()
                if parent is None:
                    raise DraftingError("The comment you are replying to no longer exists.")
                target, model_id, draft_id, finding_id = parent["target"], parent["model_id"], parent["draft_id"], parent["finding_id"]
                span = (parent["span_start"], parent["span_end"]) if parent["span_start"] is not None else None
            annotation_id = db.execute(
                "INSERT INTO annotations (review_id, version_id, parent_id, target, model_id, draft_id, finding_id, span_start,"
                " span_end, quote, status, text, author_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (review_id, version_id, parent_id, target, model_id, draft_id, finding_id, span[0] if span else None,
                 span[1] if span else None, quote, status, text, author_id, stamp, stamp),
            ).lastrowid
            db.execute(
                "INSERT INTO annotation_history (annotation_id, revision, text, status, author_id, changed_at) VALUES (?, 1, ?, ?, ?, ?)",
                (annotation_id, text, status, author_id, stamp),
            )
        return annotation_id

    def edit(self, annotation_id: int, author: str, expected_revision: int, text: str | None = None, status: str | None = None) -> int:
        """Change the text or status of an annotation; the earlier revision stays in the history.

        Refused with `ConflictError` if someone changed it since `expected_revision`.
        Returns the new revision number.
        """
        if status is not None and status not in STATUSES:
            raise DraftingError(f"Unknown status {status!r}: use open, accepted, rejected or resolved.")
        author_id = self.reviewer(author)
        with self._write() as db:
            row = db.execute("SELECT * FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise DraftingError("That annotation no longer exists.")
            if row["revision"] != expected_revision:
                raise ConflictError(
                    "Someone else changed this annotation while you were editing it; your text was not saved over theirs. "
                    "Read the current version, then save your change again.",
                    dict(row),
                )
            new_text = row["text"] if text is None else text.strip()
            if not new_text:
                raise DraftingError("The comment cannot be emptied; reject or resolve it instead.")
            new_status = row["status"] if status is None else status
            revision = row["revision"] + 1
            stamp = now()
            db.execute("UPDATE annotations SET text = ?, status = ?, revision = ?, updated_at = ? WHERE id = ?",
                       (new_text, new_status, revision, stamp, annotation_id))
            db.execute(
                "INSERT INTO annotation_history (annotation_id, revision, text, status, author_id, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (annotation_id, revision, new_text, new_status, author_id, stamp),
            )
        return revision

    def set_status(self, annotation_id: int, author: str, status: str) -> int:
        """Accept, reject, resolve or reopen, whatever the current revision (a status change loses no words)."""
        row = self.annotation(annotation_id)
        for _ in range(5):
            try:
                return self.edit(annotation_id, author, row["revision"], status=status)
            except ConflictError as exc:
                row = exc.current
        raise DraftingError("The annotation keeps changing; please try again.")

    def annotation(self, annotation_id: int) -> dict:
        row = self._db().execute(
            "SELECT a.*, r.name AS author, r.initials AS initials FROM annotations a JOIN reviewers r ON r.id = a.author_id WHERE a.id = ?",
            (annotation_id,),
        ).fetchone()
        if row is None:
            raise DraftingError("That annotation no longer exists.")
        return dict(row)

    def annotations(self, review_id: int, version_id: int | None = None) -> list[dict]:
        """Annotations of a review (of one version if given), oldest first, with author names."""
        query = ("SELECT a.*, r.name AS author, r.initials AS initials FROM annotations a JOIN reviewers r ON r.id = a.author_id"
                 " WHERE a.review_id = ?")
        params: list = [review_id]
        if version_id is not None:
            query += " AND a.version_id = ?"
            params.append(version_id)
        return [dict(r) for r in self._db().execute(query + " ORDER BY a.id", params).fetchall()]

    def history(self, annotation_id: int) -> list[dict]:
        rows = self._db().execute(
            "SELECT h.*, r.name AS author FROM annotation_history h JOIN reviewers r ON r.id = h.author_id"
            " WHERE annotation_id = ? ORDER BY revision",
            (annotation_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    # --- new versions of the draft ----------------------------------------------------------------------

    def add_version(self, review_id: int, filename: str, content: bytes, comparison: dict, reviewer: str) -> tuple[int, list[int]]:
        """Store a new draft version and carry the open annotations of the previous one over to it.

        Returns the new version id and the ids of the carried annotations.
        """
        author = self.reviewer(reviewer)
        previous = self.latest_version(review_id)
        _, _, old_comparison = self.version_content(previous.id)
        old_annotations = self.annotations(review_id, previous.id)
        with self._write() as db:
            version_id = self._insert_version(db, review_id, previous.version + 1, filename, content, comparison, author)
            carried = self._carry_over(db, review_id, version_id, old_annotations, old_comparison, comparison)
        return version_id, carried

    def _carry_over(self, db, review_id: int, version_id: int, old: list[dict], old_cmp: dict, new_cmp: dict) -> list[int]:
        new_units = _draft_units(new_cmp)
        old_units = _draft_units(old_cmp)
        new_findings = {f["id"] for a in new_cmp.get("alignments", []) for f in a.get("findings", [])}
        mapping: dict[int, int] = {}
        carried = []
        for a in old:  # parents come before their replies (ordered by id)
            if a["parent_id"] is None and a["status"] not in ("open",):
                continue
            if a["parent_id"] is not None and a["parent_id"] not in mapping:
                continue
            draft_id, span = a["draft_id"], (a["span_start"], a["span_end"])
            target = a["target"]
            if draft_id:
                draft_id, span = _follow_provision(draft_id, span, a["quote"], old_units, new_units)
                if target == "span" and span == (None, None):
                    target = "provision"
                if not draft_id and target in ("provision", "span"):
                    target, draft_id = ("pair" if a["model_id"] else "provision"), a["draft_id"]
            finding_id = a["finding_id"]
            if target == "finding" and finding_id not in new_findings:
                target = "pair"  # the finding is gone from the new version: keep the note on the pair
            new_id = db.execute(
                "INSERT INTO annotations (review_id, version_id, parent_id, target, model_id, draft_id, finding_id, span_start, span_end,"
                " quote, status, text, author_id, created_at, updated_at, revision, carried_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)",
                (review_id, version_id, mapping.get(a["parent_id"]) if a["parent_id"] else None, target, a["model_id"], draft_id,
                 finding_id, span[0], span[1], a["quote"], a["status"], a["text"], a["author_id"], a["created_at"], now(), a["id"]),
            ).lastrowid
            db.execute(
                "INSERT INTO annotation_history (annotation_id, revision, text, status, author_id, changed_at) VALUES (?, 1, ?, ?, ?, ?)",
                (new_id, a["text"], a["status"], a["author_id"], now()),
            )
            mapping[a["id"]] = new_id
            carried.append(new_id)
        return carried

    def resolved_findings(self, review_id: int) -> list[dict]:
        """Findings of the previous version that the latest version no longer has."""
        versions = self.versions(review_id)
        if len(versions) < 2:
            return []
        _, _, old = self.version_content(versions[-2].id)
        _, _, new = self.version_content(versions[-1].id)
        new_ids = {f["id"] for a in new.get("alignments", []) for f in a.get("findings", [])}
        out = []
        for a in old.get("alignments", []):
            for f in a.get("findings", []):
                if f["id"] not in new_ids and f.get("substantive", True):
                    out.append({"model": a["model"]["label"], **f})
        return out

    # --- backup and restore -----------------------------------------------------------------------------

    def backup(self, destination: str | Path) -> Path:
        """A consistent copy of the database (safe while others are writing)."""
        destination = Path(destination)
        if destination.resolve() == self.path.resolve():
            raise DraftingError("The backup cannot be written over the database itself; choose another file.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(destination)
        try:
            self._db().backup(target)
        finally:
            target.close()
        return destination

    def restore(self, source: str | Path) -> Path:
        """Replace the database with a backup, after saving the current one beside it."""
        source = Path(source)
        check_backup(source)
        safety = self.path.with_name(f"{self.path.stem}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
        self.backup(safety)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(self._db())
        finally:
            src.close()
        return safety


def check_backup(path: Path) -> None:
    """Refuse to restore from a file that is not an intact review database."""
    if not path.exists():
        raise DraftingError(f"There is no backup file at {path}.")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError:
        raise DraftingError(f"{path.name} is not a review database backup.") from None
    if ok != "ok" or not {"reviews", "annotations", "annotation_history"} <= tables:
        raise DraftingError(f"{path.name} is damaged or is not a review database backup; nothing was restored.")


# --- matching provisions across versions -------------------------------------------------------------------


def _draft_units(comparison: dict) -> dict[str, dict]:
    """Draft units of a stored comparison: id -> {label, text}."""
    out: dict[str, dict] = {}
    for a in comparison.get("alignments", []):
        for d in a.get("draft", []):
            out.setdefault(d["id"], {"label": d["label"], "text": d.get("text", "")})
    for n in comparison.get("national_only", []):
        out.setdefault(n["id"], {"label": n["label"], "text": n.get("text", "")})
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text.lower()))


def _follow_provision(draft_id: str, span, quote: str, old_units: dict, new_units: dict):
    """The provision of the new version that continues `draft_id`, and the span moved with it."""
    old = old_units.get(draft_id)
    target_id = None
    if old is not None:
        same_label = [k for k, v in new_units.items() if v["label"] == old["label"]]
        if draft_id in new_units and new_units[draft_id]["label"] == old["label"]:
            target_id = draft_id
        elif same_label:
            target_id = same_label[0]
        else:
            words = _words(old["text"])
            best, score = None, 0.0
            for k, v in new_units.items():
                other = _words(v["text"])
                s = len(words & other) / len(words | other) if words | other else 0.0
                if s > score:
                    best, score = k, s
            target_id = best if score >= 0.5 else None
    elif draft_id in new_units:
        target_id = draft_id
    if target_id is None:
        return "", (None, None)
    if span[0] is None:
        return target_id, (None, None)
    text = new_units[target_id].get("text", "")
    at = text.find(quote) if quote else -1
    return target_id, ((at, at + len(quote)) if at >= 0 else (None, None))
