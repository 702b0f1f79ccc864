"""Exports of a review: the comparison plus what the reviewers decided and wrote.

Findings a reviewer rejected are left out of the Word comments; a reviewer's note on a finding
joins that finding's comment; notes on a pair, a provision or a span become comments of their
own, by their authors, with replies after them.
"""

from __future__ import annotations

from drafting.compare import Comparison
from drafting.export.word import Comment, comments_from_comparison, gap_anchors


def review_comments(c: Comparison, annotations: list[dict], tool_author: str = "Drafting assistant") -> list[Comment]:
    replies: dict[int, list[dict]] = {}
    for a in annotations:
        if a["parent_id"] is not None:
            replies.setdefault(a["parent_id"], []).append(a)
    top = [a for a in annotations if a["parent_id"] is None]
    rejected = {a["finding_id"] for a in top if a["target"] == "finding" and a["status"] == "rejected"}
    notes: dict[str, str] = {}
    for a in top:
        if a["target"] == "finding" and a["status"] != "rejected" and a["text"]:
            notes[a["finding_id"]] = (notes.get(a["finding_id"], "") + f" {a['author']}: {a['text']}").strip()
    accepted = {a["finding_id"] for a in top if a["target"] == "finding" and a["status"] in ("accepted", "resolved")}
    comments = comments_from_comparison(c, author=tool_author, initials="DA", notes=notes, skip=rejected, confirmed=accepted)
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
        comment = Comment(unit_id, start, end, f"{a['text']}{status}", a["author"], a.get("initials", ""))
        comment.replies = [Comment(unit_id, start, end, f"Reply from {r['author']}: {r['text']}", r["author"], r.get("initials", ""))
                           for r in replies.get(a["id"], [])]
        comments.append(comment)
    return comments


def annotation_rows(annotations: list[dict]) -> list[dict]:
    """Annotations as table rows (for CSV/XLSX/JSON)."""
    keep = ("id", "parent_id", "target", "model_id", "draft_id", "finding_id", "span_start", "span_end", "quote", "status",
            "text", "author", "created_at", "updated_at", "revision", "carried_from", "version_id")
    return [{k: a.get(k) for k in keep} for a in annotations]
