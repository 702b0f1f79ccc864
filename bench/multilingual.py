"""Drafts in other languages against the English model: alignment and findings, per language.

    benchmark acts translated for the project (corpora/multilingual): Northland into French, Spanish,
        Russian and Arabic, Lindmark into French, Spanish, Russian and Arabic -> Regulation (EU) 2021/821 in English,
        scored with the original's gold, and its planted divergences;
    official language versions with the same numbering (identity pairs): Canada's Export and Import
        Permits Act, French against English.

English figures for comparison come from the same run (each translation's English original). Also the time
to align and compare each translation (warm: the language's tables loaded once before; the median of three
runs) against the English original's time.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchmarks import MULTILINGUAL, SHARED, act_case, benchmark_acts, identity_case, score_links, translated_acts  # noqa: E402
from drafting.align import align  # noqa: E402
from drafting.compare import compare  # noqa: E402
from drafting.language import detect_document  # noqa: E402
from drafting.modelset import load_model  # noqa: E402
from drafting.vocabulary import lexicon_size  # noqa: E402
from findings import _hit  # noqa: E402
from train_align import TRANSLATIONS_TUNING  # noqa: E402


TIMED_RUNS = 3  # a run takes a few tenths of a second: the median of three is less at the mercy of the machine


def run(case):
    align(case.model, case.document)  # once, so that each language's tables are loaded: the time is a warm run
    times = []
    for _ in range(TIMED_RUNS):
        t = time.perf_counter()
        al = align(case.model, case.document)
        comparison = compare(case.model, case.document, al)
        times.append(time.perf_counter() - t)
    links = [(link.draft, m.model, link.confidence) for m in al.matches for link in m.links]
    return score_links(case, links, al.national_only), comparison, statistics.median(times)


def main() -> None:
    reg = SHARED / "eu" / "reg_2021_821.txt"
    if not reg.exists():
        print(f"note: {reg} is absent; the multilingual benchmarks are skipped")
        return
    regulation = load_model(str(reg))
    print("Drafts in other languages against the English model (Regulation (EU) 2021/821)")
    print("(the cross-lingual link model is fitted on the translations marked tuning, and the lexicons read on them; the Northland "
          "act in Russian and Arabic and Canada's official French are its test set (final). English rows: the original, "
          "same-language model)")
    print(f"| {'draft':40} | {'lang':4} | {'detected':8} | {'set':6} | {'P':>5} | {'R':>5} | {'F1':>5} | {'divergences':>11} | {'time':>6} | {'x English':>9} |")
    print(f"|{'-' * 42}|{'-' * 6}|{'-' * 10}|{'-' * 8}|{'-' * 7}|{'-' * 7}|{'-' * 7}|{'-' * 13}|{'-' * 8}|{'-' * 11}|")
    translations = translated_acts()
    originals = [a for a in benchmark_acts() if any(t.name.rsplit("-", 1)[0] == a.name for _, t in translations)]
    rows = [(lang, act) for original in originals for lang, act in
            [("en", original)] + [(lang, t) for lang, t in translations if t.name.rsplit("-", 1)[0] == original.name]]
    english_seconds: dict[str, float] = {}
    totals: dict[str, list[int]] = {}
    for lang, act in rows:
        case = act_case(act, regulation)
        score, comparison, seconds = run(case)
        original = act.name.rsplit("-", 1)[0] if lang != "en" else act.name
        english_seconds.setdefault(original, seconds)  # the English original comes first: the time ratio's base
        found = sum(1 for d in act.divergences() if _hit(comparison, act, d))
        totals.setdefault(lang, [0, 0])
        totals[lang][0] += found
        totals[lang][1] += len(act.divergences())
        detected = detect_document([u.text() for u in case.document.units()]).code
        split = "-" if lang == "en" else "tuning" if act.name in TRANSLATIONS_TUNING and act.split == "tuning" else "final"
        print(f"| {act.title[:40]:40} | {lang:4} | {detected:8} | {split:6} | {score.p:5.3f} | {score.r:5.3f} | {score.f1:5.3f} | "
              f"{found:>5}/{len(act.divergences()):<5} | {seconds:5.2f}s | {seconds / english_seconds[original]:8.2f}x |")
    canada = identity_case("fr", "Canada EIPA fr -> en", MULTILINGUAL / "canada_eipa.en.txt", MULTILINGUAL / "canada_eipa.fr.txt")
    if canada is not None:
        score, _, seconds = run(canada)
        print(f"| {'Canada EIPA, French -> English (official)':40} | {'fr':4} | {'fr':8} | {'final':6} | {score.p:5.3f} | {score.r:5.3f} | "
              f"{score.f1:5.3f} | {'-':>11} | {seconds:5.2f}s | {'':>9} |")
    print("Planted divergences found, per language: " + ", ".join(
        f"{lang} {found}/{total} ({found / total:.0%})" for lang, (found, total) in totals.items() if total))
    sizes = lexicon_size()
    print("Bilingual concept lexicon (phrases per language): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
