"""Speed and memory: reading, aligning and comparing long drafts against the model law.

Long drafts are built by chaining synthetic drafts (bench/synthetic.py) and renumbering their
sections, to about 10,000, 30,000 and 100,000 words. For each size it prints the time to read
and structure the text, the time to align and compare (first in this process, then again on a
fresh draft of the same size with everything warm), and, for the 30,000-word draft, the whole
CLI run in a new process (cold) with its peak memory.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from drafting.compare import compare  # noqa: E402
from drafting.ingest import read_bytes  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402
from synthetic import make_draft  # noqa: E402

ROOT = HERE.parent


def long_draft(model, words: int, offset: int = 0) -> str:
    """Synthetic drafts chained into one bill of about `words` words, sections renumbered."""
    chunks, total, seed, number = [], 0, offset, 0
    while total < words:
        text = make_draft(model, seed, style="section").text
        def renumber(m):
            nonlocal number
            number += 1
            return f"Section {number}."
        text = re.sub(r"^Section \d+\.", renumber, text, flags=re.M)
        text = re.sub(r"^PART (\d+)", lambda m: f"PART {seed * 20 + int(m.group(1))}", text, flags=re.M)
        for section in re.split(r"\n(?=Section \d+\.)", text):
            if total >= words:
                break
            chunks.append(section)
            total += len(section.split())
        seed += 1
    return "\n".join(chunks)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    model, load_seconds = timed(lambda: load_model("eu-aligned-model"))
    print(f"Speed (model law loaded and validated in {load_seconds:.2f} s)")
    print(f"| {'draft':>12} | {'units':>6} | {'read+structure':>14} | {'align+compare (first)':>21} | {'align+compare (warm)':>20} |")
    print(f"|{'-' * 14}|{'-' * 8}|{'-' * 16}|{'-' * 23}|{'-' * 22}|")
    for size in (10_000, 30_000, 100_000):
        text = long_draft(model, size)
        doc, read_seconds = timed(lambda: build_document(read_bytes(text.encode("utf-8"), "long.txt")))
        _, first = timed(lambda: compare(model, doc))
        other = build_document(read_bytes(long_draft(model, size, offset=50).encode("utf-8"), "long2.txt"))
        _, warm = timed(lambda: compare(model, other))
        print(f"| {len(text.split()):>6} words | {len(doc.units()):>6} | {read_seconds:>12.2f} s | {first:>19.2f} s | {warm:>18.2f} s |")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft30k.txt"
        path.write_text(long_draft(model, 30_000), encoding="utf-8")
        script = ("import resource, runpy, sys; sys.argv=['drafting','compare',%r,'--json',%r];"
                  "\ntry:\n    runpy.run_module('drafting', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                  "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)") % (str(path), str(Path(tmp) / "out.json"))
        t = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        peak = re.search(r"PEAK_KB (\d+)", run.stderr)
        peak_mb = int(peak.group(1)) / 1024 if peak else float("nan")
        print(f"Whole CLI run, cold, 30,000-word draft: {seconds:.2f} s, peak memory {peak_mb:.0f} MB (exit {run.returncode})")


if __name__ == "__main__":
    main()
