"""Synthetic drafts made from the model law, with their gold alignment.

A real national draft paraphrases, reorders, merges, splits and leaves out provisions, and adds
its own. `make_draft(model, seed)` does all of that to the bundled model law: sections are
shuffled within their part and renumbered in a chosen drafting style ("Section 5" / "Article 5"
/ bare "5."), some subsections are merged with the next or split in two, some are deleted (the
gold gaps), words are swapped for synonyms a drafter would use (licence/permit/authorisation,
dual-use items/strategic goods/controlled items, exporter/person who exports...), and a few
national-only sections are added. The result is plain text, read by the normal pipeline.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from drafting.modelset import ModelSet
from drafting.tree import Provision

SYNONYMS = [
    (r"\blicences\b", ["permits", "authorisations", "licenses"]),
    (r"\blicence\b", ["permit", "authorisation", "license"]),
    (r"\bdual-use items\b", ["strategic goods", "controlled items", "strategic items"]),
    (r"\bexporters\b", ["persons who export", "exporters"]),
    (r"\bthe Authority\b", ["the Agency", "the Controller", "the Director-General"]),
    (r"\bshall not\b", ["must not", "shall not"]),
    (r"\bin writing\b", ["by written notice", "in written form"]),
    (r"\bmeans\b", ["means", "refers to"]),
    (r"\bthe State\b", ["the Republic", "the country"]),
    (r"\bauthorisation\b", ["authorization", "approval"]),
]

NATIONAL_SECTIONS = [
    ("Fees", ["The Minister may by regulations prescribe the fees payable for applications, registrations and certificates under this Act.",
              "Fees collected under this Act shall be paid into the Consolidated Fund."]),
    ("Advisory board", ["There is established an advisory board on strategic trade composed of representatives of the ministries concerned and of industry.",
                        "The advisory board shall meet at least twice a year and may make recommendations to the Minister."]),
    ("Annual report to Parliament", ["The Minister shall lay before Parliament each year a report on the administration of this Act."]),
    ("Protection of officers", ["No action shall lie against an officer for anything done in good faith in the exercise of functions under this Act."]),
    ("Service of documents", ["A notice under this Act may be served by delivering it personally, by registered post or by electronic mail to the last known address."]),
    ("Registration of exporters", ["Every person who intends to export goods subject to this Act shall first register with the registry kept for that purpose.",
                                   "The registry shall record the name, address and tax number of each registered person."]),
]

STYLES = ("section", "article", "bare")


@dataclass
class SyntheticDraft:
    text: str
    gold: set[tuple[str, str]]  # (draft unit label, model unit id)
    gaps: set[str]  # model unit ids deleted
    national: set[str]  # draft unit labels added
    operations: dict[str, int] = field(default_factory=dict)


def _reword(text: str, rng: random.Random, rate: float) -> tuple[str, int]:
    count = 0

    def swap(match: re.Match, choices: list[str]) -> str:
        nonlocal count
        if rng.random() < rate:
            count += 1
            return rng.choice(choices)
        return match.group(0)

    for pattern, choices in SYNONYMS:
        text = re.sub(pattern, lambda m, c=choices: swap(m, c), text)
    return text, count


def _sentences(text: str) -> list[str]:
    """Sentences, or the items of a list ("...; (b) ..."), as a drafter would split them."""
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-Z(])", text) if s.strip()]


def _unit_lines(p: Provision) -> str:
    """A subsection's words as one paragraph (points kept inline, as many drafts write them)."""
    return " ".join(line.strip() for line in p.full_text().split("\n"))


