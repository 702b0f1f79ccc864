"""Definitions: a defined term that covers less than the model's.

What the definition must name is the model set's stated `terms`, or, for an official act used as
the model and a controlled activity ("export"), every other activity the model's definition
names (re-export, the transmission of software or technology by electronic means...).

A definition that only points elsewhere ("has the meaning given by section 9") is checked against
the text it points to when that is in the draft; when it is not, because the text provided is
an excerpt, that is said once ("not in the text provided") instead of a narrower definition.
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext, join
from drafting.findings import Finding
from drafting.nlp import analyse, defined_term, term_concept
from drafting.vocabulary import concepts

BY_REFERENCE = re.compile(
    r"\b(?:has|have|bears?) the (?:same )?meanings? (?:given|assigned|as)(?: to it| to them)?(?: in| by| under)? "
    r"(?:section|article|regulation|rule|paragraph)\s+(?P<num>\d+[A-Z]?)"
    r"|\bas defined (?:in|by|under) (?:section|article|regulation|rule)\s+(?P<num2>\d+[A-Z]?)"
    r"|\bwithin the meaning of (?:section|article|regulation|rule)\s+(?P<num3>\d+[A-Z]?)(?![^,;]*\bof\b)"
    r"|\b(?:specified|listed|set out|described|referred to) in (?:section|article|regulation|rule)\s+(?P<num4>\d+[A-Z]?)(?![^,;]*\bof\b)",
    re.I,
)


EXTERNAL_POINTER = re.compile(
    r"\b(?:has|have|bears?) the (?:same )?meanings? (?:given|assigned|as)(?: to it| to them)?(?: it has)?(?: in| by| under)? "
    r"(?:(?:Article|Regulation|Directive)\s+\S+|the\s+[A-Z][\w-]*(?:\s+[A-Z(][\w()-]*)*\s+(?:Act|Code|Regulation|Convention|Ordinance))"
    r"|\bwithin the meaning of (?:Article\s+\d+[a-z]?\s+of\s+)?(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z(][\w()-]*)*\s+(?:Act|Code|Regulation|Convention)",
)


def pointer_of(draft_text: str, own_kind: str) -> tuple[str, str]:
    """("internal", number) for a definition that points to a provision of the same text, ("external", "")
    for one that takes another act's meaning ("has the same meaning as it has in Article 2" of the
    Regulation, "has the same meaning as assigned to it under the Chemical Weapons Convention Act"),
    ("", "") for a definition that says what it means."""
    first = draft_text.split("\n", 1)[0]
    inner = BY_REFERENCE.search(first)
    if inner and own_kind.lower() in inner.group(0).lower():
        return "internal", inner.group("num") or inner.group("num2") or inner.group("num3") or inner.group("num4")
    if EXTERNAL_POINTER.search(first) or inner:
        return "external", ""
    return "", ""


def check_definition(ctx: PairContext, resolve=None) -> list[Finding]:
    """`resolve(number)` gives the text of the draft's section/article with that number ("" if the
    draft has none): definitions by reference are followed through it."""
    term = defined_term(ctx.unit, ctx.m_doc)
    if not term:
        return []
    defined = term_concept(term, ctx.m_doc.lang_)
    if not defines_same_term(ctx, term, defined):
        return []
    if ctx.requires and ctx.requires.terms:
        required = list(ctx.requires.terms)
    elif ctx.official and defined and concepts()[defined].kind == "activity":
        required = [c for c in ctx.m_has if concepts()[c].kind == "activity" and c != defined]
    else:
        required = []
    missing = [c for c in required if c not in ctx.d_has]
    if not missing:
        return []
    pointer = BY_REFERENCE.search(ctx.draft_text)
    if pointer:
        number = pointer.group("num") or pointer.group("num2") or pointer.group("num3") or pointer.group("num4")
        target = resolve(number) if resolve else ""
        if target:
            target_has = {h.id for h in analyse(target)._.concepts}
            missing = [c for c in missing if c not in target_has]
            if not missing:
                return []
        elif ctx.partial:
            msg = (f"The draft defines “{term}” by reference to {pointer.group(0).split()[-2]} {number}, which is not in the text "
                   "provided: the definition cannot be checked.")
            return [ctx.finding("unassessed", "", msg, f"defref:{number}", None, (pointer.start(), pointer.end()), severity="info")]
    msg = f"The draft's definition of “{term}” is narrower: it leaves out {join(missing)}."
    return [ctx.finding("definition", "weaker", msg, ",".join(missing), ctx.m_has.get(missing[0]), ctx.draft_anchor(), missing=missing)]


def defines_same_term(ctx: PairContext, term: str, defined: str) -> bool:
    """Whether one of the draft counterparts defines the model's term (or another name for the same
    concept: "strategic items" for "dual-use items"). A model definition paired with an operative
    provision, or with the definition of another term (the Act's "weapons of mass destruction" for
    the model's "dual-use items"), has no definition to compare words with: there the pairing is in
    question, not the definition, and "narrower" would misstate the draft."""
    for unit in ctx.drafts:
        doc = analyse(unit.text(), unit.language or None)
        own = defined_term(unit, doc)
        if own:
            if defined and term_concept(own, doc.lang_) == defined:
                return True
            if not defined and set(term.lower().split()) & set(own.lower().split()):
                return True
        elif defined and any(h.id == defined and h.start_char < OPENING for h in doc._.concepts):
            return True  # "12) export – the removal of goods ...": the term opens the definition
    return False


OPENING = 30  # characters: where a definition written "term – meaning" names its term
