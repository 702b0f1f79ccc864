"""The drafters' answer, brought into the review: the Word file we sent them, returned with
their replies and with some of our suggested changes accepted or rejected, uploaded as the next
version of the draft.

`receive_version` reads any new version; when the file is one of our exports it also

- imports every reply of the drafters (with their name and date) under the finding or comment
  it answers, on the version they answered;
- marks resolved the findings whose suggested change they accepted;
- notes, on the finding, each suggestion they rejected or rewrote (the reviewer decides what
  next), and leaves undecided suggestions out of the new version's text: a change nobody
  accepted is not yet the drafters' wording;
- imports the drafters' own new comments onto the new version, on the words they marked.

The reading of the file is `drafting.ingest.returned`; this module only decides where each
piece goes in the store. Nothing is overwritten: the reviewers' own comments and decisions
stay as they were, and importing the same answer twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.compare import Comparison, Finding
from drafting.ingest.guard import check_and_detect
from drafting.ingest.returned import ReturnedDraft, is_our_export, read_returned_docx, review_updates, without_pending_suggestions
from drafting.pipeline import read_draft
from drafting.review_session import ReviewSession, add_draft_version


@dataclass
class Answer:
    """What the drafters' returned file brought into the review, in words a reviewer reads."""

    name: str
    replies: int = 0  # replies imported under our comments
    comments: int = 0  # the drafters' own new comments
    resolved: list[str] = field(default_factory=list)  # findings whose suggested change was accepted
    rejected: list[str] = field(default_factory=list)  # suggestions the drafters rejected
    changed: list[str] = field(default_factory=list)  # suggestions whose words the drafters rewrote
    pending: int = 0  # suggestions still undecided (left out of the new version's text)
    marked_done: list[str] = field(default_factory=list)  # our comments the drafters marked resolved in Word


def receive_version(session: ReviewSession, data: bytes, name: str, reviewer: str) -> tuple[ReviewSession, list[int], Answer | None]:
    """Store `data` as the next version of the draft; if it is our export returned by the
    drafters, bring their answer in too. Returns the new session, the carried annotations and
    the answer (None for a plain new version)."""
    returned = _returned(data, name)
    if returned is None:
        new, carried = add_draft_version(session, read_draft(data, name), reviewer)
        return new, carried, None
    updates = review_updates(returned)  # read once: the answer, and the comments for the new version
    draft = read_draft(without_pending_suggestions(data, returned, name), name)
    answer = _import_answer(session, updates, name, reviewer)
    new, carried = add_draft_version(session, draft, reviewer)
    answer.comments = _import_new_comments(new, updates["comments"] + _unplaced(session, updates))
    return new, carried, answer


def _returned(data: bytes, name: str) -> ReturnedDraft | None:
    if check_and_detect(data, name) != "docx":
        return None
    returned = read_returned_docx(data, name)
    return returned if is_our_export(returned) else None


# --- on the version the drafters answered --------------------------------------------------------------------


