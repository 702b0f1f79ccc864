"""Check that a translation of a benchmark act keeps the original's structure, so that the
original's gold and planted divergences hold for it (bench/benchmarks.py: translated_acts).

    .venv/bin/python bench/check_translation.py corpora/bench/tavria_law_export_control.txt \
        corpora/multilingual/tavria_law_export_control.ru.txt

Prints the units (article, first-level part) each text is read into, side by side, and every
place where they differ; exits 1 when they differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchmarks import unit_key  # noqa: E402
from drafting.ingest import read_path  # noqa: E402
from drafting.structure import build_document  # noqa: E402


def keys(path: str) -> list[tuple[str, str]]:
    """The units of a text as (article number, position of its first-level part), in order."""
    fine = {}  # every article at its first level
    document = build_document(read_path(path))
    for unit in document.units():
        fine.setdefault(unit.article.number.lower(), {"*"})
    return list(dict.fromkeys(unit_key(u, fine) for u in document.units()))


def main(original: str, translation: str) -> int:
    a, b = keys(original), keys(translation)
    missing, extra = [k for k in a if k not in b], [k for k in b if k not in a]
    print(f"original: {len(a)} units; translation: {len(b)} units")
    for k in missing:
        print(f"  in the original, not in the translation: article {k[0]} part {k[1] or '-'}")
    for k in extra:
        print(f"  in the translation, not in the original: article {k[0]} part {k[1] or '-'}")
    if not missing and not extra and a != b:
        print("  same units, in another order")
    return 1 if missing or extra or a != b else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
