"""Batch over a corpus on Dask (drafting/batch.py): speed, memory and the coverage matrix.

1. The national corpus (../shared/corpora/national) compared with the model law on a local
   cluster of 1 and then 2 workers, each time with an empty cache: whole run, cluster start-up,
   comparing, and the ratio 1 worker / 2 workers; then a re-run from the cache. (Comparing
   includes each worker's one-time start: importing spaCy and analysing the model law, about a
   second, which on these twelve short excerpts is as long as the comparisons themselves.)
2. 500 synthetic laws (bench/synthetic.py make_draft, seeds 0-499, about 7,500 words each):
   first 60 of them with 1 and with 2 workers (the ratio on real work), then all 500 on 2
   workers: whole run, laws per second, peak memory of each worker.
3. The coverage matrix of the national corpus, one symbol per cell.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from drafting.batch import run_batch  # noqa: E402
from drafting.coverage import build_coverage, compact_lines  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from synthetic import make_draft  # noqa: E402

NATIONAL = HERE.parent.parent / "shared" / "corpora" / "national"
SYNTHETIC_LAWS = 500
SCALING_LAWS = 60


def run(folder: Path, model, workers: int, cache: Path):
    result = run_batch(folder, model, workers=workers, cache_dir=cache)
    return result, result.seconds - result.startup_seconds


def cpu(result) -> str:
    """CPU seconds of each worker: their sum against the wall time shows how much ran in parallel."""
    return " + ".join(f"{s:.1f}" for s in sorted(result.worker_cpu_seconds.values())) + " s"


def national(model) -> None:
    files = len([p for p in NATIONAL.rglob("*") if p.is_file()])
    print(f"National corpus: {files} laws, compared with {model.id} on a local Dask cluster (cache empty each time)")
    print(f"| {'workers':>7} | {'whole run':>9} | {'cluster start':>13} | {'comparing':>9} | {'CPU of the workers':>18} | {'errors':>6} | {'peak memory per worker':>24} |")
    print(f"|{'-' * 9}|{'-' * 11}|{'-' * 15}|{'-' * 11}|{'-' * 20}|{'-' * 8}|{'-' * 26}|")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            result, comparing = run(NATIONAL, model, workers, Path(tmp) / f"cache{workers}")
            times[workers] = (result.seconds, comparing)
            memory = ", ".join(f"{mb:.0f}" for mb in sorted(result.worker_memory_mb.values())) + " MB"
            print(f"| {workers:>7} | {result.seconds:>7.1f} s | {result.startup_seconds:>11.1f} s | {comparing:>7.1f} s | "
                  f"{cpu(result):>18} | {len(result.errors):>6} | {memory:>24} |")
        again = run_batch(NATIONAL, model, workers=2, cache_dir=Path(tmp) / "cache2")
    print(f"1 worker / 2 workers: {times[1][0] / times[2][0]:.2f} (whole run), {times[1][1] / times[2][1]:.2f} (comparing only)")
    print(f"Re-run from the cache: {again.seconds:.2f} s, {again.compared} compared, {again.cached} from the cache")
    coverage = build_coverage(again.model, again.records)
    print()
    print("Coverage matrix of the national corpus (all texts are excerpts: ? = not assessable)")
    for line in compact_lines(coverage):
        print(line)


def synthetic(model) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "laws"
        folder.mkdir()
        t = time.perf_counter()
        words = 0
        for seed in range(SYNTHETIC_LAWS):
            text = make_draft(model, seed).text
            words += len(text.split())
            (folder / f"synthetic_{seed:03d}.txt").write_text(text, encoding="utf-8")
        written = time.perf_counter() - t
        scaling(folder, model, Path(tmp))
        result, comparing = run(folder, model, 2, Path(tmp) / "cache")
        memory = ", ".join(f"{mb:.0f}" for mb in sorted(result.worker_memory_mb.values()))
        print(f"Synthetic corpus: {SYNTHETIC_LAWS} laws, {words:,} words (written in {written:.1f} s), 2 workers")
        print(f"  whole run {result.seconds:.1f} s (cluster start {result.startup_seconds:.1f} s), "
              f"{SYNTHETIC_LAWS / comparing:.1f} laws/s, {result.compared} compared, {len(result.errors)} errors")
        print(f"  CPU of the workers {cpu(result)}; peak memory per worker: {memory} MB; this process (the client): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        coverage = build_coverage(result.model, result.records)
        statuses = {}
        for law in coverage.laws:
            for cell in law.cells.values():
                statuses[cell.status] = statuses.get(cell.status, 0) + 1
        print("  cells: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))


def scaling(folder: Path, model, tmp: Path) -> None:
    """1 worker against 2 on enough work for the workers' start-up not to dominate."""
    subset = tmp / "subset"
    subset.mkdir()
    for path in sorted(folder.iterdir())[:SCALING_LAWS]:
        (subset / path.name).write_bytes(path.read_bytes())
    times = {}
    for workers in (1, 2):
        result, comparing = run(subset, model, workers, tmp / f"scaling{workers}")
        times[workers] = (result.seconds, comparing)
        print(f"Synthetic, first {SCALING_LAWS} laws, {workers} worker(s): whole run {result.seconds:.1f} s, "
              f"comparing {comparing:.1f} s, CPU of the workers {cpu(result)}")
    print(f"1 worker / 2 workers: {times[1][0] / times[2][0]:.2f} (whole run), {times[1][1] / times[2][1]:.2f} (comparing only)")


def main() -> None:
    model = load_model("eu-aligned-model")
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores; load average at the start {load[0]:.1f} (the machine is shared: with a load "
          "above 1, two workers do not get two cores)")
    print()
    if NATIONAL.is_dir():
        national(model)
    else:
        print(f"National corpus not found at {NATIONAL}: skipped")
    print()
    synthetic(model)


if __name__ == "__main__":
    main()