def make_draft(model: ModelSet, seed: int, delete_rate: float = 0.08, merge_rate: float = 0.06, split_rate: float = 0.06,
               reword_rate: float = 0.6, style: str | None = None) -> SyntheticDraft:
    rng = random.Random(seed)
    style = style or STYLES[seed % len(STYLES)]
    ops = {"reordered": 0, "merged": 0, "split": 0, "deleted": 0, "reworded": 0, "national": 0}
    gold: set[tuple[str, str]] = set()
    gaps: set[str] = set()
    national: set[str] = set()
    lines = [f"THE STRATEGIC TRADE BILL (SYNTHETIC DRAFT {seed})", ""]
    number = 0
    for part in model.document.provisions:
        sections = [s for s in part.children if s.kind == "section"]
        if len(sections) > 2:
            head, rest = sections[:1], sections[1:]
            rng.shuffle(rest)
            ops["reordered"] += 1
            sections = head + rest
        lines += [f"PART {part.number} {part.heading.upper()}", ""]
        for section in sections:
            number += 1
            units = section.children or [section]
            draft_units: list[tuple[str, list[str]]] = []  # (text, model unit ids)
            i = 0
            while i < len(units):
                unit = units[i]
                uid = unit.id
                if len(units) > 1 and rng.random() < delete_rate:
                    gaps.add(uid)
                    ops["deleted"] += 1
                    i += 1
                    continue
                text = _unit_lines(unit) if unit is not section else section.full_text().replace("\n", " ")
                if i + 1 < len(units) and rng.random() < merge_rate:
                    nxt = units[i + 1]
                    draft_units.append((text + " " + _unit_lines(nxt), [uid, nxt.id]))
                    ops["merged"] += 1
                    i += 2
                    continue
                parts = _sentences(text)
                if len(parts) >= 2 and rng.random() < split_rate:
                    cut = len(parts) // 2
                    draft_units.append((" ".join(parts[:cut]), [uid]))
                    draft_units.append((" ".join(parts[cut:]), [uid]))
                    ops["split"] += 1
                else:
                    draft_units.append((text, [uid]))
                i += 1
            if not draft_units:
                continue
            label_word = {"section": "Section", "article": "Article", "bare": "Section"}[style]
            heading = section.heading
            if style == "section":
                lines.append(f"Section {number}. {heading}")
            elif style == "article":
                lines.append(f"Article {number}")
                lines.append(heading)
            else:
                lines.append(heading)
                lines.append(f"{number}. ")
            if len(draft_units) == 1 and not section.children:
                text, ids = draft_units[0]
                text, n = _reword(text, rng, reword_rate)
                ops["reworded"] += n
                lines.append(text)
                for mid in ids:
                    gold.add((f"{label_word} {number}", mid))
            else:
                for k, (text, ids) in enumerate(draft_units, start=1):
                    text, n = _reword(text, rng, reword_rate)
                    ops["reworded"] += n
                    marker = f"({k})" if style != "article" else f"{k}."
                    lines.append(f"{marker} {text}")
                    for mid in ids:
                        gold.add((f"{label_word} {number}({k})", mid))
            lines.append("")
    # national-only sections, at the end and in the middle of the last part
    for title, paragraphs in rng.sample(NATIONAL_SECTIONS, k=3):
        number += 1
        if style == "section":
            lines.append(f"Section {number}. {title}")
        elif style == "article":
            lines += [f"Article {number}", title]
        else:
            lines += [title, f"{number}. "]
        label_word = "Article" if style == "article" else "Section"
        if len(paragraphs) == 1:
            lines.append(paragraphs[0])
            national.add(f"{label_word} {number}")
        for k, paragraph in enumerate(paragraphs if len(paragraphs) > 1 else [], start=1):
            marker = f"({k})" if style != "article" else f"{k}."
            lines.append(f"{marker} {paragraph}")
            national.add(f"{label_word} {number}({k})")
        ops["national"] += 1
        lines.append("")
    text = "\n".join(lines)
    if style == "bare":
        # "12. " on its own line followed by "(1) ..." reads as "12. (1) ..." in statute books
        text = re.sub(r"^(\d+)\. \n\(", r"\1. (", text, flags=re.M)
        text = re.sub(r"^(\d+)\. \n(?!\()", r"\1. ", text, flags=re.M)
    return SyntheticDraft(text, gold, gaps, national, ops)
