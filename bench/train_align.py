"""Fit the alignment's link model on the tuning benchmarks and write drafting/data/alignment.yaml.

    .venv/bin/python bench/train_align.py            # fit, report, write
    .venv/bin/python bench/train_align.py --dry-run  # fit and report only

Training data: every (draft unit, model unit) pair of the cases marked `tuning` — the benchmark
acts of that split, Regulation 428/2009 against 2021/821, the demo bill, synthetic drafts (seeds
100-103, not the ones bench/align.py scores) and the tuning half of the real laws' checked maps.
The final test set is never read here. Each case weighs the same in the fit, whatever its size.

Labels: a pair is right when its gold says so. Where the gold names only an article ("Section 2
-> Article 1") and that article has several paragraphs, the paragraph the draft unit resembles
most is taken as the right one and the others are left out of the fit; where the gold names a
paragraph, the article's other paragraphs are wrong.

Then the threshold (a pair at least this likely is a link) and the rescue level are chosen to give
the best mean F1 over the tuning cases, and a leave-one-case-out run shows how the fit does on a
case it did not see.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from benchmarks import (SHARED, Case, act_case, benchmark_acts, checked_maps, demo_case, eu_case, map_case,  # noqa: E402
                        score_links, synthetic_case, translated_acts)
from drafting.align import pair_evidence  # noqa: E402
from drafting.align.assign import Levels, assign  # noqa: E402
from drafting.align.evidence import FEATURES  # noqa: E402
from drafting.align.scoring import WEIGHTS_PATH, LinkModel, Logistic, levels_as_yaml  # noqa: E402
from drafting.modelset import load_model  # noqa: E402

L2 = 1.0  # ridge penalty on the weights (in units of one case's total weight)
# How much one case of each group weighs in the fit (an act weighs 1): the synthetic drafts and the
# demo are easy and alike, so together they count as one act, not as five.
CASE_SHARE = {"synthetic": 0.25, "demo": 0.5}


class Prepared:
    """A case with its evidence and training labels."""

    def __init__(self, case: Case):
        self.case = case
        m, d, evidence = pair_evidence(case.model, case.document)
        self.m_units, self.d_units = m.units, d.units
        self.evidence = evidence
        self.stacked = evidence.stack()
        self.X = self.stacked.reshape(-1, len(FEATURES)).astype(np.float64)
        y, w = labels(case, m.units, d.units, evidence["base"])
        self.y, self.w = y.ravel(), w.ravel()

    def score(self, prob: np.ndarray, is_first: np.ndarray, levels: Levels):
        decision = assign(prob, is_first, levels, self.evidence)
        links = [(self.d_units[j], self.m_units[i], p) for i, pairs in decision.links.items() for j, p in pairs]
        return score_links(self.case, links, [self.d_units[j] for j in decision.national])


def labels(case: Case, m_units, d_units, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n_d, n_m = len(d_units), len(m_units)
    y = np.zeros((n_d, n_m))
    w = np.ones((n_d, n_m))
    judged = case.judged or (lambda _u: True)
    article_level = case.group in ("act", "eu")
    by_article: dict[str, list[int]] = {}
    for i, mu in enumerate(m_units):
        by_article.setdefault(mu.article.number, []).append(i)
    d_terms = [_defined(u) for u in d_units]
    m_terms = [_defined(u) for u in m_units]
    for j, du in enumerate(d_units):
        if not judged(du):
            w[j] = 0.0
            continue
        for i, mu in enumerate(m_units):
            if d_terms[j] and m_terms[i] and d_terms[j] != m_terms[i]:
                continue  # a gold that names only the definitions section does not pair every term with every other
            if case.key(du, mu) in case.gold:
                if case.precise is not None and not case.precise(du, mu):
                    continue  # the gold names another paragraph of this article: wrong
                y[j, i] = 1.0
        if article_level:
            # article-level gold: of the article's paragraphs, only the closest counts as right
            for article, members in by_article.items():
                if len(members) < 2:
                    continue
                right = [i for i in members if y[j, i] == 1.0]
                if len(right) < 2:
                    continue
                best = max(right, key=lambda i: base[j, i])
                for i in right:
                    if i != best:
                        y[j, i], w[j, i] = 0.0, 0.0
    total = w.sum()
    share = CASE_SHARE.get(case.group, 1.0)
    return y, (w * share / total if total else w)


def _defined(unit) -> str:
    """The term a unit defines, reduced to a concept where the vocabulary knows it ("" if none),
    read as alignment reads it (drafting.align.features.describe)."""
    from drafting.align.features import normalise_term
    from drafting.nlp import analyse, defined_term

    doc = analyse(unit.text())
    return normalise_term(defined_term(unit, doc), doc.lang_)


def fit_logistic(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Weighted logistic regression by Newton's method, with a ridge on the weights (not the bias)."""
    keep = w > 0
    X, y, w = X[keep], y[keep], w[keep]
    X1 = np.hstack([X, np.ones((len(X), 1))])
    beta = np.zeros(X1.shape[1])
    ridge = np.full(X1.shape[1], L2 * 1e-3)
    ridge[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(X1 @ beta)))
        grad = X1.T @ (w * (p - y)) + ridge * beta
        hess = (X1 * (w * p * (1 - p))[:, None]).T @ X1 + np.diag(ridge)
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(beta)), grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta[:-1], float(beta[-1])


