"""Lists: items missing from (or added to) an enumeration, in points or in running text.

Three kinds of list are compared:

- the lists a model set states (`requires: lists:` in the model law YAML: the controlled
  activities, the contents of records...);
- coordinated phrases in running text ("the export, re-export, transit and transhipment of
  dual-use items and the provision of brokering services"): runs of concepts of one kind
  (activities, persons, items, end uses, particulars of records, criteria) joined only by commas,
  "and", "or" and small words; the draft's run of the same kind is compared item by item;
- lettered points of an official act used as the model, and the draft's own points: a model point
  with no counterpart, or a draft point the model does not have (an added exemption, a wider
  catch-all).

An item counts as missing only when the draft's counterpart text does not name it anywhere, and
as added only when the model's text does not name it anywhere. In a list of exceptions the
directions turn round: an added exception is weaker, a missing one stricter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.checks.context import PairContext, first_words, jaccard, join
from drafting.findings import Finding
from drafting.nlp import LEGAL_STOP_WORDS, analyse, content_lemmas
from drafting.tree import Provision
from drafting.vocabulary import concepts

LIST_NAMES = {"activity": "controlled activities", "actor": "persons", "end-use": "end uses", "record": "particulars",
              "criterion": "criteria", "item": "items"}
GENERIC_ITEMS = {"any-person", "competent-authority", "dual-use-items", "licence", "import", "records", "penalties", "unlisted-items"}
CONNECTORS = {",", ";", "and", "or", "/", "as", "well", "the", "of", "its", "their", "such", "any", "in", "respect", "to", "for", "a",
              "an", "provision", "providing", "rendering", "and/or", "them", "it", "thereof"}
MAX_GAP = 8
EXCEPTIONS = re.compile(r"\b(shall not apply|does not apply|do not apply|exempt\w*|except|save for|does not include|shall not include|"
                        r"not be required|nothing in this)\b", re.I)
POINT_MATCH_MIN = 0.15
POINT_MIN_WORDS = 4


@dataclass(frozen=True)
class Coordination:
    kind: str
    ids: tuple[str, ...]
    start: int  # characters
    end: int


def coordinations(doc, least: int = 2) -> list[Coordination]:
    """Runs of `least` or more concepts of one listable kind joined only by connectors, in each sentence."""
    out = []
    covered = set()
    for h in doc._.concepts:
        covered.update(range(h.start, h.end))
    persons = {(h.start, h.end) for h in doc._.concepts if h.kind == "actor"}
    for sent in doc.sents:
        # a word that names a person ("a broker") is not also an activity of the list
        hits = [h for h in doc._.concepts if sent.start <= h.start < sent.end and h.kind in LIST_NAMES
                and (h.kind == "actor" or (h.start, h.end) not in persons)]
        by_kind: dict[str, list] = {}
        for h in hits:
            by_kind.setdefault(h.kind, []).append(h)
        for kind, group in by_kind.items():
            group.sort(key=lambda h: h.start)
            run = [group[0]]
            for h in group[1:] + [None]:
                if h is not None and _joined(doc, run[-1].end, h.start, covered):
                    run.append(h)
                    continue
                ids = tuple(dict.fromkeys(x.id for x in run))
                if len(ids) >= least:
                    out.append(Coordination(kind, ids, run[0].start_char, run[-1].end_char))
                if h is not None:
                    run = [h]
    return out


def _joined(doc, end: int, start: int, covered: set[int]) -> bool:
    if start < end:
        return True
    gap = doc[end:start]
    if len(gap) > MAX_GAP:
        return False
    return all(t.is_punct or t.is_stop or t.lower_ in CONNECTORS or t.lemma_ in LEGAL_STOP_WORDS or t.i in covered for t in gap)


def check_lists(ctx: PairContext) -> list[Finding]:
    out: list[Finding] = []
    stated_kinds = set()
    for lst in (ctx.requires.lists if ctx.requires else []):
        stated_kinds |= {concepts()[i].kind for i in lst.items if i in concepts()}
        out += _stated_list(ctx, lst.name, lst.items)
    if ctx.requires and ctx.requires.actors or ctx.official:
        stated_kinds.add("actor")  # the persons a rule binds are drafting.checks.actors' to judge
    if not (ctx.requires and ctx.requires.terms):  # a definition's contents are drafting.checks.definitions'
        out += _inline_lists(ctx, stated_kinds)
    if ctx.official and not (ctx.requires and ctx.requires.lists) and not ctx.m_doc._.defines:
        out += _model_points_missing(ctx)  # (a definition's points are drafting.checks.definitions' to judge)
    out += _draft_points_added(ctx)
    return out


def _stated_list(ctx: PairContext, name: str, items: list[str]) -> list[Finding]:
    out = []
    missing = [i for i in items if i not in ctx.d_has]
    if missing:
        first = ctx.m_has.get(missing[0])
        msg = f"{join(missing).capitalize()} {'is' if len(missing) == 1 else 'are'} missing from the draft's list of {name}."
        out.append(ctx.finding("list", "weaker", msg, f"{name}:-{','.join(missing)}", first, ctx.draft_anchor(), missing=missing))
    extra = _added_to_stated(ctx, items)
    if extra:
        msg = f"The draft adds {join(extra)} to the list of {name} (wider than the model)."
        out.append(ctx.finding("list", "stricter", msg, f"{name}:+{','.join(sorted(extra))}", None, ctx.d_has[extra[0]], severity="low"))
    return out


def _added_to_stated(ctx: PairContext, items: list[str]) -> list[str]:
    """Concepts of the list's family that the draft names beside the list's items (in the same
    sentence as at least two of them) and the model does not name at all (here or in its
    provisions on the same elements)."""
    kinds = {concepts()[i].kind for i in items if i in concepts()}
    added: list[str] = []
    for sent in ctx.d_doc.sents:
        here = {h.id for h in ctx.d_doc._.concepts if sent.start_char <= h.start_char < sent.end_char}
        if len(here & set(items)) < 2:
            continue
        added += [c for c in here if c not in items and c not in ctx.m_has and c not in ctx.model_elsewhere and c not in GENERIC_ITEMS
                  and concepts()[c].kind in kinds and c not in added]
    return added


def _inline_lists(ctx: PairContext, skip_kinds: set[str]) -> list[Finding]:
    """Each coordinated phrase of the model against the draft's phrases of the same kind."""
    out = []
    if ctx.incorporates:
        return out
    # the draft's counterpart may name a single item where the model lists several ("shall indicate
    # the end user and its location" against "the location of the items ..., the end-user and the
    # exact location of the end-user"): one item of the model's list is enough to compare them
    draft_runs = coordinations(ctx.d_doc, least=1)
    if not draft_runs:
        return out
    for run in coordinations(ctx.m_doc):
        if run.kind in skip_kinds or _supranational(ctx, run):
            continue
        matches = [d for d in draft_runs if d.kind == run.kind and set(d.ids) & set(run.ids)
                   and (len(d.ids) > 1 or d.ids[0] not in GENERIC_ITEMS)]  # "goods" alone is no list
        if not matches:
            continue
        exceptions = bool(EXCEPTIONS.search(_sentence_text(ctx.model_text, ctx.m_doc, run.start)))
        name = LIST_NAMES[run.kind] + (" excepted" if exceptions else "")
        draft_run = max(matches, key=lambda d: len(set(d.ids) & set(run.ids)))
        shown = ctx.draft_text[draft_run.start:draft_run.end]
        missing = [i for i in run.ids if i not in ctx.d_has and i not in GENERIC_ITEMS]
        if missing:
            direction = "stricter" if exceptions else "weaker"
            msg = (f"{join(missing).capitalize()} {'is' if len(missing) == 1 else 'are'} missing from the draft's list of {name} "
                   f"(“{first_words(shown, 16)}”)" + (": fewer exceptions than the model." if exceptions else "."))
            out.append(ctx.finding("list", direction, msg, f"inline:{run.kind}:-{','.join(missing)}", (run.start, run.end),
                                   (draft_run.start, draft_run.end), severity="low" if exceptions else "", missing=missing))
        added = [i for d in matches for i in d.ids if i not in ctx.m_has and i not in ctx.model_elsewhere and i not in GENERIC_ITEMS]
        added = list(dict.fromkeys(added))
        if added:
            kind = "exemption" if exceptions else "list"
            direction = "weaker" if exceptions else "stricter"
            msg = (f"The draft adds {join(added)} to the list of {name} (“{first_words(shown, 16)}”)"
                   + (": an exception the model does not have." if exceptions else ": wider than the model."))
            out.append(ctx.finding(kind, direction, msg, f"inline:{run.kind}:+{','.join(added)}", (run.start, run.end),
                                   (draft_run.start, draft_run.end), severity="" if exceptions else "low"))
    return out


