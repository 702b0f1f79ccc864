"""Alignment quality: pairs found against gold alignments, gaps and draft-only provisions.

    Regulation 428/2009 (as the draft) -> Regulation 2021/821 (as the model), scored against the
        official correlation table at article level;
    the Northland act -> Regulation 2021/821, scored section/subsection -> article;
    the demo draft -> the bundled model law, scored against corpora/demo_draft.gold.yaml;
    synthetic drafts made from the model law (bench/synthetic.py), six seeds.

Prints one table. Corpora under ../shared are skipped (with a note) when absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from statistics import mean

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import yaml  # noqa: E402

from drafting.align import align  # noqa: E402
from drafting.ingest import read_bytes, read_path  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.structure import build_document  # noqa: E402
from gold import SHARED, correlation_pairs, northland_pairs, prf  # noqa: E402
from synthetic import make_draft  # noqa: E402

ROOT = HERE.parent


def row(name: str, pred: set, gold: set, gaps: tuple[int, int], national: tuple[int, int], seconds: float) -> dict:
    p, r, f = prf(pred, gold)
    return {"corpus": name, "P": p, "R": r, "F1": f, "gaps": f"{gaps[0]}/{gaps[1]}", "draft-only": f"{national[0]}/{national[1]}",
            "time": seconds}


def _align_with_regulation_2021_821(draft_path: Path):
    """The alignment of a shared-corpus text with Regulation (EU) 2021/821 (None if the corpus is absent)."""
    if not (SHARED / "eu" / "reg_2021_821.txt").exists() or not draft_path.exists():
        return None
    return align(load_model(str(SHARED / "eu" / "reg_2021_821.txt")), build_document(read_path(draft_path)))


def eu_regulations() -> dict | None:
    t = time.perf_counter()
    al = _align_with_regulation_2021_821(SHARED / "eu" / "reg_428_2009.txt")
    if al is None:
        return None
    pred = {(link.draft.article.number, m.model.article.number) for m in al.matches for link in m.links}
    gold, new_only, old_only = correlation_pairs()
    linked_new = {m.model.article.number for m in al.matches if m.links}
    linked_old = {a for a, _ in pred}
    return row("Reg. 428/2009 -> 2021/821 (articles)", pred, gold, (len(new_only - linked_new), len(new_only)),
               (len(old_only - linked_old), len(old_only)), time.perf_counter() - t)


def northland() -> dict | None:
    t = time.perf_counter()
    al = _align_with_regulation_2021_821(SHARED / "eval" / "northland_stma.txt")
    if al is None:
        return None
    pred = {(link.draft.label, m.model.article.number) for m in al.matches for link in m.links}
    gold, gaps, national = northland_pairs()
    linked = {m.model.article.number for m in al.matches if m.links}
    found_national = {u.label for u in al.national_only}
    return row("Northland act -> 2021/821 (section -> article)", pred, gold, (len(gaps - linked), len(gaps)),
               (len(national & found_national), len(national)), time.perf_counter() - t)


def demo() -> dict:
    t = time.perf_counter()
    gold_file = yaml.safe_load((ROOT / "corpora" / "demo_draft.gold.yaml").read_text(encoding="utf-8"))
    model = load_model(gold_file["model"])
    draft = build_document(read_path(ROOT / "corpora" / "demo_draft.docx"))
    al = align(model, draft)
    pred = {(link.draft.label, m.model.id) for m in al.matches for link in m.links}
    gold = {(a["draft"], mid) for a in gold_file["alignment"] for mid in a["model"]}
    gaps = {g["model"] for g in gold_file["gaps"]}
    national = {a["draft"] for a in gold_file["alignment"] if not a["model"]}
    found_gaps = {m.model.id for m in al.matches if m.is_gap}
    found_national = {u.label for u in al.national_only}
    return row("Demo draft -> model law (units)", pred, gold, (len(gaps & found_gaps), len(gaps)),
               (len(national & found_national), len(national)), time.perf_counter() - t)


def synthetic(seeds: int = 6) -> dict:
    t = time.perf_counter()
    model = load_model("eu-aligned-model")
    scores, gap_hits, gap_total, nat_hits, nat_total = [], 0, 0, 0, 0
    for seed in range(seeds):
        sd = make_draft(model, seed)
        al = align(model, build_document(read_bytes(sd.text.encode("utf-8"), f"synthetic-{seed}.txt")))
        pred = {(link.draft.label, m.model.id) for m in al.matches for link in m.links}
        scores.append(prf(pred, sd.gold))
        found_gaps = {m.model.id for m in al.matches if m.is_gap}
        gap_hits += len(sd.gaps & found_gaps)
        gap_total += len(sd.gaps)
        nat_hits += len(sd.national & {u.label for u in al.national_only})
        nat_total += len(sd.national)
    p, r, f = (mean(s[i] for s in scores) for i in range(3))
    return {"corpus": f"Synthetic drafts from the model law ({seeds} seeds, mean)", "P": p, "R": r, "F1": f,
            "gaps": f"{gap_hits}/{gap_total}", "draft-only": f"{nat_hits}/{nat_total}", "time": time.perf_counter() - t}


def main() -> list[dict]:
    rows = [r for r in (eu_regulations(), northland(), demo(), synthetic()) if r is not None]
    if not (SHARED / "eu").exists():
        print(f"note: {SHARED} is absent; the EU and Northland rows are skipped")
    print("Alignment quality")
    print(f"| {'corpus':50} | {'P':>5} | {'R':>5} | {'F1':>5} | {'gaps found':>10} | {'draft-only found':>16} | {'time':>6} |")
    print(f"|{'-' * 52}|{'-' * 7}|{'-' * 7}|{'-' * 7}|{'-' * 12}|{'-' * 18}|{'-' * 8}|")
    for r in rows:
        print(f"| {r['corpus']:50} | {r['P']:5.3f} | {r['R']:5.3f} | {r['F1']:5.3f} | {r['gaps']:>10} | {r['draft-only']:>16} | {r['time']:5.1f}s |")
    return rows


if __name__ == "__main__":
    main()
