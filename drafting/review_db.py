"""Where the review store keeps its rows: the tables, the database engine and the migrations.

One code path for two databases. SQLite is the embedded default (one file, WAL mode, full
synchronisation; writers take the lock at once with `BEGIN IMMEDIATE`, so read-modify-write
cannot interleave). PostgreSQL (`DRAFTING_DATABASE_URL=postgresql+psycopg://...`) serves a team:
writers lock the rows they change (`SELECT ... FOR UPDATE`). Schema changes are Alembic
revisions in `drafting/migrations/`, applied when a store opens the database; a SQLite file
made before Alembic (numbered migrations in `PRAGMA user_version`) is adopted in place.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

from drafting.errors import DraftingError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_SCHEMA = 1  # the last `PRAGMA user_version` of the numbered migrations; it is Alembic revision 0001
MIGRATION_LOCK = 718_821  # PostgreSQL advisory lock held while one server process migrates

metadata = sa.MetaData()

reviewers = sa.Table(
    "reviewers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("initials", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.Text, nullable=False),
)

reviews = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("model_ref", sa.Text, nullable=False),
    sa.Column("model_title", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("reviewers.id")),
)

draft_versions = sa.Table(
    "draft_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("comparison", sa.Text, nullable=False),
    sa.Column("uploaded_at", sa.Text, nullable=False),
    sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("reviewers.id")),
    sa.UniqueConstraint("review_id", "version"),
)

annotations = sa.Table(
    "annotations", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("draft_versions.id"), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("annotations.id")),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("model_id", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("draft_id", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("finding_id", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("span_start", sa.Integer),
    sa.Column("span_end", sa.Integer),
    sa.Column("quote", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("status", sa.Text, nullable=False, server_default=sa.text("'open'")),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("carried_from", sa.Integer, sa.ForeignKey("annotations.id")),
    sa.Column("suggestion", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("source", sa.Text, nullable=False, server_default=sa.text("'app'")),
)

annotation_history = sa.Table(
    "annotation_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("annotation_id", sa.Integer, sa.ForeignKey("annotations.id"), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("changed_at", sa.Text, nullable=False),
    sa.Column("suggestion", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.UniqueConstraint("annotation_id", "revision"),
)


# --- which database -----------------------------------------------------------------------------------


def default_db_path() -> Path:
    base = os.environ.get("DRAFTING_DATA_DIR") or str(Path(__file__).resolve().parent.parent / "data")
    return Path(base) / "reviews.sqlite3"


def database_location() -> str:
    """The database in use when none is named: `$DRAFTING_DATABASE_URL`, else the SQLite file."""
    return os.environ.get("DRAFTING_DATABASE_URL") or str(default_db_path())


def database_url(location: str | Path | None = None) -> URL:
    """The database to use: a file path or URL if given, else `$DRAFTING_DATABASE_URL`, else the SQLite file."""
    if location is None:
        location = database_location()
    text = str(location)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    try:
        url = make_url(text)
    except sa.exc.ArgumentError:
        raise DraftingError("The database URL cannot be read; write it as postgresql+psycopg://USER:PASSWORD@HOST/DATABASE.") from None
    if url.get_backend_name() in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")  # psycopg 3, whatever the URL said
    if url.get_backend_name() == "sqlite" and url.database:
        return url
    raise DraftingError(f"The review database must be SQLite or PostgreSQL, not {url.get_backend_name()}.")


def create_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_engine(url: URL) -> Engine:
    """SQLite with WAL, full sync, foreign keys, and the transaction begun by us (BEGIN or BEGIN IMMEDIATE)."""
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the driver must not open transactions behind our back
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("drafting_write") else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, for write transactions: on SQLite they take the write lock when they begin."""
    return engine.execution_options(drafting_write=True)


def lock_rows(statement: sa.Select, shared: bool = False) -> sa.Select:
    """Lock the selected rows until the transaction ends (PostgreSQL; SQLite already holds the write lock)."""
    return statement.with_for_update(read=shared, key_share=not shared)


# --- migrations -------------------------------------------------------------------------------------------


def _alembic_config(conn: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` in one transaction, one process at a time."""
    from alembic import command
    from alembic.util import CommandError

    with writer(engine).connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config = _alembic_config(conn)
        try:
            if _is_legacy_sqlite(conn):
                command.stamp(config, "0001")  # the numbered migrations made exactly revision 0001
            command.upgrade(config, revision)
        except CommandError as exc:
            raise DraftingError(f"The review database was made by a newer version of this program ({exc}); update the program.") from None
        if conn.dialect.name == "sqlite":  # keep the old marker meaningful for tools that read it
            conn.exec_driver_sql(f"PRAGMA user_version = {int(current_revision(conn))}")


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _is_legacy_sqlite(conn: Connection) -> bool:
    """A SQLite review database made by the numbered migrations, before Alembic."""
    if conn.dialect.name != "sqlite":
        return False
    inspector = sa.inspect(conn)
    if inspector.has_table("alembic_version") or not inspector.has_table("annotations"):
        return False
    user_version = conn.exec_driver_sql("PRAGMA user_version").scalar()
    if user_version != LEGACY_SCHEMA:
        raise DraftingError(f"The review database has an unknown schema (number {user_version}); it was left as it is.")
    return True
