"""Judged precision of the findings on real national laws (compared with the bundled model law).

Every substantive finding of every law in ../shared/corpora/national was judged by a reviewer
(a helper who never saw the tool's code) with the law in front of them: correct, incorrect or
unclear, with the cause of each incorrect one (bench/data/precision/verdicts_*.tsv, one file per
round of judging; a finding keeps its stable id across runs, so a verdict stays attached to it).
This prints, for the findings the comparison makes today, precision by kind among those judged,
apart for the findings it asserts and for the provisional ones (on pairings it is not sure of:
shown, but not asserted until a reviewer confirms the pairing), and how many are not judged yet.

    .venv/bin/python bench/precision.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchmarks import SHARED  # noqa: E402
from drafting.compare import compare  # noqa: E402
from drafting.findings import SUBSTANTIVE_KINDS  # noqa: E402
from drafting.ingest import read_path  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402

VERDICTS = HERE / "data" / "precision"


def verdicts() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(VERDICTS.glob("verdicts_*.tsv")):
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            out[row["id"]] = row  # a later round's verdict on the same finding wins
    return out


def findings_today():
    """(law, finding) for every finding of a substantive kind, asserted or provisional."""
    model = load_model("eu-aligned-model")
    for path in sorted((SHARED / "national").glob("*.txt")):
        comparison = compare(model, build_document(read_path(path)))
        for f in comparison.findings():
            if f.kind in SUBSTANTIVE_KINDS and f.kind != "gap":
                yield path.stem, f


def table(rows: list[tuple[str, object]], judged: dict[str, dict], title: str) -> None:
    counts: dict[str, Counter] = defaultdict(Counter)
    causes: Counter = Counter()
    for _, f in rows:
        verdict = judged.get(f.id, {}).get("verdict", "not judged")
        counts[f.kind][verdict] += 1
        counts["all"][verdict] += 1
        if verdict == "incorrect":
            causes[judged[f.id].get("cause", "other")] += 1
    print(title)
    print(f"| {'kind':10} | {'findings':>8} | {'correct':>7} | {'incorrect':>9} | {'unclear':>7} | {'not judged':>10} | {'precision':>9} |")
    print(f"|{'-' * 12}|{'-' * 10}|{'-' * 9}|{'-' * 11}|{'-' * 9}|{'-' * 12}|{'-' * 11}|")
    for kind in sorted(counts, key=lambda k: (k == "all", k)):
        c = counts[kind]
        decided = c["correct"] + c["incorrect"]
        precision = f"{c['correct'] / decided:9.3f}" if decided else f"{'-':>9}"
        print(f"| {kind:10} | {sum(c.values()):>8} | {c['correct']:>7} | {c['incorrect']:>9} | {c['unclear']:>7} | {c['not judged']:>10} | {precision} |")
    if causes:
        print("  causes of incorrect findings: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))


def main() -> None:
    if not (SHARED / "national").exists():
        print(f"note: {SHARED / 'national'} is absent; the precision study is skipped")
        return
    judged = verdicts()
    rows = list(findings_today())
    asserted = [(law, f) for law, f in rows if not f.provisional]
    provisional = [(law, f) for law, f in rows if f.provisional]
    print(f"Findings on {len({law for law, _ in rows})} real national laws compared with the model law; "
          f"{len(judged)} verdicts on record")
    table(asserted, judged, "Asserted findings (pairing at least 80% likely right)")
    table(provisional, judged, "Provisional findings (uncertain pairing: shown, not asserted)")


if __name__ == "__main__":
    main()
