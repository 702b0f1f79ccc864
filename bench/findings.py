"""Findings quality.

1. The perturbation suite (bench/perturb.py): recall and precision per kind of finding on model
   provisions changed one way at a time, and substantive findings on form-only changes.
2. The planted divergences of every benchmark act (corpora/bench/acts.yaml: Northland and the
   acts written for this project; the final test set marked): how many are reported on the right
   pair, with the right kind and direction, and how many other substantive findings the
   comparison raises.
3. The demo draft: planted differences found, and other substantive findings.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import yaml  # noqa: E402

from benchmarks import SHARED, benchmark_acts, label_key, unit_key  # noqa: E402
from drafting.compare import compare  # noqa: E402
from drafting.ingest import read_path  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402
from perturb import run  # noqa: E402

ROOT = HERE.parent
# The kinds of finding that report each kind of planted divergence: an exception added as a point of
# a list of exceptions is an added exemption and a changed list at once.
KIND_OF = {"modality": {"modality"}, "number": {"number"}, "list": {"list", "exemption"}, "actor": {"actor"}, "trigger": {"trigger"},
           "definition": {"definition"}, "exemption": {"exemption", "list"}, "omission": {"gap", "omission", "list"}}
MODEL_REF = re.compile(r"Article (\d+[a-z]?)(?:\((\d+)\))?")


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


def _hit(comparison, act, divergence):
    """The finding that reports a planted divergence (None if none does)."""
    m = MODEL_REF.match(divergence.model)
    if not m:
        return None
    article, paragraph = m.group(1), m.group(2) or ""
    key = label_key(divergence.draft) if divergence.draft != "-" else None
    for pair in comparison.pairs:
        if pair.model.article.number != article:
            continue
        if paragraph and pair.model.provision is not pair.model.article and pair.model.provision.number != paragraph:
            continue
        on_draft = key is None or any(unit_key(u, act.fine) == key for u in pair.drafts)
        for f in pair.findings:
            if f.kind in KIND_OF.get(divergence.kind, {divergence.kind}) and (on_draft or f.kind == "gap"):
                if f.kind in ("gap", "omission") or f.direction == divergence.direction or divergence.direction == "different":
                    return f
    return None


def act_divergences(act, regulation) -> tuple[int, int, int, dict]:
    comparison = compare(regulation, build_document(read_path(act.text)))
    rows = act.divergences()
    found, matched = 0, set()
    misses = []
    for d in rows:
        hit = _hit(comparison, act, d)
        found += hit is not None
        if hit is not None:
            matched.add(hit.id)
        else:
            misses.append(f"{d.kind}/{d.direction} {d.draft} -> {d.model}")
    others = [f for p in comparison.pairs for f in p.findings if f.substantive and f.kind != "gap" and f.id not in matched]
    by_severity = {s: sum(1 for f in others if f.severity == s) for s in ("high", "medium", "low")}
    return found, len(rows), len(others), {"misses": misses, "severity": by_severity}


def divergences_table() -> None:
    reg = SHARED / "eu" / "reg_2021_821.txt"
    if not reg.exists():
        print(f"note: {reg} is absent; the benchmark acts are skipped")
        return
    regulation = load_model(str(reg))
    tuning_only = os.environ.get("TUNING_ONLY") == "1"
    print("Planted divergences of the benchmark acts (right pair, kind and direction)")
    print(f"| {'act':44} | {'set':6} | {'found':>7} | {'other substantive findings (high/medium/low)':>44} |")
    print(f"|{'-' * 46}|{'-' * 8}|{'-' * 9}|{'-' * 46}|")
    totals = {"tuning": [0, 0], "final": [0, 0]}
    notes = []
    for act in benchmark_acts():
        if tuning_only and act.split == "final" or not act.divergences():
            continue
        found, total, others, extra = act_divergences(act, regulation)
        totals[act.split][0] += found
        totals[act.split][1] += total
        sev = extra["severity"]
        print(f"| {act.title[:44]:44} | {act.split:6} | {found:>3}/{total:<3} | {others:>3} ({sev['high']}/{sev['medium']}/{sev['low']}){'':>33} |")
        notes += [f"  missed in {act.name}: {m}" for m in extra["misses"]]
    for split, (found, total) in totals.items():
        if total:
            print(f"{split} set: {found}/{total} planted divergences found ({found / total:.0%})")
    print("\n".join(notes))


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
    divergences_table()
    print()
    demo()


if __name__ == "__main__":
    main()
