"""A review in progress: the stored draft version, its comparison and its annotations.

The app and the CLI both go through these functions, so that what a reviewer sees on screen
and what a batch export writes come from the same code.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from drafting.compare import Comparison
from drafting.export.review_export import annotation_rows, review_comments
from drafting.export.tables import comparison_dict
from drafting.modelset import ModelSet, load_model
from drafting.pipeline import Draft, compare_draft, read_draft
from drafting.review import ReviewStore, Version


@dataclass
class ReviewSession:
    store: ReviewStore
    review_id: int
    version: Version
    draft: Draft
    model: ModelSet
    comparison: Comparison

    def annotations(self) -> list[dict]:
        return self.store.annotations(self.review_id, self.version.id)



def start_review(store: ReviewStore, draft: Draft, model: ModelSet, reviewer: str, title: str | None = None,
                 comparison: Comparison | None = None) -> ReviewSession:
    comparison = comparison or compare_draft(draft, model)
    ref = model.id if _is_bundled(model) else model.path
    review_id, version_id = store.create_review(title or draft.document.title or draft.name, ref, model.title, draft.name,
                                                draft.data, comparison_dict(comparison), reviewer)
    return ReviewSession(store, review_id, store.latest_version(review_id), draft, model, comparison)


def _is_bundled(model: ModelSet) -> bool:
    from drafting.modelset import bundled_models

    return model.id in bundled_models()


def open_review(store: ReviewStore, review_id: int) -> ReviewSession:
    review = store.review(review_id)
    version = store.latest_version(review_id)
    name, content, _ = store.version_content(version.id)
    draft = read_draft(content, name)
    model = load_model(review["model_ref"])
    return ReviewSession(store, review_id, version, draft, model, compare_draft(draft, model))


def add_draft_version(session: ReviewSession, draft: Draft, reviewer: str) -> tuple[ReviewSession, list[int]]:
    comparison = compare_draft(draft, session.model)
    version_id, carried = session.store.add_version(session.review_id, draft.name, draft.data, comparison_dict(comparison), reviewer)
    new = ReviewSession(session.store, session.review_id, session.store.latest_version(session.review_id), draft, session.model, comparison)
    return new, carried


def export_bytes(session: ReviewSession, kind: str, annotations: list[dict] | None = None) -> bytes:
    """One export of the review as bytes: docx (the draft, annotated), report, csv, xlsx or json.

    `annotations` defaults to those stored for the session's draft version.
    """
    annotations = session.annotations() if annotations is None else annotations
    c = session.comparison
    if kind == "docx":
        from drafting.export.word import annotate_docx, render_docx

        comments = review_comments(c, annotations)
        if session.draft.format == "docx":
            return annotate_docx(session.draft.data, session.draft.source, session.draft.document, comments)
        return render_docx(session.draft.source, session.draft.document, comments)
    if kind == "report":
        from drafting.export.report import report_docx

        review = session.store.review(session.review_id) if session.review_id else None
        return report_docx(c, annotations, review=review, version=session.version)
    if kind == "json":
        return json.dumps(comparison_dict(c, annotation_rows(annotations)), indent=2, ensure_ascii=False).encode("utf-8")
    if kind in ("csv", "xlsx"):
        import pandas as pd

        from drafting.export.tables import finding_rows

        rows = _with_decisions(finding_rows(c), annotations)
        buffer = io.BytesIO()
        if kind == "csv":
            pd.DataFrame(rows).to_csv(buffer, index=False)
        else:
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                pd.DataFrame(rows).to_excel(writer, sheet_name="Findings", index=False)
                pd.DataFrame(annotation_rows(annotations) or [{}]).to_excel(writer, sheet_name="Annotations", index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown export kind {kind!r}")


def _with_decisions(rows: list[dict], annotations: list[dict]) -> list[dict]:
    """Finding rows with the reviewers' decision and notes."""
    decisions: dict[str, dict] = {}
    for a in annotations:
        if a["target"] == "finding" and a["parent_id"] is None:
            d = decisions.setdefault(a["finding_id"], {"review_status": "", "review_notes": ""})
            d["review_status"] = a["status"]
            d["review_notes"] = (d["review_notes"] + f" {a['author']}: {a['text']}").strip()
    return [{**row, **decisions.get(row["finding_id"], {"review_status": "open", "review_notes": ""})} for row in rows]


def export_review(store: ReviewStore, review_id: int, outputs: dict[str, str]) -> dict[str, str]:
    """Write the requested exports of a review (kind -> path); never over the stored draft."""
    session = open_review(store, review_id)
    written = {}
    for kind, path in outputs.items():
        Path(path).write_bytes(export_bytes(session, kind))
        written[kind] = path
    return written
