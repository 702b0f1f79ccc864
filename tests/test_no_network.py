"""Drafts are confidential: nothing may try to reach the network.

Every way Python opens a connection is watched while the whole pipeline, the exports and the
app run; any destination other than this machine fails the test. The CLI is run in a new
process with the same watch installed at start-up.
"""

import socket
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ("127.0.0.1", "::1", "localhost", "0.0.0.0")


@pytest.fixture()
def no_network(monkeypatch):
    attempts: list[str] = []

    def host_of(address) -> str:
        if isinstance(address, tuple):
            return str(address[0])
        return str(address)

    def guard(original):
        def wrapper(self_or_address, *args, **kwargs):
            address = args[0] if args and not isinstance(self_or_address, tuple) else self_or_address
            host = host_of(address)
            if isinstance(address, (tuple, str)) and host not in LOCAL and not host.startswith("/"):
                attempts.append(host)
                raise OSError(f"network access blocked in tests: {host}")
            return original(self_or_address, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(socket.socket, "connect", guard(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(socket.socket.connect_ex))
    original_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL and host is not None:
            attempts.append(str(host))
            raise OSError(f"name lookup blocked in tests: {host}")
        return original_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def test_pipeline_exports_and_app_make_no_connection(no_network, data_dir, demo_docx, monkeypatch):
    from drafting.export.model_docx import model_law_docx
    from drafting.pipeline import compare_draft, read_draft_path
    from drafting.review import ReviewStore
    from drafting.review_session import export_bytes, start_review

    draft = read_draft_path(demo_docx)
    comparison = compare_draft(draft)
    session = start_review(ReviewStore(data_dir / "r.sqlite3"), draft, comparison.model, "Anna Berg", comparison=comparison)
    for kind in ("docx", "report", "csv", "xlsx", "json"):
        assert export_bytes(session, kind)
    assert model_law_docx(comparison.model)

    from streamlit.testing.v1 import AppTest

    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180).run()
    for page in ["Start", "Overview", "Side by side", "Model law", "Export"]:
        at.sidebar.radio[0].set_value(page).run()
        assert not at.exception
    assert no_network == []


def watched_env(tmp_path) -> dict:
    """An environment whose Python processes (and the processes they start) refuse to leave this machine."""
    watch = tmp_path / "watch"
    watch.mkdir()
    (watch / "sitecustomize.py").write_text(textwrap.dedent('''
        import socket, sys
        LOCAL = ("127.0.0.1", "::1", "localhost")
        def _blocked(*args, **kwargs):
            sys.stderr.write("NETWORK ATTEMPT %r\\n" % (args[1:2],))
            raise OSError("network access blocked")
        _connect = socket.socket.connect
        def connect(self, address):
            if isinstance(address, tuple) and address[0] not in LOCAL:
                _blocked(self, address)
            return _connect(self, address)
        socket.socket.connect = connect
        _gai = socket.getaddrinfo
        def getaddrinfo(host, *args, **kwargs):
            if host not in LOCAL and host is not None:
                _blocked(None, host)
            return _gai(host, *args, **kwargs)
        socket.getaddrinfo = getaddrinfo
    '''), encoding="utf-8")
    return {"PYTHONPATH": f"{watch}:{ROOT}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}


def test_cli_makes_no_connection(tmp_path, demo_docx):
    env = watched_env(tmp_path)
    run = subprocess.run([sys.executable, "-m", "drafting", "compare", str(demo_docx), "--json", str(tmp_path / "o.json"),
                          "--docx", str(tmp_path / "o.docx"), "--xlsx", str(tmp_path / "o.xlsx"), "--report", str(tmp_path / "r.docx")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "NETWORK ATTEMPT" not in run.stderr


def test_cli_batch_on_its_local_dask_cluster_makes_no_connection(tmp_path, demo_docx):
    """The batch's scheduler and worker processes inherit the watch."""
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / demo_docx.name).write_bytes(demo_docx.read_bytes())
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a whole Word file")
    out = tmp_path / "out" / "coverage.xlsx"
    run = subprocess.run([sys.executable, "-m", "drafting", "batch", str(folder), "--out", str(out), "--workers", "2", "--no-progress"],
                         cwd=ROOT, env=watched_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "2 laws: 2 compared now, 0 from the cache, 1 could not be compared (2 workers)" in run.stdout
    assert "NETWORK ATTEMPT" not in run.stderr and out.is_file()


def test_streamlit_listens_locally_without_usage_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == 25
    from drafting.ingest.guard import DEFAULT_MAX_UPLOAD_MB

    assert DEFAULT_MAX_UPLOAD_MB == config["server"]["maxUploadSize"]  # the same limit in the code


def test_the_watch_itself_catches_a_connection(no_network):
    """The guard above would see a connection if one were tried (so the tests above can fail)."""
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    assert no_network
