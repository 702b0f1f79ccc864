"""The review store: reviews, draft versions and annotations, in SQLite or PostgreSQL.

By default a real database file (`data/reviews.sqlite3` in the project folder, or
`$DRAFTING_DATA_DIR/reviews.sqlite3`) in WAL mode with full synchronisation, so that several
reviewers can write at once and a process killed in the middle of a write loses nothing that
was committed; `DRAFTING_DATABASE_URL=postgresql+psycopg://...` puts the store on a team's
PostgreSQL server instead. Tables, engine and migrations are in `drafting/review_db.py`.

Nothing is ever overwritten silently: every edit of an annotation is a new revision kept in
`annotation_history`, and an edit based on an outdated revision is refused (`ConflictError`)
so that two reviewers cannot erase each other's words; only its author may change the words
of a comment (`PermissionDenied`), while anyone may reply or change its status. When the
drafters send a new version, open annotations are carried over to the matching provisions.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import delete, func, insert, select, update

from drafting.errors import DraftingError
from drafting.review_db import (annotation_history, annotations, create_engine, current_revision, database_url, default_db_path,
                                draft_versions, lock_rows, metadata, migrate, reviewers, reviews, writer)

__all__ = ["ConflictError", "PermissionDenied", "ReviewStore", "Version", "check_backup", "default_db_path", "now"]

STATUSES = ("open", "accepted", "rejected", "resolved")
TARGETS = ("pair", "finding", "provision", "span")


class ConflictError(DraftingError):
    """An edit based on an outdated revision: someone else changed the annotation meanwhile."""

    def __init__(self, message: str, current: dict):
        super().__init__(message)
        self.current = current


class PermissionDenied(DraftingError):
    """A reviewer tried to change the words of someone else's comment."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def timestamp(date: str | datetime | None) -> str:
    """A date as the store writes it (ISO 8601 in UTC); a date without a zone is taken as UTC."""
    if date is None:
        return now()
    if isinstance(date, str):
        try:
            date = datetime.fromisoformat(date.strip())
        except ValueError:
            raise DraftingError(f"The date {date!r} cannot be read; give it as 2025-03-01T14:30:00Z.") from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    return date.astimezone(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Version:
    id: int
    review_id: int
    version: int
    filename: str
    sha256: str
    uploaded_at: str


ANNOTATION_WITH_AUTHOR = (select(annotations, reviewers.c.name.label("author"), reviewers.c.initials.label("initials"))
                          .join_from(annotations, reviewers, annotations.c.author_id == reviewers.c.id))


class ReviewStore:
    """One review database; safe to use from several threads and processes at once."""

    def __init__(self, path: str | Path | None = None):
        self.url = database_url(path)
        self.backend = self.url.get_backend_name()
        self.path = Path(self.url.database) if self.backend == "sqlite" else None
        self.where = str(self.path) if self.path else self.url.render_as_string(hide_password=True)
        self.engine = create_engine(self.url)
        self._writer = writer(self.engine)
        with self._errors():
            migrate(self.engine)

    # --- connections ---------------------------------------------------------------------------------

    @contextmanager
    def _errors(self):
        """Database failures a user can meet (busy, unreachable, not a database) as one sentence."""
        try:
            yield
        except sa.exc.IntegrityError:
            raise
        except sa.exc.OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if "locked" in reason or "busy" in reason:
                raise DraftingError("The review database is busy; please try again in a moment.") from exc
            raise DraftingError(f"The review database {self.where} cannot be reached ({reason}).") from exc
        except sa.exc.DatabaseError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DraftingError(f"The review database {self.where} cannot be opened ({reason}).") from exc

    @contextmanager
    def _read(self):
        """A read-only transaction: one consistent view of the database."""
        with self._errors(), self.engine.connect() as db:
            yield db

    @contextmanager
    def _write(self):
        """A write transaction. SQLite: other writers wait for it from its first statement.
        PostgreSQL: the rows it reads to change are locked by the queries (`lock_rows`)."""
        with self._errors(), self._writer.connect() as db, db.begin():
            yield db

    @contextmanager
    def _snapshot(self):
        """A read transaction that sees one moment of the whole database, even while others write."""
        with self._errors(), self.engine.connect() as db:
            if self.backend == "postgresql":
                db.execution_options(isolation_level="REPEATABLE READ")
            with db.begin():
                yield db

    def close(self) -> None:
        self.engine.dispose()

    @property
    def schema_version(self) -> int:
        """The Alembic revision of the schema, as a number (also kept in SQLite's `PRAGMA user_version`)."""
        with self._read() as db:
            return int(current_revision(db) or 0)

    # --- reviewers and reviews -----------------------------------------------------------------------

    def reviewer(self, name: str, initials: str = "") -> int:
        name = " ".join((name or "").split())
        if not name:
            raise DraftingError("Enter your name first: every annotation records who wrote it.")
        initials = initials or "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:4]
        query = select(reviewers.c.id).where(reviewers.c.name == name)
        with self._read() as db:
            found = db.execute(query).scalar()
        if found is not None:
            return found
        try:
            with self._write() as db:
                return db.execute(insert(reviewers).values(name=name, initials=initials, created_at=now())).inserted_primary_key[0]
        except sa.exc.IntegrityError:  # another process added the same reviewer meanwhile
            with self._read() as db:
                return db.execute(query).scalar_one()

    def create_review(self, title: str, model_ref: str, model_title: str, filename: str, content: bytes,
                      comparison: dict, reviewer: str) -> tuple[int, int]:
        """A new review with its first draft version; returns (review id, version id)."""
        author = self.reviewer(reviewer)
        with self._write() as db:
            review_id = db.execute(insert(reviews).values(title=title or filename, model_ref=model_ref, model_title=model_title,
                                                          created_at=now(), created_by=author)).inserted_primary_key[0]
            version_id = self._insert_version(db, review_id, 1, filename, content, comparison, author)
        return review_id, version_id

    def _insert_version(self, db, review_id: int, number: int, filename: str, content: bytes, comparison: dict, author: int) -> int:
        values = dict(review_id=review_id, version=number, filename=filename, sha256=hashlib.sha256(content).hexdigest(),
                      content=content, comparison=json.dumps(comparison), uploaded_at=now(), uploaded_by=author)
        return db.execute(insert(draft_versions).values(**values)).inserted_primary_key[0]

    def reviews(self) -> list[dict]:
        r = reviews
        versions = select(func.max(draft_versions.c.version)).where(draft_versions.c.review_id == r.c.id).scalar_subquery()
        count = select(func.count()).select_from(annotations).where(annotations.c.review_id == r.c.id).scalar_subquery()
        creator = select(reviewers.c.name).where(reviewers.c.id == r.c.created_by).scalar_subquery()
        query = select(r, versions.label("versions"), count.label("annotations"), creator.label("created_by_name")).order_by(r.c.id.desc())
        with self._read() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    def review(self, review_id: int) -> dict:
        with self._read() as db:
            row = db.execute(select(reviews).where(reviews.c.id == review_id)).first()
        if row is None:
            raise DraftingError(f"There is no review number {review_id}.")
        return dict(row._mapping)

    def versions(self, review_id: int) -> list[Version]:
        with self._read() as db:
            return self._versions(db, review_id)

    def _versions(self, db, review_id: int) -> list[Version]:
        v = draft_versions
        query = select(v.c.id, v.c.review_id, v.c.version, v.c.filename, v.c.sha256, v.c.uploaded_at).where(v.c.review_id == review_id)
        return [Version(**row._mapping) for row in db.execute(query.order_by(v.c.version))]

    def latest_version(self, review_id: int) -> Version:
        versions = self.versions(review_id)
        if not versions:
            raise DraftingError(f"Review {review_id} has no draft.")
        return versions[-1]

    def version_content(self, version_id: int) -> tuple[str, bytes, dict]:
        with self._read() as db:
            return self._version_content(db, version_id)

    def _version_content(self, db, version_id: int) -> tuple[str, bytes, dict]:
        v = draft_versions
        row = db.execute(select(v.c.filename, v.c.content, v.c.comparison).where(v.c.id == version_id)).first()
        if row is None:
            raise DraftingError(f"There is no draft version {version_id}.")
        return row.filename, bytes(row.content), json.loads(row.comparison)

    # --- annotations ------------------------------------------------------------------------------------

    def annotate(self, review_id: int, version_id: int, author: str, text: str, target: str = "pair", *, model_id: str = "",
                 draft_id: str = "", finding_id: str = "", span: tuple[int, int] | None = None, quote: str = "",
                 status: str = "open", parent_id: int | None = None, suggestion: str = "") -> int:
        """Add an annotation (or a reply, with `parent_id`); returns its id.

        `suggestion` is the reviewer's proposed wording for the draft, kept apart from the comment.
        """
        text, suggestion = (text or "").strip(), (suggestion or "").strip()
        if not text and not suggestion and status == "open":
            raise DraftingError("The comment is empty: write something before saving.")
        if target not in TARGETS:
            raise DraftingError(f"Unknown annotation target {target!r}.")
        _check_status(status)
        author_id = self.reviewer(author)
        stamp = now()
        row = dict(review_id=review_id, version_id=version_id, parent_id=parent_id, target=target, model_id=model_id,
                   draft_id=draft_id, finding_id=finding_id, span_start=span[0] if span else None, span_end=span[1] if span else None,
                   quote=quote, status=status, text=text, suggestion=suggestion, source="app", author_id=author_id,
                   created_at=stamp, updated_at=stamp)
        with self._write() as db:
            self._hold_review(db, review_id)
            if parent_id is not None:
                row.update(_reply_target(self._parent(db, review_id, parent_id)))
            return self._insert_annotation(db, row, stamp)

    def import_reply(self, review_id: int, version_id: int, parent_id: int | None, author: str, text: str,
                     date: str | datetime | None = None, *, finding_id: str = "", model_id: str = "", draft_id: str = "",
                     quote: str = "") -> int:
        """A reply written in Word by the drafters, stored with its own author and date; returns its id.

        Without `parent_id` (nobody had written on that finding yet, or the drafters commented on
        words of their own) it starts a thread on the finding, or on the draft provision and the
        words `quote`. Importing the same reply twice (same place, author, date and words) keeps one copy.
        """
        text = (text or "").strip()
        if not text:
            raise DraftingError("The reply from the Word file is empty; nothing was imported.")
        author_id = self.reviewer(author)
        stamp = timestamp(date)
        a = annotations
        with self._write() as db:
            self._hold_review(db, review_id)
            if parent_id is not None:
                place = _reply_target(self._parent(db, review_id, parent_id))
                same_place = a.c.parent_id == parent_id
            else:
                target = "finding" if finding_id else "provision" if draft_id else "pair"
                place = dict(target=target, model_id=model_id, draft_id=draft_id, finding_id=finding_id)
                same_place = (a.c.parent_id.is_(None) & (a.c.version_id == version_id) & (a.c.finding_id == finding_id)
                              & (a.c.draft_id == draft_id))
            same = select(a.c.id).where(same_place, a.c.author_id == author_id, a.c.text == text, a.c.created_at == stamp,
                                        a.c.source == "word-import")
            existing = db.execute(same).scalar()
            if existing is not None:
                return existing
            row = dict(review_id=review_id, version_id=version_id, parent_id=parent_id, quote=quote, status="open", text=text,
                       suggestion="", source="word-import", author_id=author_id, created_at=stamp, updated_at=stamp, **place)
            return self._insert_annotation(db, row, stamp)

    def _hold_review(self, db, review_id: int) -> None:
        """Keep the review from taking a new version until this annotation is in (a shared lock on PostgreSQL)."""
        if db.execute(lock_rows(select(reviews.c.id).where(reviews.c.id == review_id), shared=True)).first() is None:
            raise DraftingError(f"There is no review number {review_id}.")

    def _parent(self, db, review_id: int, parent_id: int) -> dict:
        parent = db.execute(select(annotations).where(annotations.c.id == parent_id)).first()
        if parent is None or parent.review_id != review_id:
            raise DraftingError("The comment you are replying to no longer exists.")
        return dict(parent._mapping)

    def _insert_annotation(self, db, row: dict, changed_at: str) -> int:
        """A new annotation and its first revision in the history."""
        annotation_id = db.execute(insert(annotations).values(**row)).inserted_primary_key[0]
        db.execute(insert(annotation_history).values(annotation_id=annotation_id, revision=1, text=row["text"], status=row["status"],
                                                     suggestion=row.get("suggestion", ""), author_id=row["author_id"],
                                                     changed_at=changed_at))
        return annotation_id

    def edit(self, annotation_id: int, author: str, expected_revision: int, text: str | None = None, status: str | None = None,
             suggestion: str | None = None) -> int:
        """Change the text, suggestion or status of an annotation; the earlier revision stays in the history.

        Only the author may change the words (`PermissionDenied`); anyone may change the status.
        Refused with `ConflictError` if someone changed it since `expected_revision`.
        Returns the new revision number.
        """
        return self._change(annotation_id, author, expected_revision, text=text, status=status, suggestion=suggestion)

    def set_status(self, annotation_id: int, author: str, status: str) -> int:
        """Accept, reject, resolve or reopen, whatever the current revision (a status change loses no words)."""
        return self._change(annotation_id, author, None, status=status)

    def _change(self, annotation_id: int, author: str, expected_revision: int | None, text: str | None = None,
                status: str | None = None, suggestion: str | None = None) -> int:
        """One new revision, written with the annotation's row locked (`expected_revision` None: on the current one)."""
        if status is not None:
            _check_status(status)
        author_id = self.reviewer(author)
        a = annotations
        with self._write() as db:
            row = db.execute(lock_rows(select(a).where(a.c.id == annotation_id))).first()
            if row is None:
                raise DraftingError("That annotation no longer exists.")
            new_text = row.text if text is None else text.strip()
            new_suggestion = row.suggestion if suggestion is None else suggestion.strip()
            if (new_text, new_suggestion) != (row.text, row.suggestion) and author_id != row.author_id:
                owner = db.execute(select(reviewers.c.name).where(reviewers.c.id == row.author_id)).scalar()
                raise PermissionDenied(f"Only {owner}, who wrote this comment, can change its words; add a reply instead.")
            if expected_revision is not None and row.revision != expected_revision:
                raise _conflict(dict(row._mapping))
            if (text is not None or suggestion is not None) and not new_text and not new_suggestion:
                raise DraftingError("The comment cannot be emptied; reject or resolve it instead.")
            new_status = row.status if status is None else status
            revision, stamp = row.revision + 1, now()
            changed = db.execute(update(a).where(a.c.id == annotation_id, a.c.revision == row.revision)
                                 .values(text=new_text, suggestion=new_suggestion, status=new_status, revision=revision, updated_at=stamp))
            if changed.rowcount != 1:  # the revision is also the row's version column: never write over a newer one
                raise _conflict(dict(row._mapping))
            db.execute(insert(annotation_history).values(annotation_id=annotation_id, revision=revision, text=new_text,
                                                         suggestion=new_suggestion, status=new_status, author_id=author_id,
                                                         changed_at=stamp))
        return revision

    def annotation(self, annotation_id: int) -> dict:
        with self._read() as db:
            row = db.execute(ANNOTATION_WITH_AUTHOR.where(annotations.c.id == annotation_id)).first()
        if row is None:
            raise DraftingError("That annotation no longer exists.")
        return dict(row._mapping)

    def annotations(self, review_id: int, version_id: int | None = None) -> list[dict]:
        """Annotations of a review (of one version if given), oldest first, with author names."""
        with self._read() as db:
            return self._annotations(db, review_id, version_id)

    def _annotations(self, db, review_id: int, version_id: int | None = None) -> list[dict]:
        query = ANNOTATION_WITH_AUTHOR.where(annotations.c.review_id == review_id)
        if version_id is not None:
            query = query.where(annotations.c.version_id == version_id)
        return [dict(row._mapping) for row in db.execute(query.order_by(annotations.c.id))]

    def history(self, annotation_id: int) -> list[dict]:
        h = annotation_history
        query = (select(h, reviewers.c.name.label("author")).join_from(h, reviewers, h.c.author_id == reviewers.c.id)
                 .where(h.c.annotation_id == annotation_id).order_by(h.c.revision))
        with self._read() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    # --- new versions of the draft ----------------------------------------------------------------------

    def add_version(self, review_id: int, filename: str, content: bytes, comparison: dict, reviewer: str) -> tuple[int, list[int]]:
        """Store a new draft version and carry the open annotations of the previous one over to it
        (and the decisions on findings the new version still has).

        One transaction, with the review locked: no annotation written meanwhile is left behind.
        Returns the new version id and the ids of the carried annotations.
        """
        author = self.reviewer(reviewer)
        with self._write() as db:
            if db.execute(lock_rows(select(reviews.c.id).where(reviews.c.id == review_id))).first() is None:
                raise DraftingError(f"There is no review number {review_id}.")
            versions = self._versions(db, review_id)
            if not versions:
                raise DraftingError(f"Review {review_id} has no draft.")
            previous = versions[-1]
            _, _, old_comparison = self._version_content(db, previous.id)
            old_annotations = self._annotations(db, review_id, previous.id)
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
            if a["parent_id"] is None and not _still_open(a, new_findings):
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
            row = dict(review_id=review_id, version_id=version_id, parent_id=mapping.get(a["parent_id"]) if a["parent_id"] else None,
                       target=target, model_id=a["model_id"], draft_id=draft_id, finding_id=finding_id, span_start=span[0],
                       span_end=span[1], quote=a["quote"], status=a["status"], text=a["text"], suggestion=a["suggestion"],
                       source=a["source"], author_id=a["author_id"], created_at=a["created_at"], updated_at=now(),
                       carried_from=a["id"])
            mapping[a["id"]] = self._insert_annotation(db, row, now())
            carried.append(mapping[a["id"]])
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
        """A consistent copy of the whole database as a SQLite file (safe while others are writing).

        The same kind of file whatever the store is on, so a backup of the team server can be
        restored on a laptop and the other way round.
        """
        destination = Path(destination)
        if self.path and destination.resolve() == self.path.resolve():
            raise DraftingError("The backup cannot be written over the database itself; choose another file.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        _remove_sqlite_file(partial)
        copy = ReviewStore(partial)
        try:
            with self._snapshot() as source, copy._write() as target:
                _copy_rows(source, target)
        finally:
            copy.close()
        _single_file(partial)
        partial.replace(destination)
        return destination

    def restore(self, source: str | Path) -> Path:
        """Replace every row with those of a backup, after saving the current database beside it."""
        source = Path(source)
        check_backup(source)
        safety = self._safety_path()
        self.backup(safety)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "restore.sqlite3"
            _sqlite_copy(source, copy)
            backup = ReviewStore(copy)  # brings an older backup up to the current schema, on the copy only
            try:
                with backup._snapshot() as rows, self._write() as db:
                    self._replace_rows(db, rows)
            finally:
                backup.close()
        return safety

    def _replace_rows(self, db, rows) -> None:
        if self.backend == "postgresql":  # nobody writes while the rows are replaced
            db.exec_driver_sql("LOCK TABLE " + ", ".join(t.name for t in metadata.sorted_tables) + " IN EXCLUSIVE MODE")
        for table in reversed(metadata.sorted_tables):
            db.execute(delete(table))
        _copy_rows(rows, db)
        if self.backend == "postgresql":  # new rows continue after the restored ids
            for table in metadata.sorted_tables:
                db.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                   f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)")

    def _safety_path(self) -> Path:
        folder, stem = (self.path.parent, self.path.stem) if self.path else (default_db_path().parent, "reviews")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        candidate, n = folder / f"{stem}.before-restore-{stamp}.sqlite3", 1
        while candidate.exists():
            n += 1
            candidate = folder / f"{stem}.before-restore-{stamp}-{n}.sqlite3"
        return candidate


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise DraftingError(f"Unknown status {status!r}: use open, accepted, rejected or resolved.")


def _conflict(current: dict) -> ConflictError:
    return ConflictError("Someone else changed this annotation while you were editing it; your text was not saved over theirs. "
                         "Read the current version, then save your change again.", current)


def _still_open(a: dict, new_findings: set[str]) -> bool:
    """Whether a thread goes on in the next version: an open one does; so does a reviewer's
    decision on a finding the new version still has (the drafters did not fix it)."""
    if a["status"] == "open":
        return True
    return a["status"] in ("accepted", "rejected") and a["target"] == "finding" and a["finding_id"] in new_findings


def _reply_target(parent: dict) -> dict:
    """A reply sits on what its parent sits on."""
    return {k: parent[k] for k in ("target", "model_id", "draft_id", "finding_id", "span_start", "span_end")}


def _copy_rows(source, target, batch: int = 100) -> None:
    """Every row of every table, parents before children, ids kept."""
    for table in metadata.sorted_tables:
        result = source.execution_options(yield_per=batch).execute(select(table).order_by(table.c.id))
        for rows in result.partitions():
            target.execute(insert(table), [dict(row._mapping) for row in rows])


def _sqlite_copy(source: Path, destination: Path) -> None:
    """A page-by-page copy of a SQLite file, consistent even if it is open elsewhere."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _single_file(path: Path) -> None:
    """Leave a closed SQLite file self-contained (no write-ahead log), to be copied or opened read-only."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()


def _remove_sqlite_file(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + extra).unlink(missing_ok=True)


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
