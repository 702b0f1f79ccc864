"""Figures: periods, penalties, deadlines — and whether the draft's figure is weaker or stricter.

Every figure is read with its role, from its own words: a maximum ("not exceeding", "up to",
"within"), a minimum ("at least", "not less than") or a fixed figure ("for a period of"). What a
change means depends on what the figure governs, so each figure also has a subject, from the
concepts around it:

    records kept        a minimum: a shorter retention is weaker
    licence validity    a maximum: a longer validity is weaker, a shorter one stricter
    review of denials   a maximum: a longer interval between reviews is weaker
    penalties           a maximum term or fine: a lower maximum is weaker, a higher one stricter
    suspension at customs / detention  a longer period is stricter (more time to act)

and otherwise the role decides (a lower minimum or a higher maximum is weaker). Model figures are
matched first with the draft's figures of the same value (kept), then each changed figure with the
draft figure of the same kind about the same subject (the global licence's three years, not the
individual licence's two). The message states the model's rule the way the law puts it.
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext, best_sentence
from drafting.findings import Finding
from drafting.modelset import Requirements
from drafting.nlp import LEGAL_STOP_WORDS, Quantity, text_of

UNIT_NAMES = {"year": "years", "month": "months", "week": "weeks", "day": "days", "working day": "working days", "hour": "hours",
              "percent": "per cent", "currency": "", "penalty unit": "penalty units", "count": ""}
SUBJECT_CONCEPTS = {
    "penalty": {"imprisonment", "fine", "penalties", "offence", "administrative-penalty"},
    "records": {"records", "record-description", "record-quantity", "record-parties", "record-end-use"},
    "validity": {"licence", "individual-licence", "global-licence", "general-licence", "large-project-licence"},
}
SUBJECT_WORDS = [
    ("penalty", re.compile(r"\b(imprison\w*|fine[sd]?|penalt\w*|sentence|custod\w*|jail|convict\w*)\b", re.I)),
    ("records", re.compile(r"\b(record\w*|register\w*|retain\w*|kept|keep)\b", re.I)),
    ("review", re.compile(r"\b(review\w*|reconsider\w*|re-examin\w*)\b", re.I)),
    ("suspension", re.compile(r"\b(suspen\w*|detain\w*|detention|withh[oe]ld\w*|stop\w*)\b", re.I)),
    ("validity", re.compile(r"\b(valid\w*|remain in force|expir\w*|durat\w*)\b", re.I)),
]
HIGHER_IS_STRICTER = {"penalty": True, "records": True, "suspension": True, "review": False, "validity": False}
ROLE_WORDS = {"up-to": "a maximum of", "at-least": "a minimum of", "exactly": ""}
SUBJECT_TEXT = {"penalty": "penalty", "records": "retention period", "review": "review interval", "suspension": "suspension period",
                "validity": "validity"}


def family(q: Quantity) -> str:
    return "time" if q.in_days is not None else q.unit


def comparable(q: Quantity) -> float:
    return q.in_days if q.in_days is not None else q.value


SUBJECT_WINDOW = 120  # characters before a figure that say what it governs (and 40 after)


def subject_of(q: Quantity, doc, text: str) -> str:
    """What a figure governs, from the words just before and after it in its sentence."""
    window = text[max(0, q.start_char - SUBJECT_WINDOW):q.end_char + 40]
    concepts_near = {h.id for h in doc._.concepts if q.start_char - SUBJECT_WINDOW <= h.start_char < q.end_char + 40}
    if concepts_near & SUBJECT_CONCEPTS["penalty"] or SUBJECT_WORDS[0][1].search(window):
        return "penalty"
    for subject, pattern in SUBJECT_WORDS[1:]:
        if pattern.search(window):
            return subject
    if concepts_near & SUBJECT_CONCEPTS["records"]:
        return "records"
    return ""


def role_of(q: Quantity, requires: Requirements | None) -> str:
    """up-to | at-least | exactly: the figure's own words, or the model set's stated requirement."""
    if requires:
        for rn in requires.numbers:
            if abs(rn.value - q.value) < 1e-6:
                return rn.direction
    return q.qualifier


def compatible_roles(model_role: str, draft_role: str) -> bool:
    """A maximum is compared with a maximum (or a plain figure), a minimum with a minimum: "not less than
    thirty years" (the floor of a sentence) says nothing about a model's cap of two years."""
    return {model_role, draft_role} != {"up-to", "at-least"}


