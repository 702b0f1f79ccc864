"""Exemptions: an exception the draft adds ("does not apply to", "no licence is required for").

Counted by their wording: a draft with more exception clauses than the model has added one. An
added point in a list of exceptions is found by drafting.checks.lists. A penalty lowered for a
class of cases ("shall be liable only to a fine") is an exception from the penalties.

In a draft in another language, the exception clauses are the words its language profile lists
("ne s'applique pas", "no se requiere autorización", "лицензия не требуется", "لا يشترط": drafting/data/languages).

Not exceptions, though worded like them: the lawful route ("except in accordance with this Act",
"except under the authority of a licence"), a rule of interpretation ("save where the context
otherwise requires", "save where an expression is also defined in a Schedule"), and the passage
that international law guarantees ("does not include the passage ... in accordance with
international law"): a reviewer would not send those as loopholes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from drafting.checks.context import PairContext
from drafting.findings import Finding
from drafting.vocabulary import profile

EXEMPTION = re.compile(
    r"\b(shall not apply|does not apply|do not apply|is exempt\w*|are exempt\w*|exempted|exemption|except (?:where|when|for|that|in)|"
    r"save (?:where|for|that)|does not include|shall not include|excluding|shall not be required|exempt|"
    r"no (?:licence|license|authori[sz]ation|permit) (?:is|shall be) required|"
    r"nothing in this (?:section|subsection|part|act|article|paragraph) (?:applies|shall apply))\b",
    re.I,
)


NOT_AN_EXCEPTION = re.compile(
    r"\s*(?:(?:in )?accordance with|under (?:and in accordance with )?(?:the authority of )?an? (?:licen[cs]e|permit|authori[sz]ation)|"
    r"with (?:the authority of )?an? (?:licen[cs]e|permit|authori[sz]ation)|as (?:otherwise )?provided|"
    r"the context|an? (?:expression|word|term)\b|otherwise (?:provided|required))",
    re.I,
)
INTERNATIONAL_LAW = re.compile(r"in accordance with international law", re.I)


ARABIC_MARKS = "[\u064B-\u0652\u0670\u0640]*"  # short vowels, shadda, sukun, tatweel: written or not


@lru_cache(maxsize=8)
def exception_wording(language: str) -> re.Pattern | None:
    """The exception clauses of a language: English's own rules, or its profile's words (any
    apostrophe; Arabic with or without its short vowels, after "و" or "ف" too)."""
    if language == "en":
        return EXEMPTION
    foreign = profile(language)
    words = foreign.exceptions if foreign else ()
    if not words:
        return None
    alternatives = []
    for phrase in sorted(words, key=len, reverse=True):
        pattern = re.escape(phrase).replace("'", "['’]").replace("\\ ", "\\s+")
        if language == "ar":
            pattern = "".join(c + ARABIC_MARKS if "\u0621" <= c <= "\u064A" else c for c in pattern)
            pattern = "(?:[وف])?" + pattern
        alternatives.append(pattern)
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.I)


def exceptions_in(text: str, language: str = "en") -> list[re.Match]:
    """The exception clauses of a text, without the lawful route, rules of interpretation and the
    passage international law guarantees."""
    wording = exception_wording(language)
    if wording is None:
        return []
    if wording is not EXEMPTION:
        return list(wording.finditer(text))
    found = []
    for m in EXEMPTION.finditer(text):
        clause = re.split(r"[;.]", text[m.end():m.end() + 200], maxsplit=1)[0]
        if NOT_AN_EXCEPTION.match(clause) or INTERNATIONAL_LAW.search(clause):
            continue
        found.append(m)
    return found


# A penalty lowered for some cases ("where the value of the goods does not exceed fifty thousand
# dollars ... shall be liable only to a fine"): a carve-out from the penalties, unless it is
# about a company, which cannot be imprisoned anyway.
PENALTY_CARVE_OUT = re.compile(r"\b(?:liable|punishable|punished) only (?:to|by|with) a fine\b|\bshall not be liable to imprisonment\b", re.I)
CORPORATE = re.compile(r"\b(?:body corporate|bodies corporate|company|companies|legal person|legal entity|corporation)\b", re.I)


def check_exemptions(ctx: PairContext) -> list[Finding]:
    return _added_exceptions(ctx) + _penalty_carve_outs(ctx)


def _penalty_carve_outs(ctx: PairContext) -> list[Finding]:
    if PENALTY_CARVE_OUT.search(ctx.model_text):
        return []
    out = []
    for found in PENALTY_CARVE_OUT.finditer(ctx.draft_text):
        start, end = ctx.sentence_of(ctx.d_doc, found.start())
        if CORPORATE.search(ctx.draft_text[start:end]):
            continue
        msg = (f"The draft lowers the penalty for some cases (“{found.group(0)}”): a carve-out the model does not have, "
               "which may leave those infringements without a dissuasive penalty.")
        out.append(ctx.finding("exemption", "weaker", msg, f"penalty-carve-out@{found.start()}", None, (start, end)))
    return out


def _added_exceptions(ctx: PairContext) -> list[Finding]:
    m_count = len(exceptions_in(ctx.model_text, ctx.m_doc.lang_))
    found = exceptions_in(ctx.draft_text, ctx.d_doc.lang_)
    if len(found) <= m_count:
        return []
    extra = found[m_count] if m_count else found[0]
    span = ctx.sentence_of(ctx.d_doc, extra.start())
    msg = f"The draft adds an exception (“{extra.group(0)}”) that the model does not have: check that it does not open a loophole."
    return [ctx.finding("exemption", "weaker", msg, f"{extra.group(0).lower()}@{len(found)}", None, span)]
