"""Omissions: a binding sentence of the model that the draft has nothing for.

A model sentence with a rule (shall, must — not a "may") is omitted when no draft sentence is
like it and it is about something (an internal compliance programme, an end-use statement, a
review...) that the draft never mentions. Sentences addressed to the Commission or the Member
States (EU-internal machinery) do not transpose and are not reported.
"""

from __future__ import annotations

from drafting.checks.context import PairContext, addressed_to_supranational, best_sentence, first_words
from drafting.findings import Finding

OMISSION_KINDS = ("criterion", "licence", "record", "activity", "end-use", "power", "exemption", "penalty")
OMISSION_SIMILARITY = 0.3
GENERIC_CONCEPTS = {"licence", "export", "any-person", "competent-authority", "dual-use-items", "penalties", "records"}


# The particulars a record, an application, a statement or a licence must give (the description,
# the quantity, the parties ...) are missing only from a sentence about one of those: "three times
# the value of the items concerned" sets a fine, it asks for no particulars.
PARTICULARS_OF = {"records", "application", "end-use-statement", "declaration", "information", "registration"}


def check_omissions(ctx: PairContext) -> list[Finding]:
    out = []
    for sentence in ctx.m_sentences:
        start, end = sentence.start, sentence.end
        modals = [m for m in ctx.m_doc._.modals if start <= m.start_char < end]
        if not modals or all(m.force == "permission" for m in modals):
            continue
        if addressed_to_supranational(ctx.m_doc, start, end):
            continue
        _, sim = best_sentence(sentence.lemmas, ctx.d_sentences)
        if sim >= OMISSION_SIMILARITY:
            continue
        here = [h for h in ctx.m_doc._.concepts if start <= h.start_char < end]
        lists_particulars = any(h.id in PARTICULARS_OF or h.kind == "licence" for h in here)
        absent = [h for h in here if h.kind in OMISSION_KINDS and h.id not in ctx.d_has and h.id not in GENERIC_CONCEPTS
                  and (lists_particulars or not h.id.startswith("record-"))]
        if not absent:
            continue
        text = ctx.model_text[start:end].strip()
        msg = f"The draft has nothing corresponding to this part of the model: “{first_words(text, 25)}”"
        out.append(ctx.finding("omission", "weaker", msg, f"omit@{start}", (start, end), ctx.draft_anchor(),
                               missing=tuple(dict.fromkeys(h.id for h in absent))))
    return out
