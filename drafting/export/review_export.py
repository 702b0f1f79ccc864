"""Exports of a review: the comparison plus what the reviewers decided and wrote.

Findings a reviewer rejected are left out of the Word comments; a reviewer's note on a finding
joins that finding's comment, and replies to it are threaded under that comment; a finding the
reviewer accepted carries its suggested wording as a tracked change by that reviewer (their own
wording when they edited it: the annotation's `suggestion`); a resolved finding is a resolved
comment. Notes on a pair, a provision or a span become comments of their own, by their authors,
with replies after them.
"""

from __future__ import annotations

from drafting.compare import Comparison
from drafting.export.word import Comment, comments_from_comparison, gap_anchors, word_date


def review_comments(c: Comparison, annotations: list[dict], tool_author: str = "Drafting assistant",
                    suggest: bool = True) -> list[Comment]:
    """The Word comments of a review; with `suggest`, accepted findings bring their suggestions."""
    replies: dict[int, list[dict]] = {}
    for a in annotations:
        if a["parent_id"] is not None:
            replies.setdefault(a["parent_id"], []).append(a)
    top = [a for a in annotations if a["parent_id"] is None]
    on_findings = [a for a in top if a["target"] == "finding"]
    rejected = {a["finding_id"] for a in on_findings if a["status"] == "rejected"}
    notes: dict[str, str] = {}
    for a in on_findings:
        if a["status"] != "rejected" and a["text"]:
            notes[a["finding_id"]] = (notes.get(a["finding_id"], "") + f" {a['author']}: {a['text']}").strip()
    # Accepted findings bring their suggested wording, and so does any finding the reviewer
    # worded a suggestion for; the tracked change is by that reviewer.
    worded = {a["finding_id"]: a for a in on_findings if a["status"] != "rejected" and (a.get("suggestion") or "").strip()}
    accepted = {a["finding_id"]: a for a in on_findings if a["status"] == "accepted"}
    # A provisional finding goes to the drafters once a reviewer confirmed it (accepted,
    # resolved) or wrote on it (a note, a suggested wording).
    confirmed = {a["finding_id"] for a in on_findings if a["status"] in ("accepted", "resolved")} | set(worded)
    comments = comments_from_comparison(
        c, author=tool_author, initials="DA", notes=notes, skip=rejected, confirmed=confirmed,
        resolved={a["finding_id"] for a in on_findings if a["status"] == "resolved"},
        suggest=set(accepted) if suggest else set(),
        suggestions={fid: a["suggestion"] for fid, a in worded.items()} if suggest else None,
        suggestion_author={fid: a["author"] for fid, a in {**accepted, **worded}.items()})
    by_finding = {comment.finding_id: comment for comment in comments if comment.finding_id}
    for a in on_findings:
        if a["finding_id"] in by_finding:
            by_finding[a["finding_id"]].replies += _replies(replies.get(a["id"], []), by_finding[a["finding_id"]])
    units = {u.id: u for u in c.draft.units()}
    anchors = gap_anchors(c)
    for a in top:
        if a["target"] == "finding" or a["status"] == "rejected" or not a["text"]:
            continue
        unit_id = a["draft_id"]
        if not unit_id and a["model_id"]:
            pair = c.pair_for(a["model_id"])
            # a note on a missing provision sits where that provision belongs, as the gap finding does
            unit_id = pair.drafts[0].id if pair and pair.drafts else anchors.get(a["model_id"], "")
        if not unit_id or unit_id not in units:
            continue
        start = a["span_start"] if a["target"] == "span" else None
        end = a["span_end"] if a["target"] == "span" else None
        status = "" if a["status"] == "open" else f" [{a['status']}]"
        comment = Comment(unit_id, start, end, f"{a['text']}{status}", a["author"], a.get("initials", ""),
                          date=word_date(a.get("created_at")), resolved=a["status"] == "resolved")
        comment.replies = _replies(replies.get(a["id"], []), comment)
        comments.append(comment)
    return comments


def _replies(rows: list[dict], parent: Comment) -> list[Comment]:
    return [Comment(parent.unit_id, parent.start, parent.end, f"Reply from {r['author']}: {r['text']}", r["author"],
                    r.get("initials", ""), date=word_date(r.get("created_at"))) for r in rows if r["text"]]


def annotation_rows(annotations: list[dict]) -> list[dict]:
    """Annotations as table rows (for CSV/XLSX/JSON)."""
    keep = ("id", "parent_id", "target", "model_id", "draft_id", "finding_id", "span_start", "span_end", "quote", "status",
            "text", "author", "created_at", "updated_at", "revision", "carried_from", "version_id")
    return [{k: a.get(k) for k in keep} for a in annotations]