def _sentence_text(text: str, doc, offset: int) -> str:
    for sent in doc.sents:
        if sent.start_char <= offset < sent.end_char:
            return text[sent.start_char:sent.end_char]
    return ""


def _supranational(ctx: PairContext, run: Coordination) -> bool:
    """A model list addressed to the Commission or the Member States (EU machinery)."""
    sentence = next((s for s in ctx.m_doc.sents if s.start_char <= run.start < s.end_char), None)
    return sentence is not None and any(h.kind == "supranational" and sentence.start_char <= h.start_char < run.start
                                        for h in ctx.m_doc._.concepts)


def _points(unit: Provision) -> list[Provision]:
    return [c for c in unit.children if c.kind in ("point", "paragraph", "subparagraph") and c.full_text().strip()]


def _all_points(unit: Provision) -> list[Provision]:
    """The points of `unit` at every depth (points, their subpoints ...)."""
    children = [c for c in unit.children if c.kind in ("point", "subpoint", "paragraph", "subparagraph") and c.full_text().strip()]
    return [p for child in children for p in (child, *_all_points(child))]


def _introduces_list(chapeau: str) -> bool:
    """A chapeau that announces a list: it ends with a colon or a dash ("shall not apply where—")."""
    return chapeau.rstrip().endswith((":", "—", "–", "-", "following"))


