"""Review store throughput: committed edits per second with 4 writer processes, SQLite and PostgreSQL.

Each writer repeats three writes: a new comment, an edit of the words of its own latest
comment, and a status change on one comment that every writer shares (the row they fight
over). Every write is a committed transaction with its history row. PostgreSQL is measured
when DRAFTING_TEST_DATABASE_URL names a scratch database: the benchmark works in a schema of its
own there and drops it afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from drafting.review import ReviewStore  # noqa: E402

WRITERS = 4
ROUNDS = 50  # three writes each


def writer(location: str, review_id: int, version_id: int, shared_id: int, k: int, start, counts) -> None:
    store = ReviewStore(location)
    name = f"Reviewer {k}"
    store.reviewer(name)
    start.wait()
    for i in range(ROUNDS):
        note = store.annotate(review_id, version_id, name, f"{name} note {i}", model_id=f"sec-{i % 9}/sub-1")
        store.edit(note, name, 1, text=f"{name} note {i}, reworded")
        store.set_status(shared_id, name, ("accepted", "open")[i % 2])
    counts[k] = 3 * ROUNDS
    store.close()


def measure(location: str, writers: int) -> tuple[int, float]:
    store = ReviewStore(location)
    review_id, version_id = store.create_review("Bench", "eu-aligned-model", "", "bench.docx", b"draft", {"alignments": []}, "Anna Berg")
    shared = store.annotate(review_id, version_id, "Anna Berg", "Everyone changes the status of this one.")
    start = multiprocessing.Event()
    counts = multiprocessing.Array("i", writers)
    jobs = [multiprocessing.Process(target=writer, args=(location, review_id, version_id, shared, k, start, counts))
            for k in range(writers)]
    for job in jobs:
        job.start()
    time.sleep(1.0)  # every writer has opened the store and waits
    began = time.perf_counter()
    start.set()
    for job in jobs:
        job.join()
    elapsed = time.perf_counter() - began
    if any(job.exitcode != 0 for job in jobs):
        raise SystemExit("a writer failed")
    history = len(store.history(shared))
    store.close()
    assert history == 1 + writers * ROUNDS, "status changes were lost"
    return sum(counts), elapsed


@contextmanager
def postgres_schema(url: str):
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    base = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(base)
    with engine.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as db:
            db.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def row(backend: str, writers: int, edits: int, seconds: float) -> str:
    return f"| {backend:<10} | {writers:>7} | {edits:>5} | {seconds:>6.2f} s | {edits / seconds:>7.0f} |"


def main() -> int:
    print(f"Review store: committed writes per second ({ROUNDS} rounds of comment + edit + shared status change per writer)")
    print("| backend    | writers | edits |     time | edits/s |")
    print("|------------|---------|-------|----------|---------|")
    with tempfile.TemporaryDirectory() as folder:
        for writers in (1, WRITERS):
            path = str(Path(folder) / f"reviews-{writers}.sqlite3")
            print(row("SQLite", writers, *measure(path, writers)), flush=True)
    url = os.environ.get("DRAFTING_TEST_DATABASE_URL")
    if not url:
        print("PostgreSQL: not measured (set DRAFTING_TEST_DATABASE_URL=postgresql+psycopg://... to a scratch database)")
        return 0
    for writers in (1, WRITERS):
        with postgres_schema(url) as location:
            print(row("PostgreSQL", writers, *measure(location, writers)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
