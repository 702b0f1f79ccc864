"""Wording only: the texts differ, but only in case, punctuation, spelling or numbering (not substantive)."""

from __future__ import annotations

import re

from drafting.checks.context import PairContext
from drafting.findings import Finding

SPELLING = [(r"isation", "ization"), (r"isations", "izations"), (r"ise\b", "ize"), (r"ised\b", "ized"), (r"ising\b", "izing"),
            (r"our\b", "or"), (r"ence\b", "ense"), (r"tranship", "transship"), (r"programme", "program"), (r"judgement", "judgment"),
            (r"\bwhilst\b", "while"), (r"\bamongst\b", "among"), (r"ae", "e")]


def normalise_wording(text: str) -> str:
    """Text with the differences that do not change the law taken out: case, punctuation,
    numbering markers, spacing, British/American spelling."""
    t = text.lower()
    t = re.sub(r"^\s*\(?[0-9a-z]{1,4}[.)]\s+", " ", t, flags=re.M)
    t = re.sub(r"[\"“”‘’'`]", "", t)
    for uk, us in SPELLING:
        t = re.sub(uk, us, t)
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


def check_wording(ctx: PairContext) -> list[Finding]:
    if ctx.model_text == ctx.draft_text:
        return []
    if normalise_wording(ctx.model_text) == normalise_wording(ctx.draft_text):
        return [ctx.finding("wording", "", "Only punctuation, capital letters, spelling or numbering differ; the rule is the same.",
                            "wording", None, None, severity="info")]
    return []
