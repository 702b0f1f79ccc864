"""What a reviewer reads first: a comparison's findings as a short list, a missing section as one item.

Comparison works unit by unit (a subsection, or a section without subsections), so a draft that
lacks a whole section has one gap per subsection. A reviewer thinks in sections: "Section 24 —
Review of denials: missing, 3 subsections" says what is wrong, and leaves room in the list for the
other findings. Counts stay per unit (`Comparison.pairs`); this module only groups what is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafting.compare import SEVERITY_ORDER, Comparison, Finding, PairResult
from drafting.tree import Provision

PRIORITY_ORDER = {"core": 0, "recommended": 1, "optional": 2}
UNIT_NOUNS = {"subsection": "subsection", "paragraph": "paragraph", "definition": "definition", "point": "point"}


@dataclass
class MissingSection:
    """A model section (article) with subsections, none of which has a counterpart in the draft."""

    article: Provision
    pairs: list[PairResult]

    @property
    def label(self) -> str:
        return self.article.label

    @property
    def model_ids(self) -> list[str]:
        return [p.model.id for p in self.pairs]

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.pairs for f in p.findings if f.kind == "gap"]

    @property
    def severity(self) -> str:
        return min((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER.get(s, 9), default="")

    @property
    def units_text(self) -> str:
        """"3 subsections", "1 paragraph": how many units the section has, named as the model names them."""
        noun = UNIT_NOUNS.get(self.pairs[0].model.provision.kind, "provision")
        return f"{len(self.pairs)} {noun}{'' if len(self.pairs) == 1 else 's'}"

    @property
    def title(self) -> str:
        heading = f" — {self.article.heading}" if self.article.heading else ""
        return f"{self.label}{heading}: missing, {self.units_text}"

    @property
    def message(self) -> str:
        heading = f" ({self.article.heading})" if self.article.heading else ""
        labels = ", ".join(p.model.label for p in self.pairs)
        return f"No counterpart to any of the {self.units_text} of {self.label}{heading} was found in the draft: {labels}."


def missing_sections(c: Comparison) -> list[MissingSection]:
    """Model sections whose every unit is a gap, in the model's order (sections without
    subsections are left out: their one gap already names the section)."""
    by_article: dict[int, tuple[Provision, list[PairResult]]] = {}
    for pair in c.pairs:
        by_article.setdefault(id(pair.model.article), (pair.model.article, []))[1].append(pair)
    out = []
    for article, pairs in by_article.values():
        if all(p.status == "gap" for p in pairs) and pairs[0].model.provision is not article:
            out.append(MissingSection(article, pairs))
    return out


def missing_section_of(c: Comparison, model_id: str) -> MissingSection | None:
    """The missing section a model unit belongs to, if the whole section is missing."""
    return next((s for s in missing_sections(c) if model_id in s.model_ids), None)


@dataclass
class Entry:
    """One line of a list of findings: a finding on one provision, or a whole missing section
    standing for the gaps of its subsections. `pair` is where opening the line leads."""

    pair: PairResult
    finding: Finding
    section: MissingSection | None = None

    @property
    def title(self) -> str:
        if self.section is not None:
            return self.section.title
        heading = self.pair.model.heading()
        return self.pair.model.label + (f" — {heading}" if heading else "")

    @property
    def message(self) -> str:
        return self.section.message if self.section is not None else self.finding.message

    @property
    def severity(self) -> str:
        return self.section.severity if self.section is not None else self.finding.severity

    @property
    def kind(self) -> str:
        return self.finding.kind


def serious_findings(c: Comparison) -> list[tuple[PairResult, Finding]]:
    """Substantive weaker findings, most severe first, core provisions before others."""
    items = [(p, f) for p in c.pairs for f in p.findings if f.substantive and f.direction != "stricter"]
    return sorted(items, key=lambda pf: (SEVERITY_ORDER.get(pf[1].severity, 9),
                                         PRIORITY_ORDER.get(c.model.priority_of(pf[0].model), 3), pf[1].kind != "gap"))


def group_missing_sections(c: Comparison, items: list[tuple[PairResult, Finding]]) -> list[Entry]:
    """The same list with the gaps of each missing section replaced by one entry, where its first gap was."""
    section_of = {model_id: s for s in missing_sections(c) for model_id in s.model_ids}
    out: list[Entry] = []
    listed: set[int] = set()
    for pair, finding in items:
        section = section_of.get(pair.model.id) if finding.kind == "gap" else None
        if section is None:
            out.append(Entry(pair, finding))
        elif id(section.article) not in listed:
            listed.add(id(section.article))
            first = section.pairs[0]  # opening the entry shows the section's first subsection
            out.append(Entry(first, section.findings[0], section))
    return out


def most_serious(c: Comparison) -> list[Entry]:
    """What the Overview lists first: the serious findings, a missing section once."""
    return group_missing_sections(c, serious_findings(c))


def gap_list(c: Comparison) -> list[str]:
    """The gaps by label, in the model's order, a missing section once by its title."""
    section_of = {model_id: s for s in missing_sections(c) for model_id in s.model_ids}
    out: list[str] = []
    for pair in c.pairs:
        if pair.status != "gap":
            continue
        section = section_of.get(pair.model.id)
        if section is None:
            out.append(pair.model.label)
        elif pair is section.pairs[0]:
            out.append(section.title)
    return out
