"""Triggers: what the person must know or be told, for which end uses, and the conditions around it.

- Knowledge: "informed", "is aware", "knows", "has grounds for suspecting" (ranked: knows < aware <
  suspects). The draft is narrower when it drops one the model requires ("knows" for "is aware"
  is reported softly: courts often read them alike), wider when it adds a broader one. A draft
  with no condition of knowledge at all has not narrowed the model's: it has none (an omission).
- Possibility: the model's catch-alls apply to items that "are or may be intended" for a use; a
  draft that says only "are intended" needs proof of intent, a narrower trigger.
- End uses: the uses of concern the model lists (WMD, military, internal repression...) that the
  draft leaves out.
- Alternative conditions: a condition the draft adds with "or" ("is subject to an arms embargo or
  has been designated a country of concern") that the model does not have makes the control
  apply more widely (stricter).
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext, first_words, join, phrase
from drafting.findings import Finding
from drafting.nlp import content_lemmas

TRIGGER_RANK = {"knows": 1, "aware": 2, "suspects": 3}
KNOWLEDGE = ("informed", "aware", "knows", "suspects")
END_USES = ("wmd-end-use", "military-end-use", "internal-repression", "human-rights-violations", "ihl-violations", "terrorism", "public-security")
POSSIBILITY = {
    "en": re.compile(r"\b(?:are|is|were)\s+or\s+(?:may|might)\s+be\b|\bmay\s+be\s+intended\b|\bmight\s+be\s+intended\b|\blikely\s+to\s+be\s+(?:used|intended)\b", re.I),
    "fr": re.compile(r"\b(?:sont|est)\s+ou\s+(?:peuvent|peut)\s+être\b|\bpeuvent\s+être\s+destiné|\bsusceptibles?\s+d", re.I),
    "es": re.compile(r"\b(?:están|está)\s+o\s+(?:pueden|puede)\s+estar\b|\bpuedan\s+estar\s+destinad|\bpueden\s+estar\s+destinad", re.I),
    "ru": re.compile(r"предназначен\w*\s+или\s+мо\w+\s+быть|могут\s+быть\s+предназначен|может\s+быть\s+предназначен", re.I),
    "ar": re.compile(r"أو\s+(?:قد|يمكن\s+أن)\s+(?:تكون|يكون)|قد\s+تكون\s+مخصص|يحتمل"),
}
INTENDED = {
    "en": re.compile(r"\b(?:are|is)\s+intended\b|\bintended\s+(?:for|to)\b", re.I),
    "fr": re.compile(r"\bdestiné", re.I),
    "es": re.compile(r"\bdestinad", re.I),
    "ru": re.compile(r"предназначен", re.I),
    "ar": re.compile(r"مخصص|معدة|ستستخدم"),
}
OR_WORDS = {"en": " or ", "fr": " ou ", "es": " o ", "ru": " или ", "ar": " أو "}
# What a condition added with "or" starts with (a verb or a new condition), and what is not one
ALTERNATIVE_START = {
    "en": re.compile(r"^(?:has|have|had|is|are|was|were|been|where|if|when|the\s+\w+\s+(?:is|are|has)|it\s+is|there\s+are)\b", re.I),
    "fr": re.compile(r"^(?:a|ont|avait|est|sont|était|été|fait|font|lorsque|si|quand|le\s+\w+\s+(?:est|a))\b", re.I),
    "es": re.compile(r"^(?:ha|han|haya|hayan|había|es|son|sea|sean|está|están|esté|estén|ha\s+sido|cuando|si|el\s+\w+\s+(?:es|ha))\b", re.I),
}  # Russian and Arabic: not described yet, so no added condition is guessed there
NOT_ALTERNATIVE = re.compile(r"^(?:may|might|she|her|hers|him|not)\b|^(?:is|are)\s+(?:or\s+)?(?:may|might)\b", re.I)
CONDITION = re.compile(r"\b(if|where|when|unless|in case|provided that|si|lorsque|cuando|если|إذا)\b", re.I)
ADDED_MIN_WORDS = 3
ADDED_OVERLAP_MAX = 0.34


def check_triggers(ctx: PairContext) -> list[Finding]:
    out = _knowledge(ctx)
    out += _possibility(ctx)
    out += _end_uses(ctx)
    out += _added_conditions(ctx)
    return out


def _knowledge(ctx: PairContext) -> list[Finding]:
    out: list[Finding] = []
    m_has, d_has = ctx.m_has, ctx.d_has
    required = list(ctx.requires.triggers) if ctx.requires and ctx.requires.triggers else [t for t in KNOWLEDGE if t in m_has]
    d_rank = max((TRIGGER_RANK[t] for t in TRIGGER_RANK if t in d_has), default=0)
    m_rank = max((TRIGGER_RANK[t] for t in required if t in TRIGGER_RANK), default=0)
    narrower = [t for t in required if t not in d_has and not (t in TRIGGER_RANK and d_rank >= TRIGGER_RANK[t])]
    if narrower:
        present = [t for t in KNOWLEDGE if t in d_has]
        now = f"; the draft relies on {join(present)} only" if present else ""
        anchor = d_has.get(present[0]) if present else ctx.draft_anchor()
        if not present and len(narrower) == len(required):
            # no condition of knowledge at all: not a narrower condition but none ("not be used if the
            # exporter has been informed ... or is aware" with nothing like it in the draft)
            start, end = ctx.sentence_of(ctx.m_doc, m_has[narrower[0]][0])
            shown = first_words(ctx.model_text[start:end].strip(), 25)
            msg = f"The draft has nothing corresponding to the model's condition that the person {join(narrower, 'or')}: “{shown}”"
            out.append(ctx.finding("omission", "weaker", msg, "-" + ",".join(narrower), m_has.get(narrower[0]), anchor, missing=narrower))
        elif narrower == ["aware"] and "knows" in d_has:
            msg = ("The draft requires actual knowledge (“knows”) where the model says “is aware”: "
                   "usually read alike, but a court may read “knows” more narrowly.")
            out.append(ctx.finding("trigger", "weaker", msg, "aware>knows", m_has.get("aware"), d_has["knows"], severity="low"))
        else:
            msg = f"Narrower trigger: the draft omits {join(narrower)}{now}."
            out.append(ctx.finding("trigger", "weaker", msg, "-" + ",".join(narrower), m_has.get(narrower[0]), anchor, missing=narrower))
    if m_rank and d_rank > m_rank:
        wider = [t for t in TRIGGER_RANK if t in d_has and TRIGGER_RANK[t] > m_rank]
        msg = f"Wider trigger: the draft also applies where the person {phrase(wider[0])} (stricter than the model)."
        out.append(ctx.finding("trigger", "stricter", msg, "+" + ",".join(wider), None, d_has[wider[0]], severity="low"))
    return out


def _possibility(ctx: PairContext) -> list[Finding]:
    """"are or may be intended" in the model, only "are intended" in the draft."""
    m_lang, d_lang = ctx.m_doc.lang_, ctx.d_doc.lang_
    may = POSSIBILITY.get(m_lang, POSSIBILITY["en"]).search(ctx.model_text)
    if not may:
        return []
    if POSSIBILITY.get(d_lang, POSSIBILITY["en"]).search(ctx.draft_text):
        return []
    intended = INTENDED.get(d_lang, INTENDED["en"]).search(ctx.draft_text)
    if not intended:
        return []
    msg = (f"Narrower trigger: the model covers items that “{may.group(0)}” intended for the use of concern; the draft requires "
           f"that they are intended (“{intended.group(0)}”), which must then be shown.")
    return [ctx.finding("trigger", "weaker", msg, "possibility", (may.start(), may.end()), (intended.start(), intended.end()))]


def _end_uses(ctx: PairContext) -> list[Finding]:
    if ctx.incorporates:
        return []  # the uses are those of the article the draft cites
    m_has, d_has = ctx.m_has, ctx.d_has
    required = ctx.requires.triggers if ctx.requires and ctx.requires.triggers else [t for t in KNOWLEDGE if t in m_has]
    m_uses = [u for u in END_USES if u in m_has]
    if not m_uses or not (required or any(t in m_has for t in ("informed", "aware", "suspects"))):
        return []
    missing = [u for u in m_uses if u not in d_has]
    if not missing:
        return []
    msg = f"Narrower scope: the draft does not cover {join(missing)}."
    return [ctx.finding("trigger", "weaker", msg, "uses-" + ",".join(missing), m_has[missing[0]], ctx.draft_anchor(), missing=missing)]


def _added_conditions(ctx: PairContext) -> list[Finding]:
    """A draft condition joined by "or" whose words the model does not have at all (in a trigger)."""
    if not (set(KNOWLEDGE) & set(ctx.m_has) or set(END_USES) & set(ctx.m_has)):
        return []
    lang = ctx.d_doc.lang_
    if lang not in ALTERNATIVE_START:
        return []  # what starts a condition in this language is not described yet: not guessed
    or_word = OR_WORDS.get(lang, " or ")
    model_words = set(content_lemmas(ctx.m_doc))
    out = []
    for sent in ctx.d_doc.sents:
        text = sent.text
        condition = CONDITION.search(text)
        if not condition:
            continue
        position = text.find(or_word, condition.end())
        while position >= 0:
            start = sent.start_char + position + len(or_word)
            following = ctx.draft_text[start:start + 40]
            if (lang == "en" and NOT_ALTERNATIVE.match(following)) or not ALTERNATIVE_START[lang].match(following):
                position = text.find(or_word, position + len(or_word))
                continue
            end = _clause_end(ctx.draft_text, start, sent.end_char)
            span = ctx.d_doc.char_span(start, end, alignment_mode="expand")
            words = set(content_lemmas(ctx.d_doc, span.start, span.end)) if span is not None else set()
            if len(words) >= ADDED_MIN_WORDS and _new_to_the_model(ctx, words, model_words):
                shown = ctx.draft_text[start:end].strip()
                msg = f"Wider than the model: the draft adds a condition in which the control applies (“{first_words(shown, 14)}”)."
                out.append(ctx.finding("trigger", "stricter", msg, f"or+:{shown[:40]}", None, (start, end), severity="low"))
            position = text.find(or_word, position + len(or_word))
    return out


def _new_to_the_model(ctx: PairContext, words: set[str], model_words: set[str]) -> bool:
    """Whether a condition's words are (nearly) all foreign to the model's. Across languages only
    concepts can meet: the condition is new when none of its concepts is one the model names."""
    if ctx.cross_lingual:
        return not {w for w in words if w.startswith("C:")} & model_words
    return len(words & model_words) / len(words) <= ADDED_OVERLAP_MAX


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where a condition added with "or" ends: the next comma, semicolon, colon or full stop."""
    for k in range(start, limit):
        if text[k] in ",;:." and not (text[k] == "." and k + 1 < limit and text[k + 1].isdigit()):
            return k
    return limit