def _import_answer(session: ReviewSession, updates: dict, name: str, reviewer: str) -> Answer:
    """`updates`: `review_updates` of the returned file."""
    store, review_id, version_id = session.store, session.review_id, session.version.id
    findings = _findings_by_id(session.comparison)
    threads = _finding_threads(session.annotations())
    answer = Answer(name, pending=len(updates["pending"]))

    def thread_of(finding_id: str, reply: dict | None = None, note: str = "") -> tuple[int, bool]:
        """The thread on a finding, and whether it was started just now: by the drafters' reply,
        or by the reviewer's `note`, when nobody had written on the finding yet."""
        if finding_id in threads:
            return threads[finding_id], False
        f = findings[finding_id]
        if reply is not None:
            threads[finding_id] = store.import_reply(review_id, version_id, None, reply["author"], reply["text"], reply["date"] or None,
                                                     finding_id=finding_id, model_id=f.model_id, draft_id=f.draft_id)
        else:
            threads[finding_id] = store.annotate(review_id, version_id, reviewer, note, target="finding", model_id=f.model_id,
                                                 draft_id=f.draft_id, finding_id=finding_id)
        return threads[finding_id], True

    for reply in updates["replies"]:
        fid = reply["finding_id"]
        if fid in findings:
            thread, started = thread_of(fid, reply=reply)
            if not started:
                store.import_reply(review_id, version_id, thread, reply["author"], reply["text"], reply["date"] or None)
            answer.replies += 1
        elif (parent := _comment_answered(session.annotations(), reply["in_reply_to"])) is not None:
            store.import_reply(review_id, version_id, parent, reply["author"], reply["text"], reply["date"] or None)
            answer.replies += 1
    for fid in updates["resolved"]:
        if fid not in findings:
            continue
        thread, _ = thread_of(fid, note=f"The drafters accepted the suggested change (in {name}).")
        store.set_status(thread, reviewer, "resolved")
        answer.resolved.append(describe(session.comparison, findings[fid]))
    for status, heard, out in (("rejected", "rejected", answer.rejected), ("changed", "rewrote the words of", answer.changed)):
        for change in updates[status]:
            fid = change["finding_id"]
            if fid not in findings:
                continue
            words = f"“{change['deleted']}” → “{change['inserted']}”" if change["deleted"] else f"“{change['inserted'][:120]}”"
            note = f"The drafters {heard} the suggested change {words} (in {name})."
            thread, started = thread_of(fid, note=note)
            if not started:
                store.annotate(review_id, version_id, reviewer, note, parent_id=thread)
            out.append(f"{describe(session.comparison, findings[fid])} — {words}")
    answer.marked_done = [describe(session.comparison, findings[fid]) for fid in updates["resolved_comments"]
                          if fid in findings and fid not in updates["resolved"]]
    return answer


def describe(c: Comparison, f: Finding) -> str:
    """A finding in one line: the model provision, and what differs."""
    pair = c.pair_for(f.model_id) if f.model_id else None
    where = pair.model.label if pair else next((n.unit.label for n in c.national_only if f in n.findings), f.draft_id)
    message = f.message if len(f.message) <= 140 else f.message[:137] + "…"
    return f"{where}: {message}"


def _findings_by_id(c: Comparison) -> dict[str, Finding]:
    return {f.id: f for f in c.findings()}


def _finding_threads(annotations: list[dict]) -> dict[str, int]:
    """The latest top-level annotation on each finding (where the drafters' replies go)."""
    out = {}
    for a in annotations:
        if a["parent_id"] is None and a["target"] == "finding" and a["finding_id"]:
            out[a["finding_id"]] = a["id"]
    return out


def _comment_answered(annotations: list[dict], first_line: str) -> int | None:
    """The reviewer's comment (not on a finding) whose words open the comment the drafters answered."""
    first_line = (first_line or "").strip()
    if not first_line:
        return None
    for a in reversed(annotations):
        if a["parent_id"] is None and a["text"] and first_line.startswith(a["text"].strip()[:60]):
            return a["id"]
    return None


def _unplaced(session: ReviewSession, updates: dict) -> list[dict]:
    """Replies whose comment is not in the review any more: kept as comments of their own."""
    findings = _findings_by_id(session.comparison)
    annotations = session.annotations()
    return [r for r in updates["replies"]
            if r["finding_id"] not in findings and _comment_answered(annotations, r["in_reply_to"]) is None]


# --- on the new version --------------------------------------------------------------------------------------


def _import_new_comments(session: ReviewSession, comments: list[dict]) -> int:
    """The drafters' own comments, on the provision of the new version that holds their words."""
    units = session.draft.document.units()
    if not units:
        return 0
    model_of = {u.id: pair.model.id for pair in session.comparison.pairs for u in pair.drafts}
    for c in comments:
        anchor = " ".join((c.get("anchor") or "").split())
        unit = next((u for u in units if anchor and anchor in " ".join(u.text().split())), None) or _most_alike(units, anchor)
        session.store.import_reply(session.review_id, session.version.id, None, c["author"], c["text"], c["date"] or None,
                                   model_id=model_of.get(unit.id, ""), draft_id=unit.id, quote=anchor)
    return len(comments)


def _most_alike(units, anchor: str):
    """The unit sharing most words with the commented words (the first unit when none does)."""
    words = set(anchor.lower().split())
    return max(units, key=lambda u: len(words & set(u.text().lower().split())), default=units[0])
