"""References inside the draft: cross-references to articles or sections the draft does not have.

Only the draft's own kind of provision is checked ("Article 4" in an Act made of sections usually
names an article of another act, such as the regulation it implements). In a text that says it
is an excerpt, a reference to a section that is not there is not a broken reference: it is said
once, as "not in the text provided".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.findings import Finding, Span
from drafting.nlp import analyse
from drafting.tree import Document, Unit

INTERNAL_TARGETS = ("article", "section", "regulation", "rule")


@dataclass
class DraftIndex:
    """The numbers of the draft's articles/sections (and of each one's first-level items), and their texts."""

    articles: set[str] = field(default_factory=set)
    items: dict[str, set[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    partial: bool = False
    language: str = ""  # the language set for the draft ("": detected)
    concepts: dict[str, set[str]] = field(default_factory=dict)  # article number -> concepts its heading and chapeau name
    unit_concepts: dict[str, set[str]] = field(default_factory=dict)  # draft unit id -> concepts its text names
    article_units: dict[str, list[str]] = field(default_factory=dict)  # article number -> its units' ids
    paired: dict[str, set[str]] = field(default_factory=dict)  # draft unit id -> the model units it is paired with
    definitions: set[str] = field(default_factory=set)  # ids of the units that are definitions

    @classmethod
    def of(cls, draft: Document | None, with_concepts: bool = True) -> "DraftIndex":
        """`with_concepts=False` for a document that only serves to resolve cross-references."""
        index = cls()
        if draft is None:
            return index
        index.partial = draft.partial
        index.language = draft.language if draft.language_set else ""
        for art in draft.articles():
            number = art.number.lower()
            index.articles.add(number)
            index.items[number] = {c.number.lower() for c in art.children}
            index.texts[number] = art.full_text()
        if not with_concepts:
            return index
        # From the texts of the units and headings, which the alignment has analysed already
        # (analysing each whole article again doubled the time of a comparison).
        from drafting.checks.context import concept_spans
        from drafting.nlp import analyse_many

        parts = [(art.number.lower(), art.heading) for art in draft.articles() if art.heading]
        parts += [(art.number.lower(), words) for art in draft.articles() if art.children for words in (art.text, art.trailing) if words]
        for (number, _), doc in zip(parts, analyse_many([t for _, t in parts], index.language or None)):
            index.concepts.setdefault(number, set()).update(concept_spans(doc))
        units = draft.units()
        for unit, doc in zip(units, analyse_many([u.text() for u in units], index.language or None)):
            index.unit_concepts[unit.id] = set(concept_spans(doc))
            index.article_units.setdefault(unit.article.number.lower(), []).append(unit.id)
            if unit.provision.kind == "definition":
                index.definitions.add(unit.id)
        return index

    def concepts_around(self, drafts: list[Unit], model_id: str) -> set[str]:
        """What the draft articles of `drafts` name outside the provisions that do another job:
        their headings and chapeaux, the drafts themselves, and their other units that are not the
        counterpart of another model provision ("brokering services" in a subsection paired with
        the model's extraterritorial rule does not put brokering in the list of controlled
        activities). Definitions always count: one term's definition completes another's
        ("export" read with "transfer")."""
        mine = {u.id for u in drafts}
        out: set[str] = set()
        for number in {u.article.number.lower() for u in drafts}:
            out |= self.concepts.get(number, set())
            for unit_id in self.article_units.get(number, []):
                if unit_id in mine or unit_id in self.definitions or self.paired.get(unit_id, set()) <= {model_id}:
                    out |= self.unit_concepts.get(unit_id, set())
        return out

    def resolve(self, number: str) -> str:
        return self.texts.get(number.lower(), "")


def check_references(unit: Unit, index: DraftIndex, model_id: str = "") -> list[Finding]:
    if not index.articles:
        return []
    text = unit.text()
    out = []
    for ref in analyse(text, unit.language or None)._.references:
        if ref.external or not ref.path:
            continue
        number = ref.path[0].lower()
        ref_target = "section" if ref.target == "subsection" and len(ref.path) >= 2 else ref.target  # "subsection 8(2)"
        span = Span(ref.start_char, ref.end_char, ref.text)
        if ref_target in INTERNAL_TARGETS and unit.article.kind in INTERNAL_TARGETS:
            if ref_target != unit.article.kind or number in index.articles or not number.isalnum():
                continue
            if index.partial:
                out.append(Finding("unassessed", "info", "", f"{ref.text} is cited here but is not in the text provided (the text is an "
                                   "excerpt): what it says could not be compared.", model_id, unit.id, None, span, f"absent:{ref_target}:{number}"))
            else:
                out.append(Finding("reference", "medium", "", f"{ref.text} is cited here but the draft has no {ref_target} {ref.path[0]}.",
                                   model_id, unit.id, None, span, f"ref:{ref.text}"))
        elif ref.target == "subsection" and unit.article.kind == "section":
            items = index.items.get(unit.article.number.lower(), set())
            if items and number not in items and not index.partial:
                out.append(Finding("reference", "medium", "", f"{ref.text} is cited here but {unit.article.label} has no subsection ({ref.path[0]}).",
                                   model_id, unit.id, None, span, f"ref:{ref.text}"))
    return out
