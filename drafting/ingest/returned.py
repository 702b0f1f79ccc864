"""The drafters' answer: a .docx we exported, returned with their replies and with some of our
tracked changes accepted or rejected.

`read_returned_docx` reads every comment (author, date, text, the words it is on) with the
comment it answers, and says for each change we suggested whether it is still pending,
accepted, rejected, or changed into something else. `review_updates` turns that into plain
data for the review: findings to mark resolved (their suggestion was accepted), suggestions
rejected, and the drafters' replies and new comments to import.

Threads come from `word/commentsExtended.xml` (Word); LibreOffice 7.x writes no thread links, so
a comment there answers the one it shares its words with (LibreOffice puts a reply on its
parent's words, and starts its text with "Reply to <author> (...)"). Our own comments are known
by the record the export leaves in the file (custom XML, see `drafting.export.word`) and by the
"Ref. f-…" line that names a finding. Our changes are recognised by their words and the
drafters' words around them, in the text as it reads with every remaining change accepted and
with every one rejected: both readings show our wording once it is accepted, neither once it is
rejected, and only the first while it is pending.

`without_pending_suggestions` takes our undecided changes out of the file before it is read as
the next version of the draft: a suggestion nobody accepted is not yet the drafters' text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field

from drafting import ooxml
from drafting.errors import DraftingError
from drafting.ingest.docx_reader import open_docx
from drafting.ingest.guard import check_and_detect

SUGGESTIONS_NS = "urn:drafting-assistant:suggestions:1"
REF = re.compile(r"Ref\.\s*(f-[0-9a-f]{12})")
LIBREOFFICE_REPLY = re.compile(r"^Reply to (?P<author>.+?) \([^)]*\):\s*(“[^”]*”|\"[^\"]*\")?\s*", re.S)
SUGGESTED = re.compile(r"Suggested change \(tracked in the text\): (?:“(?P<old>[^”]*)” → “(?P<new>[^”]*)”|insert “(?P<added>[^”]*)”)")  # the line Suggestion.describe writes


@dataclass
class ReturnedComment:
    id: int
    author: str
    initials: str
    date: str  # as the file gives it: "2026-12-05T09:30:00Z"
    text: str
    anchor: str  # the words it is on
    parent: int | None = None  # the comment it answers
    threaded_by: str = ""  # how the parent was found: "thread" | "record" | "reply text" | "same words"
    resolved: bool = False
    finding_id: str = ""  # the finding it is about (a reply: its thread's)
    ours: bool = False  # written by our export


@dataclass
class ChangeOutcome:
    """What became of one tracked change we suggested."""

    finding_id: str
    kind: str  # replace | insert | paragraphs
    author: str
    date: str
    deleted: str
    inserted: str
    status: str  # pending | accepted | rejected | changed (the words are neither ours nor theirs)


@dataclass
class ReturnedDraft:
    comments: list[ReturnedComment]
    changes: list[ChangeOutcome]
    pending: list[ooxml.ChangeData] = field(default_factory=list)  # every tracked change still in the file
    exported: str = ""  # when we exported it ("" when the file carries no record of ours)


def comment_key(text: str) -> str:
    """A comment's text, fingerprinted so that line breaks and spacing do not matter."""
    return hashlib.sha1(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def read_returned_docx(data: bytes, name: str = "the returned file") -> ReturnedDraft:
    """Comments, threads and the fate of our suggested changes in a returned Word file."""
    if check_and_detect(data, name) != "docx":
        raise DraftingError(f"{name} is not a Word document: upload the .docx the drafters sent back.")
    word = open_docx(data, name)
    record = ooxml.read_custom_xml(word, SUGGESTIONS_NS)
    comments = _comments(word, record)
    accepted = "\n" + _flat(ooxml.document_text(word.element, accepted=True))
    rejected = "\n" + _flat(ooxml.document_text(word.element, accepted=False))
    if record is not None:
        changes = [_outcome(el, accepted, rejected) for el in record.iter(f"{{{SUGGESTIONS_NS}}}change")]
    else:
        changes = _outcomes_from_comments(comments, accepted, rejected)
    exported = record.get("exported", "") if record is not None else ""
    return ReturnedDraft(comments, changes, ooxml.pending_changes(word.element), exported)


def is_our_export(returned: ReturnedDraft) -> bool:
    """Whether the file is one we exported (our record, or comments naming our findings)."""
    return bool(returned.exported or returned.changes or any(c.ours or c.finding_id for c in returned.comments))


def without_pending_suggestions(data: bytes, returned: ReturnedDraft, name: str = "the returned file") -> bytes:
    """The returned file with our suggestions the drafters have not decided on taken out again,
    so that the next version is read as the drafters' text, not as ours. Their own tracked
    changes stay (they are read as accepted, like any draft's)."""
    # Our marks still in the file are the undecided ones: accepting or rejecting a change removes its marks.
    stamps = {(c.author, c.date) for c in returned.changes}
    if not stamps:
        return data
    import io

    word = open_docx(data, name)
    if not ooxml.reject_changes(word.element, stamps):
        return data
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- comments and threads ------------------------------------------------------------------------------------


def _comments(word, record) -> list[ReturnedComment]:
    raw = ooxml.read_comments(word)
    threads = ooxml.read_comment_threads(word)
    positions = ooxml.comment_positions(word.element)
    paragraphs = [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(word.element)]
    out = []
    for c in raw:
        place = positions.get(c.id)
        entry = threads.get(c.para_id)
        ref = REF.search(c.text)
        out.append(ReturnedComment(c.id, c.author, c.initials, c.date, c.text, _words(paragraphs, place) if place else "",
                                   resolved=bool(entry and entry[1]), finding_id=ref.group(1) if ref else ""))
    by_id = {c.id: c for c in out}
    _link_by_threads(out, raw, threads)
    _link_ours(out, record)
    # Where the file keeps no thread links (LibreOffice), or a comment has none (Word gives
    # every comment one), a comment's place says what it answers.
    links = any(parent for parent, _ in threads.values())
    _link_by_place(out, positions, {c.id for c, data in zip(out, raw) if not links or data.para_id not in threads})
    for c in out:
        root = c
        seen = set()
        while root.parent is not None and root.parent in by_id and root.id not in seen:
            seen.add(root.id)
            root = by_id[root.parent]
        if not c.finding_id:
            c.finding_id = root.finding_id
    return sorted(out, key=lambda c: (positions.get(c.id, ((10**9, 0), (0, 0)))[0], c.date, c.id))


def _words(paragraphs: list[str], place) -> str:
    (p1, o1), (p2, o2) = place
    if p1 == p2:
        return paragraphs[p1][o1:o2]
    return "\n".join([paragraphs[p1][o1:]] + paragraphs[p1 + 1:p2] + [paragraphs[p2][:o2]])


def _link_by_threads(out: list[ReturnedComment], raw, threads: dict) -> None:
    by_para = {c.para_id: c.id for c in raw if c.para_id}
    for c, data in zip(out, raw):
        parent_para = threads.get(data.para_id, ("", False))[0]
        if parent_para and parent_para in by_para and by_para[parent_para] != c.id:
            c.parent, c.threaded_by = by_para[parent_para], "thread"


def _link_ours(out: list[ReturnedComment], record) -> None:
    """Our own comments, and the threads we exported them in (kept by our record)."""
    if record is None:
        return
    exported = [(el.get("author", ""), el.get("date", ""), el.get("key", ""), el.get("parent", ""))
                for el in record.iter(f"{{{SUGGESTIONS_NS}}}comment")]
    known = {(a, d, k): parent for a, d, k, parent in exported}
    by_key: dict[str, ReturnedComment] = {}
    for c in out:
        key = (c.author, c.date, comment_key(c.text))
        if key in known:
            c.ours = True
            by_key.setdefault(key[2], c)
    for c in out:
        parent_key = known.get((c.author, c.date, comment_key(c.text)))
        if parent_key and c.parent is None and parent_key in by_key:
            c.parent, c.threaded_by = by_key[parent_key].id, "record"


def _link_by_place(out: list[ReturnedComment], positions: dict, unlinked: set[int]) -> None:
    """A comment without a thread link (`unlinked`) answers the first comment on the same words:
    the one whose author its "Reply to" names, else the one that names a finding, else the oldest."""
    groups: dict[tuple, list[ReturnedComment]] = {}
    for c in out:
        if c.id in positions:
            groups.setdefault(positions[c.id], []).append(c)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: (c.date, c.id))
        root = next((c for c in group if c.finding_id and c.parent is None), group[0])
        for c in group:
            if c is root or c.id not in unlinked or c.parent is not None or c.ours or REF.search(c.text):
                continue
            named = LIBREOFFICE_REPLY.match(c.text)
            target = next((g for g in group if named and g.author == named.group("author") and g is not c), root)
            c.parent, c.threaded_by = target.id, ("reply text" if named else "same words")