def _model_points_missing(ctx: PairContext) -> list[Finding]:
    """For an official act used as the model: a point whose every concept is absent from the draft."""
    out = []
    if ctx.incorporates:
        return out
    unit = ctx.unit.provision
    offset = len(unit.text) + 1 if unit.text else 0
    for child in unit.children:
        child_text = child.full_text()
        start = ctx.model_text.find(child_text, offset) if child_text else -1
        if start < 0:
            continue
        offset = start + len(child_text)
        doc = analyse(child_text)
        if any(h.kind == "supranational" for h in doc._.concepts):
            continue  # EU machinery (the Union Customs Code, the Member States) does not transpose
        ids = {h.id for h in doc._.concepts if h.kind in ("record", "activity", "actor", "criterion", "end-use", "exemption")}
        if ids and not (ids & set(ctx.d_has)):
            msg = f"Point {child.marker} of the model ({first_words(child_text, 10)}) has no counterpart in the draft's list."
            out.append(ctx.finding("list", "weaker", msg, f"point:{child.number}", (start, start + len(child_text)), ctx.draft_anchor(),
                                   missing=sorted(ids)))
    return out


def _draft_points_added(ctx: PairContext) -> list[Finding]:
    """A point of the draft with no counterpart among the model's points: an added exception in a list
    of exceptions (weaker), an added case in a catch-all or scope list (wider, stricter)."""
    model_points = _points(ctx.unit.provision)
    if len(model_points) < 2 or not _introduces_list(ctx.unit.provision.text):
        return []
    # each model point and each of its own points: a draft may list as points what the model lists
    # inside one ("military end-use means: (i) incorporation into military items ...")
    nested = [p for top in model_points for p in (top, *_all_points(top))]
    model_bags = [frozenset(content_lemmas(analyse(p.full_text()))) for p in nested]
    chapeau = ctx.unit.provision.text
    exceptions = bool(EXCEPTIONS.search(chapeau))
    catch_all = any(h.kind in ("trigger", "end-use") for h in analyse(chapeau + "\n" + ctx.model_text)._.concepts)
    out = []
    for draft in ctx.drafts:
        if not _introduces_list(draft.provision.text):
            continue  # "(a) ... (b) A person who contravenes paragraph (a) ...": paragraphs, not a list
        for point in _points(draft.provision):
            text = point.full_text()
            bag = frozenset(content_lemmas(analyse(text, draft.language or None)))
            if len(bag) < POINT_MIN_WORDS or max((jaccard(bag, m) for m in model_bags), default=0.0) >= POINT_MATCH_MIN:
                continue
            start = ctx.draft_text.find(text)
            if start < 0:
                continue
            span = (start, start + len(text))
            if exceptions:
                msg = f"The draft adds an exception the model does not have: point {point.marker} (“{first_words(text, 14)}”)."
                out.append(ctx.finding("exemption", "weaker", msg, f"point+:{draft.id}:{point.number}", None, span))
            elif catch_all:
                msg = f"Wider than the model: the draft adds a case, point {point.marker} (“{first_words(text, 14)}”)."
                out.append(ctx.finding("trigger", "stricter", msg, f"point+:{draft.id}:{point.number}", None, span, severity="low"))
    return out


