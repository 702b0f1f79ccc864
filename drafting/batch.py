"""Batch: compare every law in a folder with one model, on Dask distributed.

    result = run_batch("laws/", "eu-aligned-model", workers=2)             # a local cluster
    result = run_batch("laws/", "eu-aligned-model", scheduler="tcp://10.1.2.3:8786")  # an existing one
    coverage = build_coverage(result.model, result.records)                 # drafting.coverage

The client (this process) finds the laws (.docx, .pdf, .txt, .html, in sub-folders too), reads
and hashes each file, and takes from the cache what was already compared: a result is kept on
disk under the file's hash and name, the model's content and the code version, so a re-run
skips what is done and any change to the law, the model or the code compares again. The rest
goes to the workers, the bytes with each task and the model once per worker, so they need no
shared disk, only the same `drafting` code (checked on every result). Each worker reads and
compares one law at a time with `drafting.pipeline`; each result is written to the cache as soon
as it arrives, so an interrupted run keeps what it did. A file that cannot be read (corrupt,
encrypted, empty...) becomes a record with its one-sentence DraftingError message and never
stops the others.

By default the cluster is a `LocalCluster` on 127.0.0.1 without dashboard: N worker processes
with one thread each (spaCy and the comparison are single-threaded, Python-bound work).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from drafting.errors import DraftingError
from drafting.modelset import ModelSet, load_model

LAW_SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".htm")
PACKAGE_DIR = Path(__file__).resolve().parent
CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 60

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    model: ModelSet
    folder: Path
    records: list[dict]  # one per law, in path order: see drafting.coverage.law_record; errors have ok=False
    compared: int = 0  # laws sent to the workers in this run
    cached: int = 0  # laws whose result came from the cache
    workers: int = 0
    seconds: float = 0.0  # the whole run
    startup_seconds: float = 0.0  # starting (or connecting to) the cluster
    worker_memory_mb: dict[str, float] = field(default_factory=dict)  # peak resident memory of each worker
    worker_cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU time each worker has used
    ignored: list[str] = field(default_factory=list)  # files that are not in a format a law can be read from

    @property
    def errors(self) -> list[dict]:
        return [r for r in self.records if not r.get("ok")]


# --- finding the laws ----------------------------------------------------------------------------------


def find_laws(folder: str | Path, exclude: tuple[Path, ...] = ()) -> tuple[list[Path], list[Path]]:
    """The law files under a folder (recursively, in path order), and the other files ignored."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DraftingError(f"There is no folder at {folder}." if not folder.exists() else f"{folder} is a file, not a folder of laws.")
    excluded = [p.resolve() for p in exclude]
    laws, ignored = [], []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in relative.parts) or not path.is_file():
            continue  # hidden files, Office lock files
        if any(path.resolve().is_relative_to(e) for e in excluded):
            continue
        (laws if path.suffix.lower() in LAW_SUFFIXES else ignored).append(path)
    return laws, ignored


# --- what a result depends on --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the drafting package's code and data: any change to them compares again."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc",):
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_fingerprint(model: ModelSet) -> str:
    """A hash of everything in the model that the comparison reads."""
    digest = hashlib.sha256(f"{model.id}\0{model.kind}".encode())
    for p in model.document.walk():
        fields = (p.id, p.label, p.kind, p.heading, p.text, p.trailing, p.operative,
                  getattr(p, "elements", None), getattr(p, "priority", None), getattr(p, "requires", None),
                  getattr(p, "defines", None))
        digest.update(repr(fields).encode() + b"\0")
    return digest.hexdigest()[:16]


def cache_key(file_hash: str, name: str, model_key: str, version: str) -> str:
    return hashlib.sha256(f"{file_hash}\0{name}\0{model_key}\0{version}".encode()).hexdigest()


