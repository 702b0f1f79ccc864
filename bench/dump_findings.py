"""Write every substantive finding of the real national laws (compared with the bundled model law)
as JSON lines, with both texts, for reviewers to judge (see bench/precision.py).

    .venv/bin/python bench/dump_findings.py OUT.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchmarks import SHARED  # noqa: E402
from drafting.compare import compare  # noqa: E402
from drafting.findings import SUBSTANTIVE_KINDS  # noqa: E402
from drafting.ingest import read_path  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402


def real_law_findings():
    """(law, pair or national-only unit, finding) for every finding of a substantive kind of every law in the
    shared corpus, provisional ones included (bench/precision.py reports both)."""
    model = load_model("eu-aligned-model")
    for path in sorted((SHARED / "national").glob("*.txt")):
        comparison = compare(model, build_document(read_path(path)))
        for pair in comparison.pairs:
            for f in pair.findings:
                if f.kind in SUBSTANTIVE_KINDS:
                    yield path.stem, pair, f
        for n in comparison.national_only:
            for f in n.findings:
                if f.kind in SUBSTANTIVE_KINDS:
                    yield path.stem, n, f


def main() -> None:
    out = Path(sys.argv[1])
    rows = []
    for law, holder, f in real_law_findings():
        model_unit = getattr(holder, "model", None)
        drafts = getattr(holder, "drafts", None) or [holder.unit]
        rows.append({
            "id": f.id, "law": law, "kind": f.kind, "provisional": f.provisional, "direction": f.direction, "severity": f.severity, "message": f.message,
            "model": model_unit.label if model_unit else "", "model_heading": model_unit.heading() if model_unit else "",
            "model_text": model_unit.text() if model_unit else "",
            "model_words": f.model_span.text if f.model_span else "",
            "draft": [u.label for u in drafts], "draft_text": "\n".join(u.text() for u in drafts),
            "draft_words": f.draft_span.text if f.draft_span else "",
        })
    out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} substantive findings written to {out}")


if __name__ == "__main__":
    main()