def verdict(subject: str, role: str, draft_lower: bool) -> str:
    """weaker | stricter | different for a draft figure lower (or higher) than the model's."""
    if subject in HIGHER_IS_STRICTER:
        higher_stricter = HIGHER_IS_STRICTER[subject]
    elif role == "at-least":
        higher_stricter = True
    elif role == "up-to":
        higher_stricter = False
    else:
        return "different"
    return ("weaker" if draft_lower else "stricter") if higher_stricter else ("stricter" if draft_lower else "weaker")


def describe_rule(subject: str, role: str, q: Quantity) -> str:
    """The model's rule as the law puts it: 'a maximum penalty of “ten years”', 'a minimum of “five years”'."""
    what = SUBJECT_TEXT.get(subject, "")
    bound = ROLE_WORDS.get(role, "")
    if subject == "penalty":
        return f"a maximum penalty of “{q.text}”" if role != "at-least" else f"a minimum penalty of “{q.text}”"
    if bound:
        return f"{bound} “{q.text}”" + (f" ({what})" if what else "")
    return f"“{q.text}”" + (f" ({what})" if what else "")


def explain(subject: str, verdict_: str, draft_lower: bool) -> str:
    change = "lower" if draft_lower else "higher"
    if subject == "penalty":
        change = "a lower maximum" if draft_lower else "a higher maximum"
    elif subject in ("records", "validity", "review", "suspension"):
        change = ("a shorter " if draft_lower else "a longer ") + SUBJECT_TEXT[subject]
    word = {"weaker": "weaker than", "stricter": "stricter than", "different": "different from"}[verdict_]
    return f"{change} is {word} the model"


def _draft_speaks_of(ctx: PairContext, mq: Quantity, subject: str) -> bool:
    """Whether the draft speaks of what a model figure governs, so that its having no figure for it
    is a difference ("the permit is valid for the period it states": no two-year maximum) and not a
    sign that the two provisions are about different things ("a compliance notice remains in force
    until revoked" against "shall decide within sixty days"). The subject's words or concepts, or,
    for a figure of no known subject, a word the model uses before it ("decide the application within")."""
    if subject:
        pattern = dict(SUBJECT_WORDS)[subject]
        return bool(pattern.search(ctx.draft_text) or SUBJECT_CONCEPTS.get(subject, set()) & set(ctx.d_has))
    before = ctx.m_doc.char_span(max(0, mq.start_char - SUBJECT_WINDOW), mq.start_char, alignment_mode="contract")
    near = {t.lemma_.lower() for t in (before or []) if t.is_alpha and not t.is_stop and t.lemma_.lower() not in LEGAL_STOP_WORDS}
    return bool(near & set().union(*(s.lemmas for s in ctx.d_sentences)))


def check_numbers(ctx: PairContext) -> list[Finding]:
    out: list[Finding] = []
    m_quants, d_quants = ctx.m_doc._.quantities, ctx.d_doc._.quantities
    if not m_quants:
        return out
    used: set[int] = set()
    unmatched = []
    for mq in m_quants:  # first the figures the draft keeps unchanged
        same = next((i for i, dq in enumerate(d_quants) if i not in used and family(dq) == family(mq)
                     and abs(comparable(dq) - comparable(mq)) < 1e-6 * max(1.0, comparable(mq))), None)
        if same is None:
            unmatched.append(mq)
        else:
            used.add(same)
    for mq in unmatched:  # then each changed figure, against the draft's figure of the same kind about the same thing
        subject = subject_of(mq, ctx.m_doc, ctx.model_text)
        role = role_of(mq, ctx.requires)
        candidates = [i for i, dq in enumerate(d_quants) if family(dq) == family(mq) and i not in used
                      and compatible_roles(role, role_of(dq, None))]
        if not candidates:
            if (ctx.requires and any(abs(rn.value - mq.value) < 1e-6 for rn in ctx.requires.numbers)
                    and _draft_speaks_of(ctx, mq, subject)):
                out.append(ctx.finding("number", "weaker", f"The model sets {describe_rule(subject, role, mq)} here; the draft states no such figure.",
                                       f"missing:{mq.text}", (mq.start_char, mq.end_char)))
            continue
        i = _closest(ctx, mq, subject, candidates)
        dq = d_quants[i]
        used.add(i)
        lower = comparable(dq) < comparable(mq)
        v = verdict(subject, role, lower)
        msg = f"The draft says “{dq.text}” where the model sets {describe_rule(subject, role, mq)}: {explain(subject, v, lower)}."
        out.append(ctx.finding("number", v, msg, f"{mq.text}>{dq.text}", (mq.start_char, mq.end_char), (dq.start_char, dq.end_char)))
    out += _split_figures(ctx, used)
    return out