def _as_logistic(weights: np.ndarray, bias: float) -> Logistic:
    return Logistic({name: float(v) for name, v in zip(FEATURES, weights)}, bias)


def fit(prepared: list[Prepared]) -> LinkModel:
    """The first-link model on every pair; the further-link model on the pairs that are not their
    draft unit's most likely one under the first model. Levels are chosen afterwards."""
    X = np.vstack([p.X for p in prepared])
    y = np.concatenate([p.y for p in prepared])
    w = np.concatenate([p.w for p in prepared])
    first = _as_logistic(*fit_logistic(X, y, w))
    not_first = []
    for p in prepared:
        prob = first.probabilities(p.stacked)
        mask = np.ones(prob.shape, dtype=bool)
        mask[np.arange(prob.shape[0]), prob.argmax(axis=1)] = False
        not_first.append(mask.ravel())
    mask = np.concatenate(not_first)
    further = _as_logistic(*fit_logistic(X, y, w * mask))
    return LinkModel(first, further, Levels(0.5, 0.5))


def choose_levels(prepared: list[Prepared], model: LinkModel) -> tuple[LinkModel, float]:
    """The levels (drafting.align.assign.Levels) with the best mean F1 over the cases, searched one
    after the other: thresholds first, then the function floor, the rescue level, the definition
    floor and the paragraph rule. F1 counts a link to any paragraph of the right article, so the
    paragraph rule is chosen by F1 first and then by how many gold paragraph pairs it links to the
    very paragraph ("Section 20" to Article 27(3), where the planted divergence is)."""
    probs = [model.probabilities(p.evidence) for p in prepared]
    shares = [CASE_SHARE.get(p.case.group, 1.0) for p in prepared]

    def scores(levels: Levels) -> list:
        return [p.score(pr, first, levels) for p, (pr, first) in zip(prepared, probs)]

    def mean_f1(levels: Levels) -> float:
        return float(np.average([s.f1 for s in scores(levels)], weights=shares))

    def f1_then_paragraphs(levels: Levels) -> tuple[float, float]:
        found = scores(levels)
        paragraphs = [s.paragraph_recall for s in found if s.paragraph_recall is not None]
        return round(float(np.average([s.f1 for s in found], weights=shares)), 4), float(np.mean(paragraphs)) if paragraphs else 0.0

    grid = [(round(float(a), 2), round(float(b), 2)) for a in np.arange(0.15, 0.61, 0.05) for b in np.arange(0.2, 0.81, 0.05)]
    levels = Levels(*max(grid, key=lambda ab: mean_f1(Levels(*ab))))
    levels = max((replace(levels, function_floor=f) for f in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)), key=mean_f1)
    levels = max((replace(levels, rescue=r) for r in (0.05, 0.1, 0.15, 0.2, 1.01) if r > 1 or r <= levels.first), key=mean_f1)
    levels = max((replace(levels, definition_floor=f) for f in (0.0, 0.4, 0.5, 0.6)), key=mean_f1)
    levels = max((replace(levels, paragraph_match=m, paragraph_probability=p, sibling_match=s)
                  for m in (0.2, 0.25, 0.3, 0.35) for p in (0.05, 0.1, 0.15, 0.2) for s in (0.1, 0.15, 0.2, 1.01)),
                 key=f1_then_paragraphs)
    return LinkModel(model.first, model.further, levels), mean_f1(levels)


def describe_levels(levels: Levels) -> str:
    return (f"first from {levels.first}, further from {levels.further}, rescue {levels.rescue}, function floor "
            f"{levels.function_floor}, definition floor {levels.definition_floor}, paragraphs from likeness "
            f"{levels.paragraph_match} (in a linked article {levels.sibling_match}) and probability {levels.paragraph_probability}")


# translations fitted on (and the lexicons read on): in a Latin script like the model's English
# (one model), and in another script (another model: drafting.align.scoring.load_link_model); the
# Northland act in Russian and Arabic, and Canada's official French, are the test
CROSS_LINGUAL_TUNING = ("northland-fr", "northland-es", "lindmark-fr", "lindmark-es")
CROSS_SCRIPT_TUNING = ("lindmark-ru", "lindmark-ar", "tavria-ru", "tavria-ar", "carralis-ru", "carralis-ar")
TRANSLATIONS_TUNING = CROSS_LINGUAL_TUNING + CROSS_SCRIPT_TUNING


