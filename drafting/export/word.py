"""Export 1: the drafters' own Word file, with the review as Word comments.

Each comment is anchored on the exact words its finding concerns: the finding's offsets in the
draft unit are traced back through the provision tree (`Provision.locate`) to a block, then to
the source paragraph and its accepted text, where `ooxml.isolate_runs` splits runs (keeping
their formatting) so that the comment covers those words and nothing else. Everything else in
the file is left as it was. Drafts that came as PDF, HTML or text get a clean .docx rendering
of their paragraphs, with the same comments.

A comment may carry a suggested wording (`drafting.suggest`): it goes into the text as a tracked
change by the reviewer, and the comment covers the change. Comments are placed first and the
changes afterwards, last first, so that every offset still refers to the drafters' own text.
Replies are threaded under their comment and resolved findings exported as resolved comments
(`ooxml.write_comment_threads`); a record of the changes made travels in the file as custom XML
(`SUGGESTIONS_NS`), so that the drafters' answer can be read back (`drafting.ingest.returned`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

import docx

from drafting import ooxml
from drafting.compare import KIND_TITLES, Comparison, Finding, PairResult
from drafting.language import RIGHT_TO_LEFT
from drafting.ingest.returned import SUGGESTIONS_NS, comment_key
from drafting.ingest.source import SourceText
from drafting.suggest import NOT_TRACKED, TRACKED, Suggestion, nearest_implemented, suggestions_for
from drafting.tree import Document, Unit

CONTEXT_CHARS = 40  # words kept on either side of a change, to recognise it in the returned file

SEVERITY_WORD = {"high": "High", "medium": "Medium", "low": "Low", "info": "Note"}


@dataclass
class Comment:
    """A comment to place: on words of a draft unit (offsets in its text) or on the whole unit."""

    unit_id: str
    start: int | None
    end: int | None
    text: str
    author: str
    initials: str = ""
    replies: list["Comment"] = field(default_factory=list)
    date: str = ""  # ISO 8601 in UTC ("2026-12-03T07:22:31Z"); "" for the time of the export
    resolved: bool = False  # exported as a resolved (done) comment
    finding_id: str = ""
    suggestion: Suggestion | None = None  # a wording to put in the text as a tracked change
    suggestion_author: str = ""  # who proposes it (the comment's author when empty)


REF_PREFIX = "Ref. "


def finding_comment_text(pair: PairResult | None, f: Finding, model_label: str = "", model_text: str = "", note: str = "",
                         suggestion: Suggestion | None = None) -> str:
    """The comment on a finding; its last line ("Ref. f-…") names the finding, so that the
    drafters' replies to it can be read back."""
    lines = [f"[{SEVERITY_WORD.get(f.severity, f.severity)}] {KIND_TITLES.get(f.kind, f.kind)}: {f.message}"]
    if note:
        lines.append(f"Reviewer: {note}")
    if model_text:
        excerpt = model_text if len(model_text) <= 600 else model_text[:600].rsplit(" ", 1)[0] + " …"
        lines.append(f"Model wording to consider ({model_label}): “{excerpt}”")
    if suggestion is not None:
        lines.append(suggestion.describe())
    lines.append(f"{REF_PREFIX}{f.id}")
    return "\n".join(lines)


