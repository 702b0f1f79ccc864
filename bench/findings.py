"""Findings quality.

1. The perturbation suite (bench/perturb.py): recall and precision per kind of finding on model
   provisions changed one way at a time, and substantive findings on form-only changes.
2. The divergences planted in the Northland act (shared/corpora/eval/northland_stma.divergences.tsv):
   how many are reported on the right pair with the right kind, and how many other substantive
   findings the comparison raises.
3. The demo draft: planted differences found, and other substantive findings.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import yaml  # noqa: E402

from drafting.compare import compare  # noqa: E402
from drafting.ingest import read_path  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402
from gold import SHARED  # noqa: E402
from perturb import run  # noqa: E402

ROOT = HERE.parent
KIND_OF = {"modality": {"modality"}, "period": {"number"}, "list": {"list"}, "actor": {"actor"}, "trigger": {"trigger"},
           "omission": {"gap", "omission"}}


def perturbation_table() -> dict:
    result = run(load_model("eu-aligned-model"))
    print("Perturbation suite (model-law provisions changed one way at a time)")
    print(f"| {'kind':11} | {'cases':>5} | {'recall':>6} | {'reported':>8} | {'precision':>9} |")
    print(f"|{'-' * 13}|{'-' * 7}|{'-' * 8}|{'-' * 10}|{'-' * 11}|")
    for kind, row in result["table"].items():
        print(f"| {kind:11} | {row['cases']:>5} | {row['recall']:6.3f} | {row['reported']:>8} | {row['precision']:9.3f} |")
    print(f"Form-only changes (capitals, punctuation, spelling, numbering): {result['form_only']} cases, "
          f"{result['form_substantive']} with a substantive finding")
    return result


def _article_of(ref: str) -> tuple[str, str]:
    m = re.match(r"Article (\d+)(?:\((\d+)\))?", ref)
    return (m.group(1), m.group(2) or "") if m else ("", "")


def northland() -> None:
    path = SHARED / "eval" / "northland_stma.divergences.tsv"
    if not path.exists():
        print(f"note: {path} is absent; the Northland divergences are skipped")
        return
    c = compare(load_model(str(SHARED / "eu" / "reg_2021_821.txt")), build_document(read_path(SHARED / "eval" / "northland_stma.txt")))
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    found, matched_ids = 0, set()
    print("Northland act: planted divergences")
    for draft, model_ref, kind, _note in rows:
        article, paragraph = _article_of(model_ref)
        hit = None
        for pair in c.pairs:
            if pair.model.article.number != article:
                continue
            if paragraph and not pair.model.label.startswith(f"Article {article}({paragraph})"):
                continue
            section = re.match(r"Section \d+\([a-z]\)|Section \d+", draft)
            on_draft = draft == "-" or any(u.label.startswith(section.group(0)) for u in pair.drafts) if section else draft == "-"
            for f in pair.findings:
                if f.kind in KIND_OF[kind] and (on_draft or f.kind == "gap"):
                    hit = f
                    break
            if hit:
                break
        found += bool(hit)
        if hit:
            matched_ids.add(hit.id)
        print(f"  {'found ' if hit else 'MISSED'} {kind:9} {draft:16} {model_ref:15} {hit.message[:90] if hit else ''}")
    others = [f for p in c.pairs for f in p.findings if f.substantive and f.kind != "gap" and f.id not in matched_ids]
    by_severity = {s: sum(1 for f in others if f.severity == s) for s in ("high", "medium", "low")}
    print(f"Northland: {found}/{len(rows)} planted divergences reported on the right pair with the right kind; "
          f"{len(others)} other substantive findings (high {by_severity['high']}, medium {by_severity['medium']}, low {by_severity['low']})")


def demo() -> None:
    gold = yaml.safe_load((ROOT / "corpora" / "demo_draft.gold.yaml").read_text(encoding="utf-8"))
    c = compare(load_model(gold["model"]), build_document(read_path(ROOT / "corpora" / "demo_draft.docx")))
    found = 0
    matched = set()
    for d in gold["differences"]:
        pair = c.pair_for(d["model"])
        hits = [f for f in (pair.findings if pair else []) if f.kind == d["kind"] and f.direction == d["direction"]
                and any(u.label == d["draft"] for u in pair.drafts)]
        found += bool(hits)
        matched.update(f.id for f in hits)
    gaps = {g["model"] for g in gold["gaps"]}
    found_gaps = {p.model.id for p in c.pairs if p.status == "gap"}
    others = [f for p in c.pairs for f in p.findings if f.substantive and f.kind != "gap" and f.id not in matched]
    print(f"Demo draft: {found}/{len(gold['differences'])} planted differences found, {len(gaps & found_gaps)}/{len(gaps)} planted gaps, "
          f"{len(found_gaps - gaps)} other gaps, {len(others)} other substantive findings")


def main() -> None:
    perturbation_table()
    print()
    northland()
    print()
    demo()


if __name__ == "__main__":
    main()
