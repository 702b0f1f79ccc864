"""Precedents ("How others wrote it"): building the index, its size on disk, and the time to find
the precedents of a model provision, on a 500-law synthetic corpus and on the real national laws.

The synthetic corpus is 500 drafts made from the model law by bench/synthetic.py (seeds 0-499:
reordered, merged, split, reworded, in three numbering styles), written as .txt files to a
temporary folder. For each corpus: the time to build the index (read, structure and analyse every
law), to open it again from disk, its size, and the time of one query for every model provision
(the provision's text analysed, the 10 best laws found, the shared words located in each hit):
median and 95th percentile, against the target of 200 ms.

On the national laws it also counts how often the first precedent found in a law is a provision
a reviewer mapped to that model provision (bench/data/maps, by split: weights were chosen on the
tuning maps only).
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import drafting.nlp  # noqa: E402
from benchmarks import checked_maps  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.precedents import open_index, precedents_of  # noqa: E402
from synthetic import make_draft  # noqa: E402

SHARED_NATIONAL = HERE.parent.parent / "shared" / "corpora" / "national"
SYNTHETIC_LAWS = 500
TOP = 10
TARGET_MS = 200


def synthetic_corpus(model, folder: Path, laws: int = SYNTHETIC_LAWS) -> None:
    for seed in range(laws):
        (folder / f"synthetic_{seed:03d}.txt").write_text(make_draft(model, seed).text, encoding="utf-8")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(name: str, folder: Path, model, store: Path) -> tuple[dict, object]:
    started = time.perf_counter()
    index = open_index(folder, store)
    build = time.perf_counter() - started
    started = time.perf_counter()
    reopened = open_index(folder, store)
    reopen = time.perf_counter() - started
    assert index.built and not reopened.built
    units = model.units()
    drafting.nlp._CACHE.clear()  # every query analyses its provision's text, as a first query in the app does
    precedents_of(reopened, units[0], top=TOP)  # the pipeline loaded once
    drafting.nlp._CACHE.clear()
    times = []
    for unit in units:
        started = time.perf_counter()
        precedents_of(reopened, unit, top=TOP)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    row = {
        "corpus": name, "laws": len(index.laws), "provisions": len(index.units), "build": build, "reopen": reopen,
        "index": index.size_on_disk(), "cache": folder_size(store / "laws"), "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)], "queries": len(times),
    }
    return row, reopened


def quality(index, model) -> dict[str, list[int]]:
    """For each (model provision, law) a reviewer mapped: is the law's first precedent, or one of its
    first three, a provision the reviewer mapped to it?"""
    units = {u.label: u for u in model.units()}
    law_of_file = {law.file.rsplit(".", 1)[0]: law for law in index.laws}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for checked in checked_maps():
        law = law_of_file.get(checked.law)
        if law is None:
            continue
        mapped = defaultdict(set)
        for national, model_label in checked.links:
            mapped[model_label].add(national)
        for model_label, nationals in mapped.items():
            hits = [h for h in precedents_of(index, units[model_label], top=len(index.laws), per_law=3) if h.law == law]
            row = counts[checked.split]
            row[0] += 1
            row[1] += bool(hits) and hits[0].citation in nationals
            row[2] += any(h.citation in nationals for h in hits[:3])
    return counts


def main() -> int:
    model = load_model()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "synthetic"
        corpus.mkdir()
        synthetic_corpus(model, corpus)
        row, _ = measure(f"synthetic ({SYNTHETIC_LAWS} drafts)", corpus, model, tmp / "store-synthetic")
        rows.append(row)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        national = None
        if SHARED_NATIONAL.is_dir():
            row, national = measure("national laws (shared)", SHARED_NATIONAL, model, tmp / "store-national")
            rows.append(row)
        print(f"Precedents: {TOP} best laws for each of the {len(model.units())} model provisions (target: under {TARGET_MS} ms a query)")
        print("| corpus                     | laws | provisions |   build | reopen |    index | per-law cache | median query | p95 query |")
        print("|----------------------------|------|------------|---------|--------|----------|---------------|--------------|-----------|")
        for r in rows:
            print(f"| {r['corpus']:<26} | {r['laws']:>4} | {r['provisions']:>10,} | {r['build']:>5.1f} s | {r['reopen']:>4.2f} s "
                  f"| {r['index'] / 1e6:>5.1f} MB | {r['cache'] / 1e6:>10.1f} MB | {r['median']:>9.0f} ms | {r['p95']:>6.0f} ms |")
        worst = max(r["p95"] for r in rows)
        print(f"Target met: {'yes' if worst < TARGET_MS else 'no'} (worst p95 {worst:.0f} ms); "
              f"peak memory while building the synthetic index {peak:.0f} MB")
        if national is not None:
            print()
            print("National laws: is the first precedent found in a law one a reviewer mapped to the model provision?")
            print("| maps   | provision x law | first is mapped | one of first three |")
            print("|--------|-----------------|-----------------|--------------------|")
            for split, (n, first, three) in sorted(quality(national, model).items(), key=lambda kv: kv[0] != "tuning"):
                print(f"| {split:<6} | {n:>15} | {first / n:>15.3f} | {three / n:>18.3f} |")
            for ref in ("Section 2(5)", "Section 7(2)"):
                unit = next(u for u in model.units() if u.label == ref)
                hits = precedents_of(national, unit, top=3)
                print(f"{ref}: " + "; ".join(f"{h.rank}. {h.country} {h.citation} ({h.score:.2f})" for h in hits))
        else:
            print(f"(national laws not found at {SHARED_NATIONAL}: skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