def comments_from_comparison(c: Comparison, author: str = "Drafting assistant", initials: str = "DA",
                             include_wording: bool = False, notes: dict[str, str] | None = None,
                             skip: set[str] | None = None, suggest: bool | set[str] = False,
                             suggestions: dict[str, str] | None = None, resolved: set[str] | None = None,
                             suggestion_author: str | dict[str, str] = "", confirmed: set[str] | None = None) -> list[Comment]:
    """One comment per finding: on the draft words concerned, or (for a gap) on the draft
    provision nearest to where the missing one belongs. `notes` adds a reviewer's note to a
    finding (by finding id); `skip` leaves out rejected findings; `resolved` findings become
    resolved comments. With `suggest` (True, or a set of finding ids), the findings with a fix
    carry their suggested wording as a tracked change; `suggestions` (finding id -> the
    reviewer's wording) override the computed wording, and give one to those findings even
    when `suggest` leaves them out. `suggestion_author` (one name, or one per finding id) is
    who proposes the changes (the comments' author when empty). A provisional finding (on an
    uncertain pairing) goes to the drafters only once a reviewer has `confirmed` it or written on it."""
    notes, skip, resolved, suggestions = notes or {}, skip or set(), resolved or set(), suggestions or {}
    confirmed = confirmed or set()
    changes = suggestions_for(c, suggestions, computed=bool(suggest), skip=skip)
    if isinstance(suggest, (set, frozenset)):
        changes = {fid: s for fid, s in changes.items() if fid in suggest or fid in suggestions}
    out: list[Comment] = []
    anchors = gap_anchors(c)

    def add(unit_id: str, start, end, f: Finding, text: str) -> None:
        proposer = suggestion_author.get(f.id, "") if isinstance(suggestion_author, dict) else suggestion_author
        out.append(Comment(unit_id, start, end, text, author, initials, resolved=f.id in resolved, finding_id=f.id,
                           suggestion=changes.get(f.id), suggestion_author=proposer))

    for pair in c.pairs:
        for f in pair.findings:
            if f.id in skip or (f.kind == "wording" and not include_wording):
                continue
            if f.provisional and f.id not in confirmed and f.id not in notes:
                continue
            text = finding_comment_text(pair, f, pair.model.label, pair.model.text(), notes.get(f.id, ""), changes.get(f.id))
            if f.kind == "gap":
                anchor = anchors.get(pair.model.id)
                if anchor is None:
                    continue
                add(anchor, None, None, f, text)
            elif f.draft_span is not None:
                add(f.draft_id, f.draft_span.start, f.draft_span.end, f, text)
            else:
                add(f.draft_id or pair.drafts[0].id, None, None, f, text)
    for n in c.national_only:
        for f in n.findings:
            if f.id in skip:
                continue
            text = finding_comment_text(None, f, note=notes.get(f.id, ""), suggestion=changes.get(f.id))
            span = f.draft_span
            add(n.unit.id, span.start if span else None, span.end if span else None, f, text)
    return out


def gap_anchors(c: Comparison) -> dict[str, str]:
    """For each missing model unit, the draft unit implementing its nearest neighbour in the model."""
    neighbours = nearest_implemented(c)
    if not neighbours and not any(p.drafts for p in c.pairs):
        units = c.draft.units()
        first = units[0].id if units else ""
        return {p.model.id: first for p in c.pairs if not p.drafts and first}
    return {model_id: unit_id for model_id, (unit_id, _) in neighbours.items()}


# --- writing the comments into the file -------------------------------------------------------------------


