"""Modality: "may" where the model says "shall", "shall endeavour", a rule turned around.

Each model sentence's force (obligation, prohibition, permission, qualified duty) is compared
with the force of the draft sentence that matches it. The two are compared only when they govern
the same action — the same verb, or a verb naming the same concept ("notify" and "inform the
Authority"), or the same object — or when the sentences are close paraphrases, because "An
authorisation shall be required" and "No goods shall be exported without a licence" say the same
thing in different forms. The provision's main rule (its first rule, often in the chapeau) is
compared even when the verbs differ: "the Inspectorate may have regard to" for "the authorities
shall take into account".
"""

from __future__ import annotations

import re

from drafting.checks.context import PairContext, Sentence, addressed_to_supranational, jaccard
from drafting.findings import Finding
from drafting.nlp import HEDGE, Modal, content_lemmas
from drafting.vocabulary import concepts

STRENGTH = {"obligation": 3, "prohibition": 3, "hedged": 2, "permission": 1}
MODAL_WORDS = {"obligation": "an obligation (“shall”)", "prohibition": "a prohibition (“shall not”)", "permission": "a discretion (“may”)",
               "hedged": "a qualified duty (“shall endeavour”, “where practicable”)"}
SENTENCE_MATCH_MIN = 0.2
MAIN_RULE_MATCH_MIN = 0.1
CLOSE_PARAPHRASE = 0.5
AUXILIARIES = {"not", "be", "also", "only", "nevertheless", "however", "in", "no", "n't", "have", "been"}
AUTHORITIES = {"C:competent-authority", "C:customs", "C:supranational"}
GENERIC_WORDS = {"C:dual-use-items", "C:any-person", "C:competent-authority", "item", "good", "person", "authority", "competent"}


def force_of(m: Modal) -> str:
    return "hedged" if m.hedged and m.force == "obligation" else m.force


def check_modality(ctx: PairContext) -> list[Finding]:
    out: list[Finding] = []
    m_modals, d_modals = ctx.m_doc._.modals, ctx.d_doc._.modals
    pairs = pair_sentences(ctx.m_sentences, ctx.d_sentences)
    compared: set[int] = set()
    for (ms, ds), sim in pairs:
        model_modal = next((m for m in m_modals if ms.start <= m.start_char < ms.end), None)
        draft_modal = next((m for m in d_modals if ds.start <= m.start_char < ds.end), None)
        if model_modal is None or draft_modal is None:
            continue
        finding = _compare(ctx, model_modal, draft_modal, sim, main_rule=False)
        if finding or force_of(model_modal) == force_of(draft_modal):
            compared.add(model_modal.start_char)  # settled: the main-rule comparison below is not needed
        if finding:
            out.append(finding)
    for (ms, ds), sim in _second_partners(ctx, pairs, compared):
        model_modal = next((m for m in m_modals if ms.start <= m.start_char < ms.end), None)
        draft_modal = next((m for m in d_modals if ds.start <= m.start_char < ds.end), None)
        if model_modal is None or draft_modal is None or model_modal.start_char in compared:
            continue
        finding = _compare(ctx, model_modal, draft_modal, sim, main_rule=False)
        if finding:
            compared.add(model_modal.start_char)
            out.append(finding)
    main = _main_rules(ctx)
    if main and main[0].start_char not in compared:
        finding = _compare(ctx, *main, sim=0.0, main_rule=True)
        if finding:
            out.append(finding)
    return out


SCOPE_KINDS = ("licence", "activity", "item", "actor")  # what a rule applies to: "individual ... or global licence"