def cross_lingual_cases(names: tuple[str, ...]) -> list[Case]:
    reg = SHARED / "eu" / "reg_2021_821.txt"
    if not reg.exists():
        return []
    regulation = load_model(str(reg))
    return [act_case(act, regulation) for _, act in translated_acts() if act.name in names]


def fit_translations() -> dict[str, dict]:
    """The cross-lingual and the cross-script models, each fitted on its tuning translations, as
    they are written to alignment.yaml (nothing where the translations or the Regulation are absent)."""
    out = {}
    for key, names in (("cross_lingual", CROSS_LINGUAL_TUNING), ("cross_script", CROSS_SCRIPT_TUNING)):
        cases = [Prepared(c) for c in cross_lingual_cases(names)]
        if not cases:
            continue
        model, f1 = choose_levels(cases, fit(cases))
        print(f"{key.replace('_', '-')} model ({', '.join(p.case.name for p in cases)}): {describe_levels(model.levels)}: "
              f"mean F1 {f1:.3f}")
        out[key] = {"fitted": time.strftime("%Y-%m-%d"), "fitted_on": [p.case.name for p in cases], **_as_yaml(model)}
    return out


def tuning_cases() -> list[Case]:
    reg = SHARED / "eu" / "reg_2021_821.txt"
    model_law = load_model("eu-aligned-model")
    cases: list[Case] = []
    if reg.exists():
        regulation = load_model(str(reg))
        cases += [act_case(a, regulation) for a in benchmark_acts() if a.split == "tuning"]
        eu = eu_case(regulation)
        cases += [eu] if eu else []
        cases += [map_case(cm, model_law) for cm in checked_maps() if cm.split == "tuning"]
    cases.append(demo_case(model_law))
    cases += [synthetic_case(model_law, seed) for seed in (100, 101, 102, 103)]
    return cases


def _as_yaml(model: LinkModel) -> dict:
    return {
        "first": {"weights": {k: round(v, 4) for k, v in model.first.weights.items()}, "bias": round(model.first.bias, 4)},
        "further": {"weights": {k: round(v, 4) for k, v in model.further.weights.items()}, "bias": round(model.further.bias, 4)},
        **levels_as_yaml(model.levels),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--no-loo", action="store_true", help="skip the leave-one-case-out report")
    parser.add_argument("--cross-lingual-only", action="store_true",
                        help="refit only the models for translations; the same-language one stays as written")
    args = parser.parse_args()
    if args.cross_lingual_only:
        fit_cross_lingual_only(args.dry_run)
        return
    t = time.perf_counter()
    prepared = [Prepared(c) for c in tuning_cases()]
    print(f"{len(prepared)} tuning cases prepared in {time.perf_counter() - t:.1f} s: {', '.join(p.case.name for p in prepared)}")
    model, mean_f1 = choose_levels(prepared, fit(prepared))
    print(f"{describe_levels(model.levels)}: mean F1 on the tuning cases {mean_f1:.3f}")
    print(f"  {'signal':12} {'first':>7} {'further':>7}")
    for name in FEATURES:
        print(f"  {name:12} {model.first.weights[name]:+7.3f} {model.further.weights[name]:+7.3f}")
    print(f"  {'bias':12} {model.first.bias:+7.3f} {model.further.bias:+7.3f}")
    if not args.no_loo:
        print("Leave one case out (fit without the case, scored on it):")
        for k, held in enumerate(prepared):
            if held.case.group == "synthetic":
                continue
            rest = prepared[:k] + prepared[k + 1:]
            model_k, _ = choose_levels(rest, fit(rest))
            s = held.score(*model_k.probabilities(held.evidence), model_k.levels)
            s_all = held.score(*model.probabilities(held.evidence), model.levels)
            print(f"  {held.case.name:42} F1 {s.f1:.3f} (P {s.p:.2f} R {s.r:.2f}; fitted with it: {s_all.f1:.3f})")
    translations = fit_translations()
    if args.dry_run:
        return
    out = {
        "about": "Link models of drafting.align (logistic regressions over the signals of drafting/align/evidence.py). "
                 "Written by bench/train_align.py; do not edit by hand.",
        "fitted": time.strftime("%Y-%m-%d"),
        "fitted_on": [p.case.name for p in prepared],
        **_as_yaml(model),
        **translations,
    }
    WEIGHTS_PATH.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"written: {WEIGHTS_PATH}")


def fit_cross_lingual_only(dry_run: bool) -> None:
    translations = fit_translations()
    if not translations:
        print("note: the translated benchmark acts or the Regulation are absent; nothing fitted")
        return
    if dry_run:
        return
    out = yaml.safe_load(WEIGHTS_PATH.read_text(encoding="utf-8"))
    out.update(translations)
    WEIGHTS_PATH.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"written: {WEIGHTS_PATH} (the models for translations only)")


if __name__ == "__main__":
    main()
