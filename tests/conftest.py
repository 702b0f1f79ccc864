"""Shared test fixtures: the shared corpora (skipped cleanly when absent), the demo draft, tools."""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_file(*parts: str) -> Path:
    """A file of the shared corpora; the test is skipped when the folder is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus file {path} is not available")
    return path


def require_tool(name: str, *candidates: str) -> str:
    """Path of an external program; skip without it, but fail in CI, which must run everything."""
    for candidate in (name, *candidates):
        found = shutil.which(candidate)
        if found:
            return found
    if IN_CI:
        pytest.fail(f"{name} is not installed, but CI must run this test (install it in .ci/run)")
    pytest.skip(f"{name} is not installed")


@pytest.fixture(scope="session")
def reg_2021_821() -> Path:
    return shared_file("eu", "reg_2021_821.txt")


@pytest.fixture(scope="session")
def reg_428_2009() -> Path:
    return shared_file("eu", "reg_428_2009.txt")


@pytest.fixture(scope="session")
def northland() -> Path:
    return shared_file("eval", "northland_stma.txt")


@pytest.fixture(scope="session")
def demo_docx() -> Path:
    return ROOT / "corpora" / "demo_draft.docx"


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    """A private review-database folder for the test."""
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DRAFTING_DATABASE_URL", raising=False)  # the test's own SQLite file, not a server
    return tmp_path / "data"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """Where a review store under test keeps its rows: a SQLite file, or a private schema on the
    PostgreSQL test server named by $DRAFTING_TEST_DATABASE_URL (skipped without it, except in CI)."""
    if request.param == "sqlite":
        yield str(tmp_path / "reviews.sqlite3")
        return
    url = os.environ.get("DRAFTING_TEST_DATABASE_URL")
    if not url:
        if IN_CI:
            pytest.fail("DRAFTING_TEST_DATABASE_URL is not set, but CI must run the PostgreSQL tests (.ci/run starts the server)")
        pytest.skip("PostgreSQL variant: set DRAFTING_TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@127.0.0.1/DATABASE")
    with postgres_schema(url) as schema_url:
        yield schema_url


@contextmanager
def postgres_schema(url: str):
    """A fresh schema on the test server, dropped afterwards: the URL given makes it the only one searched."""
    import sqlalchemy as sa

    schema = f"test_{uuid.uuid4().hex[:12]}"
    base = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(base)
    with engine.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as db:
            db.exec_driver_sql("SET lock_timeout = '30s'")
            db.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()
