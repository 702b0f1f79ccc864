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
    concepts: dict[str, set[str]] = field(default_factory=dict)  # article number -> concepts its text names

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
        texts = list(index.texts.items())
        from drafting.checks.context import concept_spans
        from drafting.nlp import analyse_many

        for (number, _), doc in zip(texts, analyse_many([t for _, t in texts], index.language or None)):
            index.concepts[number] = set(concept_spans(doc))
        return index

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
