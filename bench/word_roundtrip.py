"""The Word round trip: suggestions worked out, written as tracked changes, and read back.

For the demo bill and for a long synthetic draft (about 30,000 words, read as text and rendered
as .docx; every seventh "shall" made a "may", "five years" made "three years", every tenth
section left out, so that there is something to suggest) it prints how many findings get a suggestion (by kind), the time to write the annotated .docx with
every suggestion as a tracked change, and the time to read that file back as a returned answer
(comments, threads, the state of each change), with how many changes were recognised as pending.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from drafting.export.word import annotate_docx, comments_from_comparison, render_docx  # noqa: E402
from drafting.ingest.returned import read_returned_docx  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.pipeline import compare_draft, read_draft, read_draft_path  # noqa: E402
from speed import long_draft  # noqa: E402

ROOT = HERE.parent


def plant_differences(text: str) -> str:
    """Weaker duties, shorter periods and missing sections in a draft that follows the model."""
    sections = re.split(r"\n(?=Section \d+\.)", text)
    text = "\n".join(s for i, s in enumerate(sections) if i % 10 != 9)
    count = 0

    def weaken(m):
        nonlocal count
        count += 1
        return "may" if count % 7 == 0 else m.group(0)

    return re.sub(r"\bshall\b", weaken, text).replace("five years", "three years")


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def measure(name: str, draft, comparison) -> str:
    comments = comments_from_comparison(comparison, author="Reviewer", suggest=True)
    kinds = Counter(next(f.kind for f in comparison.findings() if f.id == c.finding_id) for c in comments if c.suggestion)
    if draft.format == "docx":
        data, write = timed(lambda: annotate_docx(draft.data, draft.source, draft.document, comments))
    else:
        data, write = timed(lambda: render_docx(draft.source, draft.document, comments))
    returned, read = timed(lambda: read_returned_docx(data, "returned.docx"))
    pending = sum(1 for c in returned.changes if c.status == "pending")
    by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    return (f"| {name:>22} | {len(draft.document.units()):>5} | {sum(kinds.values()):>11} ({by_kind}) | {write:>7.2f} s | "
            f"{read:>7.2f} s | {pending}/{len(returned.changes)} |")


def main() -> None:
    model = load_model("eu-aligned-model")
    print("Word round trip (every suggestion as a tracked change, then the file read back as an answer)")
    print(f"| {'draft':>22} | {'units':>5} | suggestions (by kind) | {'write':>9} | {'read back':>9} | pending found |")
    demo = read_draft_path(ROOT / "corpora" / "demo_draft.docx")
    print(measure("demo bill (.docx)", demo, compare_draft(demo, model)))
    text = plant_differences(long_draft(model, 30_000))
    long = read_draft(text.encode("utf-8"), "long.txt")
    print(measure(f"{len(text.split()):,} words (.txt)", long, compare_draft(long, model)))


if __name__ == "__main__":
    main()
