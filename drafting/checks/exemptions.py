"""Exemptions: an exception the draft adds ("does not apply to", "no licence is required for").

Counted by their wording: a draft with more exception clauses than the model has added one. An
added point in a list of exceptions is found by drafting.checks.lists.

Not exceptions, though worded like them: the lawful route ("except in accordance with this Act",
"except under the authority of a licence"), a rule of interpretation ("save where the context
otherwise requires", "save where an expression is also defined in a Schedule"), and the passage
that international law guarantees ("does not include the passage ... in accordance with
international law"): a reviewer would not send those as loopholes.
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext
from drafting.findings import Finding

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


def exceptions_in(text: str) -> list[re.Match]:
    """The exception clauses of a text, without the lawful route, rules of interpretation and the
    passage international law guarantees."""
    found = []
    for m in EXEMPTION.finditer(text):
        clause = re.split(r"[;.]", text[m.end():m.end() + 200], maxsplit=1)[0]
        if NOT_AN_EXCEPTION.match(clause) or INTERNATIONAL_LAW.search(clause):
            continue
        found.append(m)
    return found


def check_exemptions(ctx: PairContext) -> list[Finding]:
    m_count = len(exceptions_in(ctx.model_text))
    found = exceptions_in(ctx.draft_text)
    if len(found) <= m_count:
        return []
    extra = found[m_count] if m_count else found[0]
    span = ctx.sentence_of(ctx.d_doc, extra.start())
    msg = f"The draft adds an exception (“{extra.group(0)}”) that the model does not have: check that it does not open a loophole."
    return [ctx.finding("exemption", "weaker", msg, f"{extra.group(0).lower()}@{len(found)}", None, span)]
