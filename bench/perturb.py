"""The perturbation suite: model provisions changed one way at a time, and what the findings say.

Each perturbation takes a unit of the bundled model law, changes its text in one way a drafter
might (weaker modal, shorter period, a list item or a person left out, a narrower trigger, a
narrower definition, an added exception, a cross-reference to nothing), or only in form
(capitals, punctuation, British/American spelling, numbering), and records the kind of finding
a correct comparison must report. `run()` compares every perturbed text with its model unit and
returns recall and precision per kind, and the substantive findings raised on form-only
changes (there should be none).
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from drafting.compare import compare_pair
from drafting.nlp import analyse
from drafting.modelset import ModelSet, RequiredNumber
from drafting.tree import Document, Provision, Unit
from drafting.vocabulary import concepts

WORD_NUMBER = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
               12: "twelve", 14: "fourteen", 15: "fifteen", 20: "twenty", 30: "thirty", 60: "sixty", 90: "ninety"}
NUMBER_WORD = {v: k for k, v in WORD_NUMBER.items()}


@dataclass
class Perturbation:
    kind: str  # the finding kind expected ("none" for form-only changes)
    direction: str  # weaker | stricter | ""
    unit: Unit
    text: str
    what: str


def _sub_once(pattern: str, repl: str, text: str, flags: int = 0) -> str | None:
    new, n = re.subn(pattern, repl, text, count=1, flags=flags)
    return new if n else None


# --- substantive changes ---------------------------------------------------------------------------------


def weaker_modal(unit: Unit, text: str, rng: random.Random) -> list[Perturbation]:
    out = []
    replacements = ["may", "shall endeavour to", "should", "may, where practicable,"]
    m = re.search(r"\bshall(?! not)(?! be (?:guilty|liable))\b", text)
    if m and not re.search(r"\bshall not\b|\bno person shall\b", text[max(0, m.start() - 40):m.end()], re.I):
        repl = rng.choice(replacements)
        out.append(Perturbation("modality", "weaker", unit, text[:m.start()] + repl + text[m.end():], f"shall -> {repl}"))
    m = re.search(r"\bmust(?! not)\b", text)
    if m:
        out.append(Perturbation("modality", "weaker", unit, text[:m.start()] + "may" + text[m.end():], "must -> may"))
    m = re.search(r"\b(?:shall|must) not\b", text)
    if m:
        repl = rng.choice(["should not", "may"])
        changed = text[:m.start()] + repl + text[m.end():]
        out.append(Perturbation("modality", "weaker", unit, changed, f"{m.group(0)} -> {repl}"))
    m = re.search(r"\bmay(?! not)(?! be\b)\b", text)
    if m and not re.search(r"\bshall\b|\bmust\b", text):
        out.append(Perturbation("modality", "stricter", unit, text[:m.start()] + "shall" + text[m.end():], "may -> shall"))
    return out


def number_changes(unit: Unit, text: str, numbers: list[RequiredNumber], rng: random.Random) -> list[Perturbation]:
    out = []
    for rn in numbers:
        value = int(rn.value)
        word = WORD_NUMBER.get(value)
        found = re.search(rf"\b({word}|{value})\b(?: \({value}\))?", text) if word else re.search(rf"\b{value}\b", text)
        if not found:
            continue
        lower = max(1, value // 2) if value > 1 else None
        higher = value * 2 + 1
        if rn.direction == "at-least" and lower:
            weaker, stricter = lower, higher
        elif rn.direction == "up-to":
            weaker, stricter = higher, lower
        else:
            continue
        for new, direction in ((weaker, "weaker"), (stricter, "stricter")):
            if new is None:
                continue
            style = rng.choice(["word", "digits", "both"])
            shown = {"word": WORD_NUMBER.get(new, str(new)), "digits": str(new),
                     "both": f"{WORD_NUMBER.get(new, str(new))} ({new})"}[style]
            changed = text[:found.start()] + shown + text[found.end():]
            out.append(Perturbation("number", direction, unit, changed, f"{found.group(0)} -> {shown} ({rn.direction})"))
    return out


def _mentions(text: str, cid: str) -> bool:
    return any(h.id == cid for h in analyse(text)._.concepts)


def _drop_concept(text: str, cid: str) -> tuple[str, str] | None:
    """The text without the words of one concept (in a list: with the comma or 'and'/'or' that
    joined them); None when the concept cannot be taken out cleanly."""
    phrases = sorted(concepts()[cid].phrases, key=len, reverse=True)
    new = text
    for phrase in phrases:
        p = re.escape(phrase)
        for pattern in (rf",\s+{p}(?=[,;:\s])", rf"\s+(?:and|or)\s+{p}\b", rf"\b{p},\s+", rf"\b{p}\s+(?:and|or)\s+"):
            new = re.sub(pattern, " " if pattern.startswith(r"\s") else "", new, flags=re.I)
    new = re.sub(r"[ \t]{2,}", " ", new)
    return (new, cid) if new != text and not _mentions(new, cid) else None


def _drop_point_with(unit: Unit, text: str, cid: str) -> str | None:
    """The text without the point (a line) that names the concept."""
    lines = text.split("\n")
    phrases = concepts()[cid].phrases
    keep = [ln for ln in lines if not any(re.search(rf"\b{re.escape(p)}\b", ln, re.I) for p in phrases) or not re.match(r"\(\w+\)", ln)]
    if len(keep) == len(lines) or len(keep) == 0:
        return None
    new = "\n".join(keep)
    return None if _mentions(new, cid) else new


def _without(unit: Unit, text: str, cid: str) -> str | None:
    """The text without a concept: without the point that names it, or without its words."""
    new = _drop_point_with(unit, text, cid)
    if new is None:
        dropped = _drop_concept(text, cid)
        new = dropped[0] if dropped else None
    return new


def list_changes(unit: Unit, text: str, lists) -> list[Perturbation]:
    out = []
    for lst in lists:
        for item in lst.items[:8]:
            new = _without(unit, text, item)
            if new is not None:
                out.append(Perturbation("list", "weaker", unit, new, f"{item} left out of {lst.name}"))
    return out


def actor_changes(unit: Unit, text: str, actors: list[str]) -> list[Perturbation]:
    out = []
    for actor in actors:
        if actor in ("any-person", "competent-authority") or len(actors) < 2:
            continue
        dropped = _drop_concept(text, actor)
        if dropped:
            out.append(Perturbation("actor", "weaker", unit, dropped[0], f"{actor} left out"))
    return out


def trigger_changes(unit: Unit, text: str, triggers: list[str]) -> list[Perturbation]:
    out = []
    if "suspects" in triggers:
        new = _sub_once(r",?\s+or (?:has|have) (?:reasonable )?grounds for suspecting(?: that)?", " ", text)
        if new and "grounds for suspecting" not in new:
            out.append(Perturbation("trigger", "weaker", unit, re.sub(r"\s{2,}", " ", new), "grounds for suspecting removed"))
    if "aware" in triggers and "suspect" not in text:  # with "grounds for suspecting" kept, "knows" narrows nothing
        new = _sub_once(r"\bis aware\b", "knows", text)
        if new and " aware" not in new:
            out.append(Perturbation("trigger", "weaker", unit, new, "is aware -> knows"))
    if "informed" in triggers and "aware" in triggers:
        new = _sub_once(r"(?:has|have) been informed[^,;]*?(?:,| or )", "", text)
        if new and "informed" not in new:
            out.append(Perturbation("trigger", "weaker", unit, new, "informed removed"))
    if "informed" in triggers and "aware" not in triggers and "suspect" not in text:
        new = _sub_once(r"\b(?:has|have) been informed\b", "knows", text)
        if new and not _mentions(new, "informed"):
            out.append(Perturbation("trigger", "weaker", unit, new, "informed -> knows"))
    if triggers and "suspects" not in triggers and ("aware" in triggers or "knows" in triggers):
        new = _sub_once(r"\bis aware\b", "is aware or has reasonable grounds to suspect", text)
        if new:
            out.append(Perturbation("trigger", "stricter", unit, new, "grounds to suspect added"))
    return out


def definition_changes(unit: Unit, text: str, terms: list[str]) -> list[Perturbation]:
    out = []
    for term in terms:
        dropped = _without(unit, text, term)
        if dropped is not None:
            out.append(Perturbation("definition", "weaker", unit, dropped, f"{term} left out of the definition"))
    return out


EXCEPTIONS = [
    " This section does not apply to exports made by a public authority.",
    " The Minister may by order exempt any class of exports from this section.",
    " Nothing in this subsection applies to items exported for exhibition at a trade fair.",
    " This subsection shall not apply where the value of the consignment is below a threshold set by regulations.",
]


def exemption_changes(unit: Unit, text: str, rng: random.Random) -> list[Perturbation]:
    if re.search(r"not apply|exempt", text, re.I):
        return []
    return [Perturbation("exemption", "weaker", unit, text.rstrip() + rng.choice(EXCEPTIONS), "exception added")]


def reference_changes(unit: Unit, text: str) -> list[Perturbation]:
    m = re.search(r"\bshall\b", text)
    if not m:
        return []
    return [Perturbation("reference", "", unit, text[:m.start()] + "shall, subject to section 97," + text[m.end():], "reference to a missing section")]


# --- form only ---------------------------------------------------------------------------------------------

SPELL = [("licence", "license"), ("authorisation", "authorization"), ("programme", "program"), ("defence", "defense"),
         ("organisation", "organization"), ("recognised", "recognized"), ("transhipment", "transshipment")]


def form_changes(unit: Unit, text: str, rng: random.Random) -> list[Perturbation]:
    out = []
    spelled = text
    for uk, us in SPELL:
        spelled = re.sub(rf"\b{uk}", us, spelled)
    if spelled != text:
        out.append(Perturbation("none", "", unit, spelled, "American spelling"))
    punctuated = re.sub(r";(\s*(?:and|or)?)\s*$", r",\1", text, flags=re.M).replace(" — ", ", ").replace("—", ":")
    punctuated = re.sub(r",(?= which)", "", punctuated)
    if punctuated != text:
        out.append(Perturbation("none", "", unit, punctuated, "punctuation"))
    capitals = re.sub(r"\b(licence|authority|exporter|broker|minister|customs)\b", lambda m: m.group(0).capitalize(), text)
    if capitals != text:
        out.append(Perturbation("none", "", unit, capitals, "capital letters"))
    renumbered = re.sub(r"^\((\w)\)", lambda m: f"{m.group(1)})", text, flags=re.M)
    if renumbered != text:
        out.append(Perturbation("none", "", unit, renumbered, "numbering style"))
    return out


def perturbations(model: ModelSet, seed: int = 0) -> list[Perturbation]:
    rng = random.Random(seed)
    out: list[Perturbation] = []
    for unit in model.units():
        req = getattr(unit.provision, "requires", None)
        text = unit.text()
        out += weaker_modal(unit, text, rng)
        out += form_changes(unit, text, rng)
        out += exemption_changes(unit, text, rng)
        if rng.random() < 0.3:
            out += reference_changes(unit, text)
        if req is None:
            continue
        out += number_changes(unit, text, req.numbers, rng)
        out += list_changes(unit, text, req.lists)
        out += actor_changes(unit, text, req.actors)
        out += trigger_changes(unit, text, req.triggers)
        if getattr(unit.provision, "defines", ""):
            out += definition_changes(unit, text, req.terms)
    return out


def _draft_unit(text: str, index: int) -> tuple[Unit, Document]:
    p = Provision(id=f"sec-{900 + index}", label=f"Section {900 + index}", kind="section", number=str(900 + index), text=text)
    doc = Document(title="perturbed", provisions=[p])
    return Unit(p, p, []), doc


def run(model: ModelSet, seeds: tuple[int, ...] = (0, 1, 2)) -> dict:
    """Recall and precision per kind, and substantive findings on form-only changes."""
    seen: set[tuple[str, str]] = set()
    cases = []
    for seed in seeds:  # several seeds: other replacement words, other figures
        for case in perturbations(model, seed):
            if (case.unit.id, case.text) not in seen:
                seen.add((case.unit.id, case.text))
                cases.append(case)
    expected_by_kind: Counter = Counter()
    detected_by_kind: Counter = Counter()
    reported_by_kind: Counter = Counter()
    correct_by_kind: Counter = Counter()
    form_only = 0
    form_substantive = 0
    misses: dict[str, list[str]] = defaultdict(list)
    false: dict[str, list[str]] = defaultdict(list)
    for i, case in enumerate(cases):
        unit, _ = _draft_unit(case.text, i)
        unit.provision.number = case.unit.article.number
        # cross-references are checked against the model law's own sections: they exist, section 97 does not
        result = compare_pair(model, case.unit, [unit], model.document)
        kinds = {(f.kind, f.direction) for f in result.findings if f.substantive}
        if case.kind == "none":
            form_only += 1
            if kinds:
                form_substantive += 1
                false["none"].append(f"{case.unit.label}: {case.what} -> {sorted(kinds)}")
        else:
            expected_by_kind[case.kind] += 1
            if any(k == case.kind and (not case.direction or d == case.direction) for k, d in kinds):
                detected_by_kind[case.kind] += 1
            else:
                misses[case.kind].append(f"{case.unit.label}: {case.what} -> {sorted(kinds)}")
        for kind, direction in kinds:
            reported_by_kind[kind] += 1
            if kind == case.kind:
                correct_by_kind[kind] += 1
            else:
                false[kind].append(f"{case.unit.label}: {case.what} ({case.kind})")
    table = {}
    for kind in sorted(set(expected_by_kind) | set(reported_by_kind)):
        recall = detected_by_kind[kind] / expected_by_kind[kind] if expected_by_kind[kind] else float("nan")
        precision = correct_by_kind[kind] / reported_by_kind[kind] if reported_by_kind[kind] else float("nan")
        table[kind] = {"cases": expected_by_kind[kind], "recall": recall, "reported": reported_by_kind[kind], "precision": precision}
    return {"table": table, "form_only": form_only, "form_substantive": form_substantive, "misses": misses, "false": false}
