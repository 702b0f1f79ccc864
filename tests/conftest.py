"""Shared test fixtures: the shared corpora (skipped cleanly when absent), the demo draft, tools."""

from __future__ import annotations

import os
import shutil
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
    return tmp_path / "data"