# --- our changes -------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """Spacing made uniform, so that a change is found whatever the writer did with spaces."""
    return "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))


def _text(el, tag: str) -> str:
    found = el.find(f"{{{SUGGESTIONS_NS}}}{tag}")
    return found.text or "" if found is not None else ""


def _outcome(el, accepted: str, rejected: str) -> ChangeOutcome:
    kind = el.get("kind", "")
    before, deleted, inserted, after = (_text(el, t) for t in ("before", "deleted", "inserted", "after"))
    if kind == "paragraphs":
        lines = [_flat(line) for line in inserted.split("\n") if line.strip()]
        in_accepted = all(_has_line(accepted, line) for line in lines)
        in_rejected = all(_has_line(rejected, line) for line in lines)
        status = "accepted" if in_accepted and in_rejected else "pending" if in_accepted else \
            "rejected" if not any(_has_line(accepted, line) for line in lines) else "changed"
    else:
        status = _status(_flat(before + inserted + after), _flat(before + deleted + after), accepted, rejected)
    return ChangeOutcome(el.get("finding", ""), kind, el.get("author", ""), el.get("date", ""), deleted, inserted, status)


def _has_line(text: str, line: str) -> bool:
    return f"\n{line}\n" in f"\n{text}\n"


def _status(new: str, old: str, accepted: str, rejected: str) -> str:
    if new in accepted and new in rejected:
        return "accepted"
    if old in accepted and old in rejected:
        return "rejected"
    if new in accepted and old in rejected:
        return "pending"
    return "changed"


