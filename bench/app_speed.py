"""How fast the app answers a click on a long draft (server side, measured with Streamlit's AppTest).

A 30,000-word draft is loaded and compared once (the comparison is cached); then common clicks
are timed: open the next provision, open the Overview, filter, jump back. Target: under 300 ms
per click on this 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from streamlit.testing.v1 import AppTest  # noqa: E402

from drafting.modelset import load_model  # noqa: E402
from drafting.pipeline import read_draft  # noqa: E402
from speed import long_draft  # noqa: E402


def timed(at: AppTest, action) -> float:
    t = time.perf_counter()
    action()
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return time.perf_counter() - t


def main() -> None:
    os.environ["DRAFTING_DATA_DIR"] = tempfile.mkdtemp()
    os.chdir(ROOT)
    text = long_draft(load_model("eu-aligned-model"), 30_000)
    draft = read_draft(text.encode("utf-8"), "long-draft.txt")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.session_state["draft"] = draft
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    at.session_state["reviewer"] = "Benchmark"  # the name a reviewer gives at the first comment
    clicks: dict[str, list[float]] = {"next provision": [], "overview": [], "side by side": [], "filter gaps": []}
    for _ in range(5):
        clicks["side by side"].append(timed(at, lambda: at.sidebar.radio[0].set_value("Side by side")))
        for _ in range(3):
            clicks["next provision"].append(timed(at, lambda: next(b for b in at.button if b.label == "Next ▶").click()))
        clicks["overview"].append(timed(at, lambda: at.sidebar.radio[0].set_value("Overview")))
    at.sidebar.radio[0].set_value("Side by side")
    at.run()
    clicks["filter gaps"].append(timed(at, lambda: at.multiselect(key="f_status").set_value(["gap"])))
    print(f"App on a {len(text.split())}-word draft: first load and comparison {first:.2f} s (then cached)")
    print(f"| {'click':16} | {'n':>2} | {'median':>8} | {'max':>8} |")
    print(f"|{'-' * 18}|{'-' * 4}|{'-' * 10}|{'-' * 10}|")
    for name, times in clicks.items():
        print(f"| {name:16} | {len(times):>2} | {statistics.median(times) * 1000:6.0f} ms | {max(times) * 1000:6.0f} ms |")


if __name__ == "__main__":
    main()