def _second_partners(ctx: PairContext, pairs, compared: set[int]) -> list[tuple[tuple[Sentence, Sentence], float]]:
    """Model rules the one-to-one pairing left uncompared, each with a draft sentence that covers
    them too: one draft sentence can put two model rules into one ("Every application for an
    individual licence or a global licence shall be accompanied by an end-use statement" for
    Article 12(4)'s "shall" for individual and "may" for global authorisations). A draft sentence
    covers a model sentence when it names something the model sentence applies to (a licence type,
    an activity, an item, an actor) that its own partner does not."""
    kinds = {cid: c.kind for cid, c in concepts().items()}
    partner = {ds: ms for (ms, ds), _ in pairs}

    def actors(s: Sentence) -> set[str]:
        return {t for t in s.lemmas if t.startswith("C:") and kinds.get(t[2:]) == "actor"}

    def private_actors(s: Sentence) -> set[str]:  # whom a rule binds, not the authority it also names ("unless the authority")
        return actors(s) - AUTHORITIES

    out = []
    for ms in ctx.m_sentences:
        if any(ms.start <= m.start_char < ms.end for m in ctx.m_doc._.modals if m.start_char in compared):
            continue
        best = None
        bound = private_actors(ms)
        for ds, first in partner.items():
            if first is ms:
                continue
            if bound and actors(ds) and not bound & actors(ds):
                continue  # a rule for someone else ("The Government may issue regulations" for "Exporters ... shall")
            extra = {t for t in (ms.lemmas & ds.lemmas) - first.lemmas if t.startswith("C:") and kinds.get(t[2:]) in SCOPE_KINDS}
            sim = jaccard(ms.lemmas, ds.lemmas)
            if extra and sim >= SENTENCE_MATCH_MIN and (best is None or sim > best[1]):
                best = ((ms, ds), sim)
        if best:
            out.append(best)
    return out


def _main_rules(ctx: PairContext) -> tuple[Modal, Modal] | None:
    """The first rule of each text, when their sentences share at least a little of their words."""
    if not ctx.m_doc._.modals or not ctx.d_doc._.modals:
        return None
    model_modal, draft_modal = ctx.m_doc._.modals[0], ctx.d_doc._.modals[0]
    ms = next((s for s in ctx.m_sentences if s.start <= model_modal.start_char < s.end), None)
    ds = next((s for s in ctx.d_sentences if s.start <= draft_modal.start_char < s.end), None)
    if ms is None or ds is None or _likeness(ctx, ms, ds) < MAIN_RULE_MATCH_MIN:
        return None
    if addressed_to_supranational(ctx.m_doc, ms.start, ms.end):
        return None  # "The Commission is empowered to adopt delegated acts": EU machinery, no national rule to weigh
    if _about_an_instrument(ctx.m_doc, ms.start, model_modal.start_char):
        return None  # "Individual export authorisations shall be valid for up to two years": what a licence is, no one's duty
    if ctx.cross_lingual and ds is not ctx.d_sentences[0]:
        return None  # French states a duty in the present tense ("Le demandeur fournit"): a later "peut" is not the main rule
    return model_modal, draft_modal


def _about_an_instrument(doc, start_char: int, modal_char: int) -> bool:
    """Whether the words before a modal name a licence and no actor: the rule says what the
    instrument is ("National general export authorisations shall exclude ..."), not what anyone
    shall or may do, so a draft's power to issue such licences ("The Authority may issue general
    licences") is not its weaker form."""
    kinds = {h.kind for h in doc._.concepts if start_char <= h.start_char < modal_char}
    return "licence" in kinds and not kinds & {"actor", "supranational"}  # the Member States act too


def _likeness(ctx: PairContext, ms: Sentence, ds: Sentence) -> float:
    """How much two sentences share; across languages only their concepts can meet, so only those
    are counted (the model's English words would make every translation look unlike it)."""
    if ctx.cross_lingual:
        def concepts_of(s: Sentence) -> set[str]:
            return {t for t in s.lemmas if t.startswith("C:") and t not in GENERIC_WORDS}
        return jaccard(concepts_of(ms), concepts_of(ds))
    return jaccard(ms.lemmas, ds.lemmas)


# A modal that gives a power to legislate ("may by order make provision", "shall, by regulations,
# establish"): what it says is left to the order, so its "may" is no discretion over the rule itself.
DELEGATES = re.compile(r"\bby\s+(?:order|orders|regulations|rules|notification|decree)\b|\bmake\s+(?:regulations|rules|orders?|provision)\b", re.I)


def delegates(text: str, modal: Modal) -> bool:
    """The modal's next words give a power to legislate ("may, where practicable, by order")."""
    return bool(DELEGATES.search(text, modal.end_char, modal.end_char + 40))


