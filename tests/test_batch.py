"""The batch (drafting.batch, `python -m drafting batch`): real national laws of the shared corpus and
bad files in one folder, compared on a local Dask cluster (1 and 2 workers) and on an existing one."""

import shutil
import socket

import pytest

from drafting.batch import (
    ResultCache, cache_key, code_version, dask_client, find_laws, model_fingerprint, run_batch,
)
from drafting.cli import main
from drafting.coverage import build_coverage
from drafting.errors import DraftingError
from drafting.modelset import load_model
from drafting.pipeline import read_draft_path
from tests.conftest import SHARED
from tests.test_ingest_bad_input import encrypted_word_file

GOOD = ("pakistan_export_control_act_2004.txt", "philippines_ra10697_stma.txt", "uk_export_control_act_2002.txt")
BAD = {"broken.docx": b"PK\x03\x04 this is not a whole Word file", "protected.docx": encrypted_word_file(), "empty.txt": b""}

pytestmark = pytest.mark.slow


@pytest.fixture()
def corpus(tmp_path):
    """A folder of three national laws (one in a sub-folder), three bad files and a note that is not a law."""
    national = SHARED / "national"
    if not national.is_dir():
        pytest.skip(f"the national corpus ({national}) is not available")
    folder = tmp_path / "laws"
    (folder / "asia").mkdir(parents=True)
    shutil.copy(national / GOOD[0], folder / GOOD[0])
    shutil.copy(national / GOOD[1], folder / "asia" / GOOD[1])
    shutil.copy(national / GOOD[2], folder / GOOD[2])
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    (folder / "README.md").write_text("notes of the team\n")
    (folder / "~$lock.docx").write_bytes(b"lock")
    return folder


def expected_message(path):
    with pytest.raises(DraftingError) as exc:
        read_draft_path(path)
    return exc.value.message


def test_finds_the_laws_in_sub_folders(corpus):
    laws, ignored = find_laws(corpus)
    assert [p.relative_to(corpus).as_posix() for p in laws] == sorted(["asia/" + GOOD[1], GOOD[0], GOOD[2], *BAD])
    assert [p.name for p in ignored] == ["README.md"]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_good_law_is_in_the_matrix_the_bad_ones_reported_and_a_rerun_uses_the_cache(corpus, tmp_path, workers):
    cache = tmp_path / "cache"
    first = run_batch(corpus, "eu-aligned-model", workers=workers, cache_dir=cache)
    assert first.workers == workers and first.compared == 6 and first.cached == 0
    assert first.ignored == ["README.md"]
    coverage = build_coverage(first.model, first.records)
    assert sorted(law.file for law in coverage.laws) == sorted(["asia/" + GOOD[1], GOOD[0], GOOD[2]])
    assert {law.country for law in coverage.laws} == {"Pakistan", "Philippines", "United Kingdom"}
    assert all(len(law.cells) == 31 for law in coverage.laws)
    errors = {e["file"]: e["message"] for e in coverage.errors}
    assert set(errors) == set(BAD)
    for name in BAD:
        message = errors[name]
        assert message == expected_message(corpus / name) and message.startswith(name) and "\n" not in message
    assert "password" in errors["protected.docx"] and "empty" in errors["empty.txt"]
    assert len(first.worker_memory_mb) == workers and all(mb > 50 for mb in first.worker_memory_mb.values())
    assert set(first.worker_cpu_seconds) == set(first.worker_memory_mb) and all(s > 0 for s in first.worker_cpu_seconds.values())

    again = run_batch(corpus, "eu-aligned-model", workers=workers, cache_dir=cache)
    assert again.compared == 0 and again.cached == 6  # nothing compared again, bad files included
    assert again.workers == 0 and again.startup_seconds == 0  # not even a cluster was started
    assert build_coverage(again.model, again.records).laws == coverage.laws


def test_cache_key_follows_the_file_the_model_and_the_code(tmp_path):
    model = load_model("eu-aligned-model")
    fingerprint = model_fingerprint(model)
    assert fingerprint == model_fingerprint(load_model("eu-aligned-model"))
    unit = model.units()[0].provision
    saved, unit.text = unit.text, unit.text + " and no other"
    try:
        assert model_fingerprint(model) != fingerprint
    finally:
        unit.text = saved
    key = cache_key("abc", "law.txt", fingerprint, code_version())
    assert len({key, cache_key("abd", "law.txt", fingerprint, code_version()), cache_key("abc", "law.html", fingerprint, code_version()),
                cache_key("abc", "law.txt", "other-model", code_version()), cache_key("abc", "law.txt", fingerprint, "other-code")}) == 5
    cache = ResultCache(tmp_path)
    assert cache.get(key) is None
    cache.put(key, {"file": "law.txt", "ok": True})
    assert cache.get(key) == {"file": "law.txt", "ok": True}
    (tmp_path / f"{key}.json").write_text("{half a record")
    assert cache.get(key) is None  # a damaged entry is compared again, not trusted


