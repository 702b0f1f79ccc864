"""Exemptions: an exception the draft adds ("does not apply to", "no licence is required for").

Counted by their wording: a draft with more exception clauses than the model has added one. An
added point in a list of exceptions is found by drafting.checks.lists.
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


def check_exemptions(ctx: PairContext) -> list[Finding]:
    m_count = len(EXEMPTION.findall(ctx.model_text))
    found = list(EXEMPTION.finditer(ctx.draft_text))
    if len(found) <= m_count:
        return []
    extra = found[m_count] if m_count else found[0]
    span = ctx.sentence_of(ctx.d_doc, extra.start())
    msg = f"The draft adds an exception (“{extra.group(0)}”) that the model does not have: check that it does not open a loophole."
    return [ctx.finding("exemption", "weaker", msg, f"{extra.group(0).lower()}@{len(found)}", None, span)]