def _compare(ctx: PairContext, model_modal: Modal, draft_modal: Modal, sim: float, main_rule: bool) -> Finding | None:
    mf, df = force_of(model_modal), force_of(draft_modal)
    if mf == df:
        return None
    if delegates(ctx.model_text, model_modal) != delegates(ctx.draft_text, draft_modal):
        return None  # one states the rule, the other empowers someone to make it: no "may" against "shall"
    same_verb = _action(ctx.m_doc, model_modal) & _action(ctx.d_doc, draft_modal)
    width = 40 if ctx.cross_lingual else 14  # across languages only concepts meet: the whole clause is looked at
    same_object = bool(_predicate(ctx.m_doc, model_modal, width) & _predicate(ctx.d_doc, draft_modal, width))
    if not (same_verb or same_object or sim >= CLOSE_PARAPHRASE or main_rule and {mf, df} != {"obligation", "prohibition"}):
        return None
    if {mf, df} == {"obligation", "prohibition"}:
        if not same_verb:
            return None  # the same rule put positively or negatively
        direction, msg = "different", (
            f"The draft turns {MODAL_WORDS[mf]} into {MODAL_WORDS[df]}: “{draft_modal.text}” where the model says “{model_modal.text}”."
        )
    elif df == "hedged" and mf == "obligation":
        direction = "weaker"
        hedge = _hedge_words(ctx, draft_modal)
        msg = (f"The draft qualifies its duty (“{hedge}”) where the model says “{model_modal.text}” without qualification: "
               f"{MODAL_WORDS[mf]} becomes {MODAL_WORDS[df]}.")
    elif STRENGTH[df] < STRENGTH[mf]:
        direction = "weaker"
        msg = (f"The draft says “{draft_modal.text}” where the model says “{model_modal.text}”: "
               f"{MODAL_WORDS[mf]} becomes {MODAL_WORDS[df]}.")
    else:
        direction = "stricter"
        msg = (f"The draft says “{draft_modal.text}” where the model says “{model_modal.text}”: "
               f"{MODAL_WORDS[mf]} becomes {MODAL_WORDS[df]} (stricter than the model).")
    return ctx.finding("modality", direction, msg, f"{mf}>{df}@{model_modal.start_char}",
                       (model_modal.start_char, model_modal.end_char), (draft_modal.start_char, draft_modal.end_char))


def _hedge_words(ctx: PairContext, draft_modal: Modal) -> str:
    """The words that qualify the draft's duty ("shall endeavour", "where practicable"), from its sentence."""
    sentence = ctx.sentence_of(ctx.d_doc, draft_modal.start_char)
    found = HEDGE.search(ctx.draft_text, *sentence)
    return found.group(0) if found else draft_modal.text


def pair_sentences(m_sents: list[Sentence], d_sents: list[Sentence], minimum: float = SENTENCE_MATCH_MIN):
    """Model and draft sentences paired one to one, most similar first: [((model, draft), similarity)]."""
    candidates = []
    for a, ms in enumerate(m_sents):
        for b, ds in enumerate(d_sents):
            sim = jaccard(ms.lemmas, ds.lemmas)
            if sim >= minimum:
                candidates.append((sim, a, b))
    used_m, used_d, out = set(), set(), []
    for sim, a, b in sorted(candidates, reverse=True):
        if a in used_m or b in used_d:
            continue
        used_m.add(a)
        used_d.add(b)
        out.append(((m_sents[a], d_sents[b]), sim))
    return sorted(out, key=lambda x: x[0][0].start)


def _predicate(doc, modal: Modal, width: int = 14) -> set[str]:
    """Content words of what the modal governs (the next few words of its sentence)."""
    start = next((t.i for t in doc if t.idx >= modal.end_char), len(doc))
    end = min(len(doc), start + width, doc[start].sent.end if start < len(doc) else len(doc))
    later = [t.i for t in doc[start:end] if t.lower_ in ("shall", "may", "must")]
    end = later[0] if later else end  # stop where the next rule begins
    return {w for w in content_lemmas(doc, start, end) if w not in GENERIC_WORDS}


def _action(doc, modal: Modal) -> set[str]:
    """What a modal governs: the lemma of its verb ("shall keep" -> keep; "shall be required" ->
    require) and any concept that verb starts ("shall notify the Authority" -> C:notify)."""
    token = next((t for t in doc if t.idx >= modal.end_char), None)
    steps = 0
    while token is not None and steps < 4 and (token.lower_ in AUXILIARIES or token.is_punct):
        token = doc[token.i + 1] if token.i + 1 < len(doc) else None
        steps += 1
    if token is None:
        return set()
    out = {token.lemma_}
    out |= {f"C:{h.id}" for h in doc._.concepts if h.start <= token.i < h.end and h.kind in ("duty", "power", "record", "activity")}
    return out
