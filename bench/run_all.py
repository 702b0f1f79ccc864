"""`make bench`: every benchmark, one after the other; the figures also go into the README.

Each benchmark is a script that prints its own table; this runs them in turn, shows their
output, and replaces the part of README.md between the bench markers with it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHES = ["align.py", "findings.py", "precision.py", "multilingual.py", "speed.py", "parse_docx.py", "app_speed.py", "precedents.py",
           "store.py", "batch.py", "word_roundtrip.py"]


def main() -> int:
    sections = []
    failed = 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"== {name}", flush=True)
        t = time.perf_counter()
        run = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True, text=True)
        output = run.stdout.strip()
        print(output)
        if run.returncode != 0:
            failed += 1
            print(run.stderr[-2000:], file=sys.stderr)
            output += f"\n(failed with exit status {run.returncode})"
        sections.append(f"### {name} ({time.perf_counter() - t:.0f} s)\n\n```\n{output}\n```")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        stamp = time.strftime("%Y-%m-%d")
        body = f"\nLatest run: {stamp}, on this 2-core machine.\n\n" + "\n\n".join(sections) + "\n"
        readme.write_text(head + start + body + end + tail, encoding="utf-8")
        print("README.md updated with these figures.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