def annotate_docx(original: bytes, source: SourceText, document: Document, comments: list[Comment],
                  date: str | None = None) -> bytes:
    """The uploaded .docx with `comments` anchored in it and their suggestions as tracked
    changes dated `date` (default: now); nothing else changed."""
    word = docx.Document(io.BytesIO(original))
    paragraphs = ooxml.body_paragraphs(word.element)
    stamp = ooxml.RevisionStamp("", date or _now(), word.element)
    units = {u.id: u for u in document.units()}
    writer = _CommentWriter(word, stamp.date)
    planned: list[tuple[_Change, Comment, Unit]] = []
    for comment in comments:
        unit = units.get(comment.unit_id) or _any_unit(document, comment.unit_id)
        if unit is None:
            continue
        change = _plan_change(comment.suggestion, units, source, paragraphs) if comment.suggestion else None
        if change is not None:
            planned.append((change, comment, unit))
            continue
        comment = _untracked(comment)
        anchor = _anchor_runs(unit, comment, source, paragraphs)
        if anchor is not None:
            writer.write(comment, *anchor)
    done = _apply_changes(planned, paragraphs, source, stamp, writer)
    writer.write_threads()
    if writer.written:
        ooxml.write_custom_xml(word, _record_xml(done, writer.written, stamp.date), SUGGESTIONS_NS)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def word_date(stamp: str | None) -> str:
    """An ISO 8601 time ("2026-12-03T07:22:31.123+00:00") as Word dates comments and changes
    ("2026-12-03T07:22:31Z"); "" when there is none."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _CommentWriter:
    """Adds comments with their replies, and remembers threads and resolved ones."""

    def __init__(self, word, date: str):
        self.word = word
        self.date = date
        self.threads: list[tuple[int, int | None, bool]] = []
        self.written: list[tuple[str, str, str, str]] = []  # author, date, text key, parent's text key

    def write(self, comment: Comment, first, last) -> None:
        parent = self._add(comment, first, last)
        for reply in comment.replies:
            self.threads.append((self._add(reply, first, last, parent_of=comment), parent, comment.resolved))
        if comment.replies or comment.resolved:
            self.threads.append((parent, None, comment.resolved))

    def _add(self, comment: Comment, first, last, parent_of: Comment | None = None) -> int:
        added = self.word.comments.add_comment(text=comment.text, author=comment.author, initials=comment.initials)
        ooxml.set_comment_date(self.word, added.comment_id, comment.date or self.date)
        ooxml.mark_comment_range(first, last, added.comment_id)
        self.written.append((comment.author, comment.date or self.date, comment_key(comment.text),
                             comment_key(parent_of.text) if parent_of else ""))
        return added.comment_id

    def write_threads(self) -> None:
        if self.threads:
            ooxml.write_comment_threads(self.word, self.threads)


# --- suggestions as tracked changes ----------------------------------------------------------------------


@dataclass
class _Change:
    """Where a suggestion goes: a paragraph and [start, end) of its accepted text (for new
    paragraphs: the paragraph they follow or precede)."""

    suggestion: Suggestion
    para: int
    start: int
    end: int
    before: str = ""  # the drafters' words around the change, to recognise it when it comes back
    after: str = ""


def _plan_change(s: Suggestion, units: dict[str, Unit], source: SourceText, paragraphs: list) -> _Change | None:
    unit = units.get(s.unit_id)
    if unit is None or not unit.text():
        return None
    text = unit.text()
    if s.kind == "paragraphs":
        at = _source_position(unit, 0, +1, len(text) - 1, source) if s.before else _source_position(unit, len(text) - 1, -1, 0, source)
        return _Change(s, at[0], 0, 0) if at else None
    if s.kind == "insert":
        if s.start > 0:
            at = _source_position(unit, s.start - 1, -1, 0, source)
            return _Change(s, at[0], at[1] + 1, at[1] + 1) if at else None
        at = _source_position(unit, 0, +1, len(text) - 1, source)
        return _Change(s, at[0], at[1], at[1]) if at else None
    first = _source_position(unit, s.start, +1, s.end - 1, source)
    last = _source_position(unit, s.end - 1, -1, s.start, source)
    if first is None or last is None or first[0] != last[0] or first[1] > last[1]:
        return None  # a replacement across paragraphs: the comment alone says it
    return _Change(s, first[0], first[1], last[1] + 1)


def _apply_changes(planned: list[tuple[_Change, Comment, Unit]], paragraphs: list, source: SourceText,
                   stamp: "ooxml.RevisionStamp", writer: _CommentWriter) -> list[tuple[_Change, Comment]]:
    """Write the planned changes, last first so that earlier offsets stay true, each with its
    comment around it; a change overlapping an earlier one is left to its comment."""
    in_text, clashing = _without_overlaps([item for item in planned if item[0].suggestion.kind != "paragraphs"])
    gaps_in_model_order = [item for item in planned if item[0].suggestion.kind == "paragraphs"]
    _set_contexts([c for c, _, _ in in_text + gaps_in_model_order], paragraphs)
    numbered = {piece.para for block in source.blocks if block.label for piece in block.pieces}
    done: list[tuple[_Change, Comment]] = []
    last_new: dict[tuple[int, bool], object] = {}
    for _, comment, unit in clashing:
        _fallback(comment, unit, source, paragraphs, writer)
    for change, comment, unit in sorted(in_text, key=lambda item: (item[0].para, item[0].start), reverse=True):
        s = change.suggestion
        stamp.author = comment.suggestion_author or comment.author
        p = paragraphs[change.para]
        if s.kind == "insert":
            span = ooxml.track_insertion(p, change.start, s.insert, stamp)
        else:
            span = ooxml.track_replacement(p, change.start, change.end, s.insert, stamp)
        if span is None:
            _fallback(comment, unit, source, paragraphs, writer)
            continue
        writer.write(comment, *span)
        done.append((change, comment))
    for change, comment, unit in gaps_in_model_order:  # new paragraphs keep the model's order
        s = change.suggestion
        stamp.author = comment.suggestion_author or comment.author
        anchor = paragraphs[change.para]
        lines = [(line, change.para) for line in s.lines()]
        if s.heading:
            lines[0] = (s.heading, _heading_paragraph(unit, change.para, paragraphs))
        key = (change.para, s.before)
        # New paragraphs copy the formatting of their neighbours, without automatic numbers:
        # the model's wording types its own ("(1)"), and the draft's numbers stay as they are.
        new = ooxml.insert_tracked_paragraphs(anchor, [(text, paragraphs[i], i in numbered) for text, i in lines], stamp,
                                              before=s.before, after=None if s.before else last_new.get(key))
        last_new[key] = new[-1]
        writer.write(comment, new[0], new[-1])
        done.append((change, comment))
    return done


def _without_overlaps(planned: list) -> tuple[list, list]:
    """The changes in the text that can all be made (the first comes first), and those that
    overlap one of them."""
    kept, clashing = [], []
    for item in planned:
        c = item[0]
        overlaps = any(k.para == c.para and (k.start < c.end and c.start < k.end or c.start == c.end == k.start or k.start == k.end == c.start)
                       for k, _, _ in kept)
        (clashing if overlaps else kept).append(item)
    return kept, clashing


def _fallback(comment: Comment, unit: Unit, source: SourceText, paragraphs: list, writer: _CommentWriter) -> None:
    """A suggestion that cannot go into the text: the comment still goes on its words."""
    comment = _untracked(comment)
    anchor = _anchor_runs(unit, comment, source, paragraphs)
    if anchor is not None:
        writer.write(comment, *anchor)


def _untracked(comment: Comment) -> Comment:
    """The comment, saying that its suggestion is not in the text (it could not be placed)."""
    if comment.suggestion is None:
        return comment
    return replace(comment, text=comment.text.replace(TRACKED, NOT_TRACKED), suggestion=None)


def _set_contexts(changes: list[_Change], paragraphs: list) -> None:
    """The drafters' words on either side of each change in the text, across paragraphs if need
    be but never past a neighbouring change, as many as it takes for the change to be found
    once only in the document."""
    texts = [ooxml.paragraph_text(p) for p in paragraphs]
    starts, pos = [], 1
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    whole = "\n" + "\n".join(texts) + "\n"
    spans = []  # (start, end) of each change in `whole`; new paragraphs count as a point between two
    for c in changes:
        if c.suggestion.kind == "paragraphs":
            at = starts[c.para] - 1 if c.suggestion.before else starts[c.para] + len(texts[c.para])
            spans.append((at, at))
        else:
            spans.append((starts[c.para] + c.start, starts[c.para] + c.end))
    for c, (a, b) in zip(changes, spans):
        if c.suggestion.kind == "paragraphs":
            c.before, c.after = whole[max(0, a - CONTEXT_CHARS):a], whole[a:a + CONTEXT_CHARS]
            continue
        left = max((y for x, y in spans if y <= a and (x, y) != (a, b)), default=0)
        right = min((x for x, y in spans if x >= b and (x, y) != (a, b)), default=len(whole))
        width = CONTEXT_CHARS
        while True:
            lo, hi = max(left, a - width), min(right, b + width)
            c.before, c.after = whole[lo:a], whole[b:hi]
            old = c.before + c.suggestion.delete + c.after
            if (lo <= left and hi >= right) or (whole.count(old) == 1 and c.before + c.suggestion.insert + c.after not in whole):
                break
            width *= 2


def _heading_paragraph(unit: Unit, para: int, paragraphs: list) -> int:
    """The paragraph holding the heading of the draft article around paragraph `para` (whose
    formatting a new section heading copies); `para` itself when none is found."""
    heading = unit.article.heading.strip()
    for i in range(para, max(-1, para - 60), -1):
        text = ooxml.paragraph_text(paragraphs[i]).strip()
        if heading and text.endswith(heading) and len(text) <= len(heading) + 12:
            return i
    return para


def _record_xml(done: list[tuple[_Change, Comment]], written: list[tuple[str, str, str, str]], date: str) -> bytes:
    """The custom XML record of the export: each change made (finding, author, date, the words
    deleted and inserted and the words around them) and each comment written (author, date,
    a key of its text and of the comment it answers)."""
    items = [f"<comment author={quoteattr(a)} date={quoteattr(d)} key={quoteattr(k)} parent={quoteattr(pk)}/>"
             for a, d, k, pk in written]
    for change, comment in done:
        s = change.suggestion
        inserted = "\n".join(s.lines()) if s.kind == "paragraphs" else s.insert
        items.append(
            f"<change finding={quoteattr(s.finding_id)} kind={quoteattr(s.kind)} author={quoteattr(comment.suggestion_author or comment.author)}"
            f" date={quoteattr(date)}><before>{escape(change.before)}</before><deleted>{escape(s.delete)}</deleted>"
            f"<inserted>{escape(inserted)}</inserted><after>{escape(change.after)}</after></change>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><suggestions xmlns="{SUGGESTIONS_NS}" exported={quoteattr(date)}>'
            + "".join(items) + "</suggestions>").encode("utf-8")


def _any_unit(document: Document, provision_id: str) -> Unit | None:
    """A unit for any provision id (a point inside a unit is anchored on its unit)."""
    for unit in document.units():
        if provision_id == unit.id or provision_id.startswith(unit.id + "/"):
            return unit
    return None


def _anchor_runs(unit: Unit, comment: Comment, source: SourceText, paragraphs: list):
    text = unit.text()
    if not text:
        return None
    start = comment.start if comment.start is not None else 0
    end = comment.end if comment.end is not None else _first_line_end(text)
    start, end = max(0, min(start, len(text) - 1)), max(1, min(end, len(text)))
    first = _source_position(unit, start, +1, end, source)
    last = _source_position(unit, end - 1, -1, start, source)
    if first is None or last is None:
        return None
    (p_first, off_first), (p_last, off_last) = first, last
    if (p_first, off_first) > (p_last, off_last):
        return None
    if p_first == p_last:
        runs = ooxml.isolate_runs(paragraphs[p_first], off_first, off_last + 1)
        return (runs[0], runs[-1]) if runs else None
    start_runs = ooxml.isolate_runs(paragraphs[p_first], off_first, len(ooxml.paragraph_text(paragraphs[p_first])))
    end_runs = ooxml.isolate_runs(paragraphs[p_last], 0, off_last + 1)
    if not start_runs or not end_runs:
        return None
    return start_runs[0], end_runs[-1]


def _first_line_end(text: str) -> int:
    cut = text.find("\n")
    return cut if cut > 0 else len(text)


def _source_position(unit: Unit, offset: int, step: int, limit: int, source: SourceText) -> tuple[int, int] | None:
    """(paragraph index, offset in its accepted text) of a character of the unit's text, moving
    by `step` towards `limit` past characters that have no source (list markers, line breaks)."""
    pos = offset
    while (step > 0 and pos <= limit) or (step < 0 and pos >= limit):
        located = unit.provision.locate(pos)
        if located is not None:
            block_index, block_offset = located
            block = source.blocks[block_index]
            for piece in block.pieces:
                if piece.offset <= block_offset < piece.offset + piece.length:
                    return piece.para, piece.source_offset + (block_offset - piece.offset)
        pos += step
    return None


# --- a clean rendering for drafts that were not .docx ---------------------------------------------------


def render_docx(source: SourceText, document: Document, comments: list[Comment]) -> bytes:
    """A .docx of the draft's paragraphs (for PDF, HTML and text drafts), with the comments."""
    word = docx.Document()
    word.core_properties.title = document.title
    right_to_left = document.language in RIGHT_TO_LEFT
    for block in source.blocks:
        if block.outline:
            paragraph = word.add_heading(block.display, level=min(block.outline, 9))
        else:
            paragraph = word.add_paragraph(block.text)
        if right_to_left:
            ooxml.set_right_to_left(paragraph._p)
    # The rendering has one paragraph per block and the label (if any) is not in the text
    # of headings... keep the mapping simple: re-read the rendering as the source.
    rendered = io.BytesIO()
    word.save(rendered)
    from drafting.ingest.docx_reader import read_docx

    rendered_bytes = rendered.getvalue()
    rendered_source = _align_blocks(source, read_docx(rendered_bytes, source.name + ".docx"))
    return annotate_docx(rendered_bytes, rendered_source, document, comments)


def _align_blocks(original: SourceText, rendered: SourceText) -> SourceText:
    """The original blocks, pointing at the paragraphs of the rendering (one per block, same text)."""
    blocks = []
    for i, block in enumerate(original.blocks):
        new = rendered.blocks[i] if i < len(rendered.blocks) else block
        offset = len(new.text) - len(block.text) if block.outline and new.text.endswith(block.text) else 0
        pieces = [type(p)(para=p.para, offset=0, length=len(block.text), source_offset=p.source_offset + offset) for p in new.pieces[:1]]
        blocks.append(type(block)(text=block.text, label=block.label, style=block.style, outline=block.outline, pieces=pieces))
    return SourceText(original.name, original.format, blocks, original.metadata, original.notes)