TOPIC_GENERIC = {"licence", "dual-use-items", "any-person", "competent-authority", "export"}
TOPIC_KINDS = ("licence", "activity", "actor")


def _split_figures(ctx: PairContext, used: set[int]) -> list[Finding]:
    """A model figure that covers several things ("individual and global licences ... up to two
    years") kept for one by the draft and changed for another ("a global licence for up to three
    years"): the draft's remaining figures are compared with the model figure about the same thing."""
    out = []
    m_quants, d_quants = ctx.m_doc._.quantities, ctx.d_doc._.quantities
    for i, dq in enumerate(d_quants):
        if i in used:
            continue
        d_topic = _topic(dq, ctx.d_doc, TOPIC_KINDS) - TOPIC_GENERIC
        if not d_topic:
            continue
        # only a figure the model states for several things at once, of which the draft names one
        mq = next((q for q in m_quants if family(q) == family(dq) and len(_topic(q, ctx.m_doc, TOPIC_KINDS) - TOPIC_GENERIC) >= 2
                   and d_topic <= _topic(q, ctx.m_doc, TOPIC_KINDS)), None)
        if mq is None or abs(comparable(mq) - comparable(dq)) < 1e-6 * max(1.0, comparable(mq)):
            continue
        subject, role = subject_of(mq, ctx.m_doc, ctx.model_text), role_of(mq, ctx.requires)
        lower = comparable(dq) < comparable(mq)
        v = verdict(subject, role, lower)
        msg = f"The draft says “{dq.text}” where the model sets {describe_rule(subject, role, mq)}: {explain(subject, v, lower)}."
        out.append(ctx.finding("number", v, msg, f"{mq.text}>{dq.text}", (mq.start_char, mq.end_char), (dq.start_char, dq.end_char)))
    return out


def _closest(ctx: PairContext, mq: Quantity, subject: str, candidates: list[int]) -> int:
    """Of the draft's figures of the same kind, the one about the same subject, in the sentence most
    like the model's, about the same licence type or thing. The sentence comes before the things
    named: "entries in the register shall be kept for ten years" names the model's "registers"
    but is not its rule on records, which the draft puts in "the records and documents referred
    to in subsections (1) and (2) shall be kept for a period of four years"."""
    d_quants = ctx.d_doc._.quantities
    m_topic = _topic(mq, ctx.m_doc)
    sent = next((s.lemmas for s in ctx.m_sentences if s.start <= mq.start_char < s.end), frozenset())
    j, _ = best_sentence(sent, ctx.d_sentences)

    def score(i: int) -> tuple:
        dq = d_quants[i]
        same_subject = subject_of(dq, ctx.d_doc, ctx.draft_text) == subject
        same_topic = len(m_topic & _topic(dq, ctx.d_doc))
        in_sentence = j >= 0 and ctx.d_sentences[j].start <= dq.start_char < ctx.d_sentences[j].end
        return (same_subject, in_sentence, same_topic, -i)

    return max(candidates, key=score)


def _topic(q: Quantity, doc, kinds: tuple[str, ...] | None = None) -> set[str]:
    """The licence types or other concepts named in the figure's clause (before it, same sentence)."""
    start = max((s.start_char for s in doc.sents if s.start_char <= q.start_char), default=0)
    clause_start = max(start, q.start_char - 160)
    text = text_of(doc)
    for sep in (";", ". "):
        k = text.rfind(sep, clause_start, q.start_char)
        if k >= 0:
            clause_start = k
    return {h.id for h in doc._.concepts if clause_start <= h.start_char < q.start_char and (kinds is None or h.kind in kinds)}