class ResultCache:
    """One JSON file per result, written atomically; a damaged entry counts as absent."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def get(self, key: str) -> dict | None:
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, record: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        os.replace(tmp, self.folder / f"{key}.json")


def default_cache_dir(out: str | Path | None = None) -> Path:
    """$DRAFTING_DATA_DIR/batch-cache when set, else batch-cache beside the output (or in data/)."""
    base = os.environ.get("DRAFTING_DATA_DIR")
    if base:
        return Path(base) / "batch-cache"
    return Path(out).resolve().parent / "batch-cache" if out else PACKAGE_DIR.parent / "data" / "batch-cache"


# --- on a worker ---------------------------------------------------------------------------------------


def compare_law(data: bytes, name: str, model: ModelSet) -> dict:
    """Read and compare one law (runs on a Dask worker); a law that cannot be read is a record too."""
    from drafting.coverage import law_record
    from drafting.pipeline import compare_draft, read_draft

    started = time.perf_counter()
    try:
        record = law_record(compare_draft(read_draft(data, name), model), name)
    except DraftingError as exc:
        record = {"file": name, "ok": False, "error": exc.message}
    except Exception as exc:  # not the file's fault as far as we know: report it, but do not cache it
        log.exception("comparing %s failed", name)
        record = {"file": name, "ok": False, "cache": False,
                  "error": f"{name} could not be compared because of an unexpected error ({type(exc).__name__}: {exc})."}
    record["seconds"] = round(time.perf_counter() - started, 3)
    record["code_version"] = code_version()
    return record


def worker_usage() -> tuple[float, float]:
    """Peak resident memory (MB) and CPU time (s) of this process (on a worker: of that worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# --- the run -------------------------------------------------------------------------------------------


@dataclass
class _Job:
    name: str  # path relative to the folder: how the law is named in messages and in the matrix
    key: str
    data: bytes | None = None


def run_batch(folder: str | Path, model: ModelSet | str | None = None, *, workers: int | None = None,
              scheduler: str | None = None, cache_dir: str | Path | None = None, progress: bool = False,
              on_result: Callable[[int, int], None] | None = None, exclude: tuple[Path, ...] = ()) -> BatchResult:
    """Compare every law under `folder` with `model`; see the module docstring."""
    started = time.perf_counter()
    model_set = model if isinstance(model, ModelSet) else load_model(model)
    folder = Path(folder)
    cache = ResultCache(cache_dir or default_cache_dir())
    paths, ignored = find_laws(folder, exclude=exclude + (cache.folder,))
    if not paths:
        raise DraftingError(f"{folder} holds no law to compare (.docx, .pdf, .txt or .html files).")
    model_key, version = model_fingerprint(model_set), code_version()
    result = BatchResult(model_set, folder, [], ignored=[str(p.relative_to(folder)) for p in ignored])
    records: dict[str, dict] = {}
    todo: list[_Job] = []
    for path in paths:
        name = path.relative_to(folder).as_posix()
        job, record = _prepare(path, name, model_key, version, cache)
        if record is not None:
            records[name] = record
            result.cached += 1 if record.get("from_cache") else 0
        else:
            todo.append(job)
    with _progress_bar(len(paths), len(records), progress) as bar:
        for job, record in _compare_on_cluster(todo, model_set, workers, scheduler, result) if todo else ():
            if record.get("ok") or record.pop("cache", True):
                cache.put(job.key, record)  # at once: an interrupted run keeps what it did
            records[job.name] = record
            result.compared += 1
            bar.update(1)
            if on_result:
                on_result(len(records), len(paths))
    result.records = [records[p.relative_to(folder).as_posix()] for p in paths]
    result.seconds = time.perf_counter() - started
    return result


def _prepare(path: Path, name: str, model_key: str, version: str, cache: ResultCache) -> tuple[_Job, dict | None]:
    """Read and hash a file; its record when it is cached or cannot even be read here."""
    from drafting.ingest import file_bytes

    try:
        data = file_bytes(path)
    except DraftingError as exc:
        return _Job(name, ""), {"file": name, "ok": False, "error": exc.message}
    key = cache_key(hashlib.sha256(data).hexdigest(), name, model_key, version)
    cached = cache.get(key)
    if cached is not None:
        return _Job(name, key), {**cached, "from_cache": True}
    return _Job(name, key, data), None


def _compare_on_cluster(todo: list[_Job], model: ModelSet, workers: int | None, scheduler: str | None,
                        result: BatchResult) -> Iterator[tuple[_Job, dict]]:
    """Each law's record as soon as a worker has it; the cluster's figures go into `result`."""
    from dask.distributed import as_completed

    todo.sort(key=lambda job: -len(job.data or b""))  # the longest first, so that no worker is left with one at the end
    t = time.perf_counter()
    with dask_client(workers or default_workers(len(todo)), scheduler) as client:
        result.startup_seconds = time.perf_counter() - t
        result.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        _check_cluster(client)
        model_future = client.scatter(model, broadcast=True)
        futures = {}
        for job in todo:
            futures[client.submit(compare_law, client.scatter(job.data), job.name, model_future, pure=False)] = job
            job.data = None
        for future in as_completed(futures):
            record = _gathered(future, futures[future])
            if record.get("code_version") not in (None, code_version()):
                raise DraftingError(OTHER_CODE)
            yield futures[future], record
        usage = client.run(worker_usage)
        result.worker_memory_mb = {w: mb for w, (mb, _) in usage.items()}
        result.worker_cpu_seconds = {w: cpu for w, (_, cpu) in usage.items()}


def _gathered(future, job: _Job) -> dict:
    """The record of a finished task; a worker that died on a law is reported like a bad file."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker (the law exhausted a worker's memory), a lost connection...
        return {"file": job.name, "ok": False, "cache": False,
                "error": f"{job.name} could not be compared: the worker processing it failed ({type(exc).__name__})."}


OTHER_CODE = ("The Dask workers run another version of the drafting code than this computer: "
              "install the same version on the scheduler and every worker, then run the batch again.")


def worker_code_version() -> str:
    """Run on the scheduler and the workers: the version of the code they would compare with."""
    return code_version()


def _check_cluster(client) -> None:
    """Before any work: the scheduler and every worker can load this very code."""
    try:
        theirs = [*client.run(worker_code_version).values(), client.run_on_scheduler(worker_code_version)]
    except Exception as exc:  # typically: `drafting` cannot be imported there
        raise DraftingError(
            f"The Dask cluster cannot load the drafting code ({type(exc).__name__}): start its scheduler and workers "
            "where `import drafting` works, with the same version as here (for example with PYTHONPATH set to a clone)."
        ) from None
    if any(v != code_version() for v in theirs):
        raise DraftingError(OTHER_CODE)


def default_workers(jobs: int) -> int:
    return max(1, min(os.cpu_count() or 1, jobs))


@contextmanager
def dask_client(workers: int, scheduler: str | None = None) -> Iterator:
    """A client on an existing cluster (`scheduler`), or on a new local one on 127.0.0.1."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = _connect(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise DraftingError("--workers must be at least 1.")
    # No dashboard; the scheduler's small HTTP server (health checks) on a free port of 127.0.0.1.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                           silence_logs=logging.ERROR)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def _connect(scheduler: str):
    from dask.distributed import Client

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DraftingError(f"The Dask scheduler at {scheduler} cannot be reached ({type(exc).__name__}): "
                            "check the address (tcp://HOST:8786) and that the scheduler is running.") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except (OSError, TimeoutError):
        client.close()
        raise DraftingError(f"The Dask cluster at {scheduler} has no workers: start at least one `dask worker {scheduler}`.") from None
    return client


def _progress_bar(total: int, done: int, show: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit="law", desc="Comparing", disable=not show, file=sys.stderr, dynamic_ncols=True)