def _outcomes_from_comments(comments: list[ReturnedComment], accepted: str, rejected: str) -> list[ChangeOutcome]:
    """Without our record (a writer dropped it): each finding comment's "Suggested change" line
    and the words the comment is on."""
    out = []
    for c in comments:
        m = SUGGESTED.search(c.text)
        if not (m and c.finding_id and REF.search(c.text)):
            continue
        old, new = (m.group("old"), m.group("new")) if m.group("new") is not None else ("", m.group("added"))
        words = _flat(c.anchor)
        if new and new in words and old and old not in words:
            status = _status(new, old, accepted, rejected) if new not in rejected else "accepted"
        elif old and old in words:
            status = "rejected"
        else:
            status = "changed"
        out.append(ChangeOutcome(c.finding_id, "insert" if not old else "replace", c.author, c.date, old, new, status))
    return out


# --- what the review takes from it ---------------------------------------------------------------------------


def review_updates(returned: ReturnedDraft) -> dict:
    """Plain data for the review store: findings whose suggestion was accepted (to resolve),
    suggestions rejected, pending and changed, the drafters' replies to our comments (by
    finding, with author and date) and their new comments."""
    by_id = {c.id: c for c in returned.comments}
    replies, new_comments = [], []
    for c in returned.comments:
        if c.ours or (c.finding_id and c.parent is None and REF.search(c.text)):
            continue
        row = {"author": c.author, "initials": c.initials, "date": c.date, "text": _reply_text(c.text), "anchor": c.anchor,
               "resolved": c.resolved}
        if c.parent is not None:
            parent = by_id.get(c.parent)
            replies.append({**row, "finding_id": c.finding_id, "in_reply_to": parent.text.split("\n")[0] if parent else ""})
        else:
            new_comments.append(row)
    outcome = {status: [asdict(ch) for ch in returned.changes if ch.status == status] for status in ("rejected", "pending", "changed")}
    return {
        "exported": returned.exported,
        "resolved": [ch.finding_id for ch in returned.changes if ch.status == "accepted"],
        "rejected": outcome["rejected"],
        "pending": outcome["pending"],
        "changed": outcome["changed"],
        "replies": replies,
        "comments": new_comments,
        "resolved_comments": sorted({c.finding_id for c in returned.comments if c.resolved and c.finding_id}),
    }


def _reply_text(text: str) -> str:
    """A reply without the "Reply to <author> (<date>): "<quote>"" line LibreOffice puts first."""
    return LIBREOFFICE_REPLY.sub("", text, count=1).strip() or text