def test_an_existing_cluster_is_used_when_named_and_a_changed_file_is_compared_again(corpus, tmp_path, monkeypatch):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        result = run_batch(corpus, "eu-aligned-model", scheduler=cluster.scheduler_address, cache_dir=tmp_path / "cache")
        assert result.workers == 1 and result.compared == 6
        assert len(build_coverage(result.model, result.records).laws) == 3
        law = corpus / GOOD[2]
        law.write_text(law.read_text(encoding="utf-8").replace("Secretary of State", "Minister"), encoding="utf-8")
        again = run_batch(corpus, "eu-aligned-model", scheduler=cluster.scheduler_address, cache_dir=tmp_path / "cache")
        assert again.compared == 1 and again.cached == 5  # that file alone
        changed = next(r for r in again.records if r["file"] == GOOD[2])
        assert not changed.get("from_cache") and changed["ok"]
        # workers that run other code than this computer: refused, nothing is cached under this code's name
        monkeypatch.setattr("drafting.batch.code_version", lambda: "a-newer-version")
        with pytest.raises(DraftingError) as exc:
            run_batch(corpus, "eu-aligned-model", scheduler=cluster.scheduler_address, cache_dir=tmp_path / "other-cache")
        assert "another version of the drafting code" in exc.value.message
        assert not list((tmp_path / "other-cache").glob("*.json"))


def test_the_local_cluster_listens_on_this_machine_only():
    import psutil

    with dask_client(2) as client:
        addresses = [client.scheduler.address, *client.scheduler_info()["workers"]]
        assert len(addresses) == 3
        assert all(a.startswith("tcp://127.0.0.1:") for a in addresses), addresses
        here = psutil.Process()
        listening = [c.laddr for p in (here, *here.children(recursive=True)) for c in p.net_connections("inet") if c.status == "LISTEN"]
        assert len(listening) >= 5  # scheduler, its HTTP server, nanny and worker (x2), ...
        assert {a.ip for a in listening} == {"127.0.0.1"}, listening
        assert 8787 not in {a.port for a in listening}  # no dashboard on its usual port


def test_a_scheduler_that_cannot_be_reached_is_one_sentence(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("drafting.batch.CONNECT_TIMEOUT_S", 2)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    with pytest.raises(DraftingError) as exc:
        run_batch(corpus, "eu-aligned-model", scheduler=f"tcp://127.0.0.1:{port}", cache_dir=tmp_path / "cache")
    assert "cannot be reached" in exc.value.message and "\n" not in exc.value.message


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "nowhere", "There is no folder"),
    (lambda tmp: (tmp / "notes").mkdir() or (tmp / "notes" / "a.md").write_text("x") and tmp / "notes", "holds no law"),
])
def test_a_folder_without_laws_is_refused(tmp_path, make, words):
    with pytest.raises(DraftingError) as exc:
        run_batch(make(tmp_path), "eu-aligned-model", workers=1, cache_dir=tmp_path / "cache")
    assert words in exc.value.message


def test_cli_batch_writes_the_matrix_and_names_the_bad_file(tmp_path, capsys, data_dir):
    national = SHARED / "national"
    if not national.is_dir():
        pytest.skip("the national corpus is not available")
    folder = tmp_path / "laws"
    folder.mkdir()
    shutil.copy(national / GOOD[0], folder)
    (folder / "broken.docx").write_bytes(BAD["broken.docx"])
    out = tmp_path / "out" / "coverage.xlsx"
    assert main(["batch", str(folder), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "2 laws: 2 compared now, 0 from the cache, 1 could not be compared (1 workers)" in printed
    assert f"not compared: {expected_message(folder / 'broken.docx')}" in printed
    assert printed.count("Pakistan") == 1  # the compact matrix
    assert all(out.with_suffix(s).is_file() for s in (".xlsx", ".csv", ".json", ".png"))
    assert list((data_dir / "batch-cache").glob("*.json"))  # $DRAFTING_DATA_DIR/batch-cache
    assert main(["batch", str(folder), "--out", str(out), "--no-progress"]) == 0
    assert "0 compared now, 2 from the cache" in capsys.readouterr().out


def test_cli_batch_refuses_what_it_cannot_do(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "coverage.csv")]) == 2
    assert "--out must name an .xlsx file" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c.xlsx")]) == 2
    assert "There is no folder" in capsys.readouterr().err
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "c.xlsx"), "--workers", "1", "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert "empty.txt is empty" in captured.out and "None of the 1 files" in captured.err
    assert not (tmp_path / "c.xlsx").exists()


def test_a_cluster_that_cannot_load_the_code_is_refused_before_any_work(corpus, tmp_path, monkeypatch):
    """As when a scheduler is started without the drafting code on its path (see README)."""
    monkeypatch.setattr("drafting.batch.CONNECT_TIMEOUT_S", 60)  # the scheduler is still starting
    import os
    import subprocess
    import sys
    from pathlib import Path

    dask = str(Path(sys.executable).parent / "dask")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    bare = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with_code = {**bare, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                cwd=tmp_path, env=bare, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        started.append(subprocess.Popen([dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                                        cwd=tmp_path, env=with_code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with pytest.raises(DraftingError) as exc:
            run_batch(corpus, "eu-aligned-model", scheduler=address, cache_dir=tmp_path / "cache")
        assert "cannot load the drafting code" in exc.value.message
        assert not (tmp_path / "cache").exists()
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)
